/**
 * Progress on stderr: a redrawn bar on a terminal; in logs and CI (no TTY), one line per tenth,
 * so a long FER+ run still shows that it moves.
 */
export function createProgress(label: string, total: number): { tick(done: number): void; end(): void } {
  const stream = process.stderr;
  const started = Date.now();
  const seconds = () => (Date.now() - started) / 1000;
  if (total === 0) return { tick() {}, end() {} };
  if (!stream.isTTY) {
    let nextTenth = 1;
    return {
      tick(done) {
        if (done < (nextTenth * total) / 10) return;
        nextTenth = Math.floor((done * 10) / total) + 1;
        stream.write(`${label}: ${done}/${total} after ${seconds().toFixed(0)} s\n`);
      },
      end() {},
    };
  }
  let lastDrawn = 0;
  return {
    tick(done) {
      // Redrawing at most ~10 times a second keeps the terminal cheap.
      if (Date.now() - lastDrawn < 100 && done < total) return;
      lastDrawn = Date.now();
      const width = 30;
      const filled = Math.round((done / total) * width);
      const eta = done > 0 ? Math.round((seconds() / done) * (total - done)) : 0;
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${seconds().toFixed(0)}s, ~${eta}s left `);
    },
    end() {
      stream.write('\n');
    },
  };
}
