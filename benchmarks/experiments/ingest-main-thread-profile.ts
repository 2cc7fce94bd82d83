/**
 * Experiment: what runs on the extension renderer's main thread during a memegen import (the
 * options page and the offscreen document share it; the analysis worker is not in it). Imports the
 * folder through the options page with V8's sampling profiler on (DevTools protocol, 1 ms samples)
 * and prints the functions with the most self time, in ms an image, grouped by script.
 * Run: npx tsx benchmarks/experiments/ingest-main-thread-profile.ts [functions shown, default 25]
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuiltExtension, launchExtension } from '../../tests/e2e/fixtures';
import { MEMEGEN } from '../../tests/e2e/library-fixtures';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const shown = Number(process.argv[2] ?? 25);
ensureBuiltExtension();
const images = readdirSync(join(MEMEGEN, 'images')).filter((name) => /\.(jpe?g|png|gif)$/i.test(name));
const files = [...readdirSync(MEMEGEN).filter((name) => !name.startsWith('.') && name !== 'images').map((name) => join(MEMEGEN, name)), ...readdirSync(join(MEMEGEN, 'images')).map((name) => join(MEMEGEN, 'images', name))];
const extension = await launchExtension();
try {
  const page = await extension.context.newPage();
  await page.goto(extension.url('options.html'));
  await page.getByTestId('library-summary').waitFor();
  const devtools = await extension.context.newCDPSession(page);
  await devtools.send('Profiler.enable');
  await devtools.send('Profiler.setSamplingInterval', { interval: 1000 });
  await devtools.send('Profiler.start');
  const started = performance.now();
  await page.getByTestId('import-files').setInputFiles(files, { timeout: 120_000 });
  await page.getByTestId('import-summary').waitFor({ timeout: 300_000 });
  const seconds = (performance.now() - started) / 1000;
  const { profile } = (await devtools.send('Profiler.stop')) as unknown as { profile: Profile };
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, n) => {
    const ms = (profile.timeDeltas[n + 1] ?? 0) / 1000;
    const { functionName, url, lineNumber } = byNode.get(id)!.callFrame;
    total += ms;
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop() ?? ''}:${lineNumber + 1}`;
    selfMs.set(key, (selfMs.get(key) ?? 0) + ms);
  });
  const perImage = (ms: number) => Math.round((ms / images.length) * 100) / 100;
  const idle = [...selfMs].filter(([key]) => key.startsWith('(idle)')).reduce((sum, [, ms]) => sum + ms, 0);
  console.log(JSON.stringify({ images: images.length, seconds: Math.round(seconds * 10) / 10, busyMsPerImage: perImage(total - idle), idleMsPerImage: perImage(idle) }));
  for (const [key, ms] of [...selfMs].filter(([key]) => !key.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, shown)) console.log(perImage(ms).toFixed(2).padStart(7), key);
} finally {
  await extension.close();
}
