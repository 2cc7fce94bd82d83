import type { EvalImage } from './dataset';
import type { ImageOutcome } from './page-protocol';

/**
 * `npm run eval -- --dump-vectors FILE.csv`: one row per image, its id then the embedder's values
 * (6 decimals). An image with no vector (decode failure, no face, embedder error) keeps its row with
 * the reason in `error`, so a reader can tell "missing" from "never asked".
 */
export function formatVectorDump(images: readonly EvalImage[], outcomes: readonly ImageOutcome[]): string {
  if (images.length !== outcomes.length) throw new Error(`${images.length} images but ${outcomes.length} outcomes`);
  const width = outcomes.reduce((found, outcome) => found || (outcome.ok && outcome.embedding ? outcome.embedding.length : 0), 0);
  const header = ['id', 'error', ...Array.from({ length: width }, (_, i) => `v${i}`)];
  const rows = images.map((image, i) => {
    const outcome = outcomes[i];
    const id = quote(image.id);
    if (!outcome.ok) return [id, quote(outcome.error)];
    if (!outcome.embedding) return [id, quote(outcome.embedError ?? 'no face')];
    if (outcome.embedding.length !== width) throw new Error(`${image.id}: ${outcome.embedding.length} values, expected ${width}`);
    return [id, '', ...Array.from(outcome.embedding, (value) => value.toFixed(6))];
  });
  return [header, ...rows].map((row) => row.join(',')).join('\n') + '\n';
}

function quote(field: string): string {
  return /[",\n\r]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
