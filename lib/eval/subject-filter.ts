import type { EvalDataset } from './dataset';
import { DatasetError } from './dataset';

/**
 * Reads a subjects file: one subject id per line; blank lines and `#` comments ignored. Used to
 * score a dataset on the people a model never trained on.
 */
export function parseSubjectList(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line.length > 0);
}

/** The dataset restricted to the listed subjects; a listed subject the dataset lacks is an error. */
export function keepSubjects(dataset: EvalDataset, subjects: readonly string[], file: string): EvalDataset {
  const wanted = new Set(subjects);
  if (wanted.size === 0) throw new DatasetError(`${file}: lists no subjects`);
  const present = new Set(dataset.images.map((image) => image.subject));
  const missing = [...wanted].filter((subject) => !present.has(subject));
  if (missing.length > 0) throw new DatasetError(`${file}: subjects not in ${dataset.name}: ${missing.join(', ')}`);
  return { ...dataset, images: dataset.images.filter((image) => wanted.has(image.subject)) };
}
