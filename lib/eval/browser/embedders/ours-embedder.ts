import createExpressionEmbedder from '../../../embedding/expression-embedder';
import type { EvalEmbedder } from './eval-embedder';

/** The product's expression model, loaded exactly as the offscreen document loads it. */
export async function createOursEmbedder(wasmPath: string, modelUrl: string): Promise<EvalEmbedder> {
  const embedder = await createExpressionEmbedder({ modelUrl, wasmPath });
  return {
    version: embedder.modelVersion,
    embed: ({ aligned }) => ({ embedding: embedder.embed(aligned).embedding }),
    close: () => embedder.close(),
  };
}
