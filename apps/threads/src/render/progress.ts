import { SingleBar } from 'cli-progress';
import type { CliIo } from '../io';
import type { IndexProgress } from '../store/store-opener';

export interface ProgressReporter {
  update(progress: IndexProgress): void;
  stop(): void;
}

/**
 * A progress bar on stderr when it is a terminal; in a pipe or a log, plain
 * lines at each tenth of the work, so logs stay short and readable. stdout is
 * left to the result.
 */
export function progressReporter(io: CliIo, noun: string): ProgressReporter {
  return io.stderr.isTTY ? barReporter(io, noun) : lineReporter(io, noun);
}

const PHASE_LABELS: Record<IndexProgress['phase'], string> = { scan: 'Scanning', index: 'Indexing' };

function barReporter(io: CliIo, noun: string): ProgressReporter {
  const bar = new SingleBar({
    stream: io.stderr as NodeJS.WritableStream as NodeJS.WriteStream,
    format: `{phase} {bar} {percentage}% | {value}/{total} ${noun} | {eta_formatted} left`,
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    clearOnComplete: false,
    etaBuffer: 50,
    noTTYOutput: false,
  });
  let started = false;
  return {
    update({ phase, done, total }) {
      const payload = { phase: PHASE_LABELS[phase] };
      if (!started) {
        bar.start(Math.max(total, 1), done, payload);
        started = true;
      } else {
        bar.setTotal(Math.max(total, 1));
        bar.update(done, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

const PHASE_VERBS: Record<IndexProgress['phase'], string> = { scan: 'scanned', index: 'indexed' };

function lineReporter(io: CliIo, noun: string): ProgressReporter {
  let last = '';
  return {
    update({ phase, done, total }) {
      // One line per tenth of each phase, and always its last.
      const step = total > 0 ? Math.floor((done / total) * 10) : 10;
      const key = `${phase}:${step}`;
      if (key === last) return;
      last = key;
      const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
      io.stderr.write(`${PHASE_VERBS[phase]} ${done}/${total} ${noun} (${percent}%)\n`);
    },
    stop() {},
  };
}
