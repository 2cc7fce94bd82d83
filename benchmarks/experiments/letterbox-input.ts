/**
 * One-off experiment behind docs/benchmarks.md ("Detection, network by network"): the time
 * `letterboxInput` takes to fit a 640x480 copy into each BlazeFace network's square (128 px short
 * range, 192 px full range), in Node's V8 on random pixels, 200 runs each; median and minimum in ms.
 * Run: npx tsx benchmarks/experiments/letterbox-input.ts
 */
import { FULL_RANGE, letterboxInput, SHORT_RANGE } from '../../lib/vision/blazeface';

const width = 640;
const height = 480;
const image = { data: Uint8ClampedArray.from({ length: width * height * 4 }, () => Math.random() * 255), width, height };
const results: Record<string, { medianMs: number; minMs: number }> = {};
for (const spec of [SHORT_RANGE, FULL_RANGE]) {
  const times: number[] = [];
  for (let run = 0; run < 200; run++) {
    const started = performance.now();
    letterboxInput(image, spec.inputSize);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  results[`${spec.inputSize} px`] = { medianMs: times[times.length >> 1], minMs: times[0] };
}
console.log(JSON.stringify(results, null, 1));
