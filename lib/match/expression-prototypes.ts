import expressionModel from '../../models/expression-embedder.json';
import measured from './expression-prototypes.json';

/** scripts/expression-prototypes.ts's table: per model class, the mean embedding of faces labelled so. */
export interface ExpressionPrototypes {
  modelVersion: string;
  classes: Partial<Record<string, { faces: number; people: number; vector: number[] }>>;
}

/**
 * The model classes a meme can be taught by word, in the model's order: those the table has a
 * measured vector for, and none when the table was measured on another model (whose embedding
 * space it does not describe).
 */
export function teachableWords(modelVersion: string = expressionModel.version, table: ExpressionPrototypes = measured): string[] {
  if (table.modelVersion !== modelVersion) return [];
  return expressionModel.classes.filter((word) => table.classes[word] !== undefined);
}

/** The embedding a word stands for under `modelVersion`, or undefined where none was measured. */
export function wordEmbedding(word: string, modelVersion: string, table: ExpressionPrototypes = measured): Float32Array | undefined {
  if (table.modelVersion !== modelVersion) return undefined;
  const vector = table.classes[word]?.vector;
  return vector ? Float32Array.from(vector) : undefined;
}

/** The word as probabilities: all on its class, as the user said it. */
export function wordProbabilities(word: string, classes: readonly string[] = expressionModel.classes): Float32Array {
  return Float32Array.from(classes, (name) => (name === word ? 1 : 0));
}
