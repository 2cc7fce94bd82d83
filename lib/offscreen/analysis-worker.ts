// First, before tfjs-tflite is evaluated: it would pick its threaded wasm (see the module).
import './worker-single-threaded';
import * as v from 'valibot';
import { analyseWithModels } from '../library/analyse-image';
import type { AnalyseImage } from '../library/ingest-meme';
import { AnalysisRequestSchema, type AnalysisAssets, type AnalysisReply } from '../messaging/analysis-protocol';
import { closeNetwork } from './close-network';
import { loadVisionModels } from './vision-models';

/**
 * The analysis worker: decodes library images and runs both face detectors and the expression
 * model on them, on a thread of its own. The extension's pages share one renderer thread, so
 * ingest done in the offscreen document took turns with the options page and the live popup
 * (issue 25); here it overlaps with them and with IndexedDB.
 */

/** The parts of a dedicated worker's global scope used here (the DOM typings describe windows). */
interface WorkerScope {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: AnalysisReply, transfer: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;
let analyse: Promise<{ analyse: AnalyseImage; modelVersion: string }> | undefined;

async function load(assets: AnalysisAssets) {
  // Every model now: the worker's network is closed once they are in.
  const models = await loadVisionModels(assets, { loadFullRangeNow: true });
  return { analyse: analyseWithModels(models), modelVersion: models.embedder.modelVersion };
}

const reply = (message: AnalysisReply, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

scope.onmessage = async (event: MessageEvent) => {
  const parsed = v.safeParse(AnalysisRequestSchema, event.data);
  if (!parsed.success) return console.error('Meme Mirror analysis worker: refused a malformed message', v.summarize(parsed.issues));
  const request = parsed.output;
  if (request.type === 'load') {
    analyse ??= load(request.assets);
    try {
      const { modelVersion } = await analyse;
      closeNetwork(scope);
      reply({ type: 'loaded', modelVersion });
    } catch (error) {
      analyse = undefined;
      reply({ type: 'load-failed', error: errorText(error) });
    }
    return;
  }
  try {
    if (!analyse) throw new Error('The analysis worker was asked to analyse before loading its models');
    const analysis = await (await analyse).analyse(request.blob, request.mime);
    const buffers = analysis.ok ? analysis.faces.flatMap((face) => [face.embedding.buffer, face.probabilities.buffer]) : [];
    reply({ type: 'analysed', id: request.id, analysis }, buffers);
  } catch (error) {
    reply({ type: 'failed', id: request.id, error: errorText(error) });
  }
};
