import type { MessageKey } from '../i18n';

/** i18n keys for the model's classes (models/expression-embedder.json `classes`), in its order. */
const CLASS_WORDS: Record<string, MessageKey> = {
  neutral: 'exprNeutral',
  happiness: 'exprHappiness',
  surprise: 'exprSurprise',
  sadness: 'exprSadness',
  anger: 'exprAnger',
  disgust: 'exprDisgust',
  fear: 'exprFear',
  contempt: 'exprContempt',
};

/** The most likely expression as an i18n key, or undefined without probabilities. */
export function topExpression(probabilities: readonly number[] | undefined, classes: readonly string[]): MessageKey | undefined {
  if (!probabilities?.length) return undefined;
  let best = 0;
  for (let i = 1; i < probabilities.length; i++) if (probabilities[i] > probabilities[best]) best = i;
  return CLASS_WORDS[classes[best]];
}

/** Cosine similarity in [-1, 1] as the percentage people read: 0% opposite, 100% identical. */
export function similarityPercent(score: number): number {
  return Math.round(Math.max(0, Math.min(1, (score + 1) / 2)) * 100);
}
