// grade-all's progress: a live bar on a terminal (cli-progress), one plain line per submission otherwise (CI logs).
import cliProgress from 'cli-progress';
import type { ProgressEvent } from './grade-all.js';

export interface Progress {
  update(e: ProgressEvent): void;
  stop(): void;
}

function line(e: ProgressEvent): string | null {
  if (e.result === null) return `${e.done}/${e.total} already graded`;
  const r = e.result;
  const what = r.status === 'error' ? `grader error: ${r.error}` : r.compile === 'error' ? 'does not compile' : `${r.score}/${r.maxScore}`;
  return `[${e.done}/${e.total}] ${r.student}: ${what} (${(r.wallMs / 1000).toFixed(1)}s)`;
}

export function createProgress(tty: boolean, write: (s: string) => void): Progress {
  if (!tty) {
    return {
      update: (e) => {
        const l = line(e);
        if (l !== null) write(l + '\n');
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: 'grading [{bar}] {value}/{total} · failures {failures} · ETA {eta_formatted} · {last}', hideCursor: true, etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (e) => {
      if (!started) {
        bar.start(e.total, e.done, { failures: e.failed, last: '' });
        started = true;
      }
      bar.update(e.done, { failures: e.failed, last: e.result === null ? '' : `${e.result.student} ${e.result.score}/${e.result.maxScore}` });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
