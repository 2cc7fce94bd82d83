import type { Page } from 'playwright-core';
import { FRAME_MEASURE } from '../../lib/vision/live-faces';
import { summarize } from '../stats';

/**
 * A running popup's matched frames over `ms`, read from its own per-frame measures
 * (FRAME_MEASURE): frame → top 3 and answers a second, as the experiments beside it report them.
 */
export async function watchPopupFrames(popup: Page, ms: number) {
  const frames = await popup.evaluate(
    async ({ ms, name }) => {
      const seen: number[] = [];
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntriesByName(name)) if ((entry as PerformanceMeasure).detail?.match) seen.push(entry.duration);
      });
      observer.observe({ type: 'measure' });
      await new Promise((resolve) => setTimeout(resolve, ms));
      observer.disconnect();
      return seen;
    },
    { ms, name: FRAME_MEASURE },
  );
  return { frameToTop3Ms: summarize(frames), answersPerSecond: Math.round((frames.length / (ms / 1000)) * 10) / 10 };
}
