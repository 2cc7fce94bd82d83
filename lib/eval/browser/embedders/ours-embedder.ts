import type { EvalEmbedder } from './eval-embedder';

/** The product embedder (lib/embedding) has not landed yet; the CLI reports it as not available. */
export async function createOursEmbedder(_wasmPath: string, _modelUrl: string): Promise<EvalEmbedder> {
  throw new Error('the product embedder (lib/embedding) is not available yet');
}
