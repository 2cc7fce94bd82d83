/** A one-line progress bar on a terminal's stderr; silent when stderr is not a TTY (CI, pipes). */
export function createProgress(label: string, total: number): { tick(done: number): void; end(): void } {
  const stream = process.stderr;
  const started = Date.now();
  if (!stream.isTTY || total === 0) return { tick() {}, end() {} };
  let lastDrawn = 0;
  const draw = (done: number) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    const seconds = (Date.now() - started) / 1000;
    const eta = done > 0 ? Math.round((seconds / done) * (total - done)) : 0;
    stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${seconds.toFixed(0)}s, ~${eta}s left `);
  };
  return {
    tick(done) {
      // Redrawing at most ~10 times a second keeps the terminal cheap.
      if (Date.now() - lastDrawn < 100 && done < total) return;
      lastDrawn = Date.now();
      draw(done);
    },
    end() {
      stream.write('\n');
    },
  };
}
