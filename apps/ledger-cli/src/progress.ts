import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * Progress of a long run on stderr, so stdout stays the result: a bar on a terminal, otherwise
 * a line every `everyMs` (none at all for runs shorter than that).
 */
export function progressOnStderr(what: string, everyMs = 5000): Progress {
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      { stream: process.stderr, format: `${what} {bar} {percentage}% | {value}/{total} | {eta_formatted} left`, hideCursor: true, etaBuffer: 50 },
      Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total) {
        if (!started) bar.start(total, 0);
        started = true;
        bar.update(done);
      },
      stop: () => started && bar.stop(),
    };
  }
  let next = Date.now() + everyMs;
  return {
    update(done, total) {
      if (Date.now() < next) return;
      next = Date.now() + everyMs;
      process.stderr.write(
        `${what}: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} (${Math.floor((100 * done) / Math.max(total, 1))}%)\n`,
      );
    },
    stop: () => undefined,
  };
}
