/**
 * Progress on stderr: a live counter on a terminal; in CI logs, one line every few seconds and
 * only when the run is long, so short runs stay quiet.
 */
export function progressReporter(label: string, stream: NodeJS.WriteStream = process.stderr, everyMs = 5000) {
  const tty = stream.isTTY === true;
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    tick(done: number, total: number) {
      const now = Date.now();
      if (tty) {
        if (now - last < 80 && done !== total) return;
        last = now;
        stream.write(`\r${label} ${done}/${total} files`);
        shown = true;
      } else if (now - started >= everyMs && now - last >= everyMs) {
        last = now;
        stream.write(`${label} ${done}/${total} files (${Math.round((now - started) / 1000)} s)\n`);
      }
    },
    done() {
      if (tty && shown) stream.write('\r\x1b[K');
    },
  };
}
