import { afterEach, expect, test, vi } from 'vitest';
import { startAnalysisWorker } from '@/lib/offscreen/analysis-client';
import { closeNetwork, NETWORK_APIS } from '@/lib/offscreen/close-network';
import type { AnalysisRequest } from '@/lib/messaging/analysis-protocol';

const assets = { tfliteWasm: '/generated/tflite/', faceDetectorModel: 'a', faceDetectorFullRangeModel: 'b', expressionModel: 'c' };

/** Stands in for the analysis worker: records what it is sent; the test answers for it. */
class FakeWorker {
  static last: FakeWorker;
  sent: AnalysisRequest[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  constructor(readonly url: string) {
    FakeWorker.last = this;
  }
  postMessage(message: AnalysisRequest) {
    this.sent.push(message);
  }
  terminate() {
    this.terminated = true;
  }
  answer(data: unknown) {
    this.onmessage?.({ data } as MessageEvent);
  }
}

afterEach(() => vi.unstubAllGlobals());

test('loads the models, then each image goes out as a Blob and its analysis comes back to its own request', async () => {
  vi.stubGlobal('Worker', FakeWorker);
  const starting = startAnalysisWorker(assets);
  const worker = FakeWorker.last;
  expect(worker.sent).toEqual([{ type: 'load', assets }]);
  worker.answer({ type: 'loaded', modelVersion: 'model-a' });
  const analyser = await starting;
  expect(analyser.modelVersion).toBe('model-a');

  const blob = new Blob(['x'], { type: 'image/png' });
  const first = analyser.analyse(blob, 'image/png');
  const second = analyser.analyse(blob, 'image/gif');
  expect(worker.sent.slice(1)).toEqual([
    { type: 'analyse', id: 1, blob, mime: 'image/png' },
    { type: 'analyse', id: 2, blob, mime: 'image/gif' },
  ]);
  const face = { box: { x: 1, y: 2, width: 3, height: 4, score: 0.9 }, keypoints: [{ x: 1, y: 1 }], embedding: new Float32Array(64), probabilities: new Float32Array(8) };
  worker.answer({ type: 'analysed', id: 2, analysis: { ok: false, reason: 'decode-failed', detail: 'bad' } });
  worker.answer({ type: 'analysed', id: 1, analysis: { ok: true, width: 10, height: 20, faces: [face] } });
  expect(await first).toEqual({ ok: true, width: 10, height: 20, faces: [face] });
  expect(await second).toEqual({ ok: false, reason: 'decode-failed', detail: 'bad' });

  // The library page's thumbnail comes back as a Blob beside the faces.
  const third = analyser.analyse(blob, 'image/jpeg');
  const thumbnail = new Blob(['small'], { type: 'image/jpeg' });
  worker.answer({ type: 'analysed', id: 3, analysis: { ok: true, width: 10, height: 20, faces: [], thumbnail } });
  expect(await third).toEqual({ ok: true, width: 10, height: 20, faces: [], thumbnail });
});

test('a malformed reply is refused, a failed image rejects alone, and a worker that dies refuses what it held and says so', async () => {
  vi.stubGlobal('Worker', FakeWorker);
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const stopped = vi.fn();
  const starting = startAnalysisWorker(assets, stopped);
  const worker = FakeWorker.last;
  worker.answer({ type: 'loaded', modelVersion: 'model-a' });
  const analyser = await starting;
  const blob = new Blob(['x']);

  const broken = analyser.analyse(blob, 'image/png');
  worker.answer({ type: 'analysed', id: 1, analysis: { ok: true, width: 'wide', faces: [] } });
  expect(error).toHaveBeenCalledWith(expect.stringContaining('malformed reply'), expect.any(String));
  worker.answer({ type: 'failed', id: 1, error: 'model crashed' });
  await expect(broken).rejects.toThrow('model crashed');

  const held = analyser.analyse(blob, 'image/png');
  worker.onerror?.({ message: 'out of memory' } as ErrorEvent);
  await expect(held).rejects.toThrow('out of memory');
  expect(worker.terminated).toBe(true);
  expect(stopped).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringContaining('out of memory') }));
  await expect(analyser.analyse(blob, 'image/png')).rejects.toThrow('stopped');
});

test('models that cannot load reject the start, so the caller analyses on its own thread', async () => {
  vi.stubGlobal('Worker', FakeWorker);
  const starting = startAnalysisWorker(assets);
  FakeWorker.last.answer({ type: 'load-failed', error: 'no wasm' });
  await expect(starting).rejects.toThrow('no wasm');
  expect(FakeWorker.last.terminated).toBe(true);
});

test("the worker's ways out are gone once its models are in: own or inherited, and cannot be put back", () => {
  const inherited = { importScripts: () => 'loaded', WebSocket: class {} };
  const scope = Object.assign(Object.create(inherited) as Record<string, unknown>, { fetch: () => 'sent', XMLHttpRequest: class {}, EventSource: class {}, postMessage: () => 'kept' });
  closeNetwork(scope);
  for (const api of NETWORK_APIS) expect(scope[api], api).toBeUndefined();
  expect(() => Object.assign(scope, { fetch: () => 'sent again' })).toThrow();
  expect(typeof scope.postMessage).toBe('function');
});
