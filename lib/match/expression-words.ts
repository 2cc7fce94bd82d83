import type { MessageKey } from '../i18n';
import { sameExpressionRate, type MatchCalibration } from './match-calibration';
import calibration from './match-calibration.json';
import expressionModel from '../../models/expression-embedder.json';

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

/** A model class's word as an i18n key ("surprise" → exprSurprise), or undefined for an unknown class. */
export function classWord(name: string): MessageKey | undefined {
  return CLASS_WORDS[name];
}

/** The most likely expression as an i18n key, or undefined without probabilities. */
export function topExpression(probabilities: readonly number[] | undefined, classes: readonly string[]): MessageKey | undefined {
  if (!probabilities?.length) return undefined;
  let best = 0;
  for (let i = 1; i < probabilities.length; i++) if (probabilities[i] > probabilities[best]) best = i;
  return CLASS_WORDS[classes[best]];
}

/**
 * How often a match this close shows the same expression, in percent, from the measured table
 * (scripts/calibrate-match.ts); undefined when the table was measured on another model, whose
 * scores mean something else: no figure rather than a wrong one.
 */
export function sameExpressionPercent(score: number, table: MatchCalibration = calibration, modelVersion = expressionModel.version): number | undefined {
  if (table.modelVersion !== modelVersion) return undefined;
  return Math.round(sameExpressionRate(table.points, score) * 100);
}
