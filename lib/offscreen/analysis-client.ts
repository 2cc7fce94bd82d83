import * as v from 'valibot';
// Built by Vite as a script of its own (a classic worker: tfjs-tflite loads its glue with importScripts).
import analysisWorkerUrl from './analysis-worker?worker&url';
import type { AnalyseImage, ImageAnalysis } from '../library/ingest-meme';
import { AnalysisReplySchema, type AnalysisAssets, type AnalysisRequest } from '../messaging/analysis-protocol';

export interface AnalysisWorker {
  analyse: AnalyseImage;
  modelVersion: string;
  /** Ends the worker; analyses still waiting are refused. */
  close(): void;
}

interface Waiting {
  resolve(analysis: ImageAnalysis): void;
  reject(error: Error): void;
}

/**
 * Starts the analysis worker (lib/offscreen/analysis-worker.ts) and waits until its models are
 * loaded. Rejects when they cannot be (the caller then analyses on its own thread). `onStopped`
 * hears of a worker that dies later: what it was analysing is refused, and a new one may be started.
 */
export function startAnalysisWorker(assets: AnalysisAssets, onStopped: (error: Error) => void = () => undefined): Promise<AnalysisWorker> {
  const worker = new Worker(analysisWorkerUrl, { name: 'meme-mirror-analysis' });
  const send = (request: AnalysisRequest, transfer: Transferable[] = []) => worker.postMessage(request, transfer);
  const waiting = new Map<number, Waiting>();
  let nextId = 1;
  let loaded: { resolve(modelVersion: string): void; reject(error: Error): void } | undefined;
  let stopped = false;

  const stop = (error: Error) => {
    if (stopped) return;
    stopped = true;
    worker.terminate();
    loaded?.reject(error);
    waiting.forEach((entry) => entry.reject(error));
    waiting.clear();
    onStopped(error);
  };

  worker.onmessage = (event: MessageEvent) => {
    const parsed = v.safeParse(AnalysisReplySchema, event.data);
    if (!parsed.success) return console.error('Meme Mirror: refused a malformed reply from the analysis worker', v.summarize(parsed.issues));
    const reply = parsed.output;
    if (reply.type === 'loaded') return loaded?.resolve(reply.modelVersion);
    if (reply.type === 'load-failed') return stop(new Error(`The analysis worker could not load its models: ${reply.error}`));
    const entry = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (reply.type === 'analysed') entry?.resolve(reply.analysis);
    else entry?.reject(new Error(reply.error));
  };
  worker.onerror = (event) => stop(new Error(`The analysis worker stopped: ${event.message || 'no reason given'}`));

  return new Promise<string>((resolve, reject) => {
    loaded = { resolve, reject };
    send({ type: 'load', assets });
  }).then((modelVersion) => ({
    modelVersion,
    analyse: (blob, mime) =>
      new Promise<ImageAnalysis>((resolve, reject) => {
        if (stopped) return reject(new Error('The analysis worker has stopped'));
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        send({ type: 'analyse', id, blob, mime });
      }),
    close: () => stop(new Error('The analysis worker was closed')),
  }));
}
