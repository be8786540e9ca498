import { SingleBar } from 'cli-progress';
import type { CliIo } from '../io';
import type { IndexProgress } from '../store/store-opener';

export interface ProgressReporter {
  update(progress: IndexProgress): void;
  stop(): void;
}

/**
 * A progress bar on stderr when it is a terminal; in a pipe or a log, plain
 * lines at each tenth of the work (or every 1,000 items when the total is
 * unknown), so logs stay short and readable. stdout is left to the result.
 */
export function progressReporter(io: CliIo, noun: string): ProgressReporter {
  return io.stderr.isTTY ? barReporter(io, noun) : lineReporter(io, noun);
}

function barReporter(io: CliIo, noun: string): ProgressReporter {
  const bar = new SingleBar({
    stream: io.stderr as NodeJS.WritableStream as NodeJS.WriteStream,
    format: `Indexing {bar} {percentage}% | {value}/{total} ${noun} | {eta_formatted} left`,
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    clearOnComplete: false,
    etaBuffer: 50,
    noTTYOutput: false,
  });
  let started = false;
  return {
    update({ processed, total }) {
      const knownTotal = total ?? Math.max(processed, 1);
      if (!started) {
        bar.start(knownTotal, processed);
        started = true;
      } else {
        bar.setTotal(knownTotal);
        bar.update(processed);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function lineReporter(io: CliIo, noun: string): ProgressReporter {
  let lastStep = -1;
  let lastProcessed = -1;
  return {
    update({ processed, total }) {
      if (processed === lastProcessed) return;
      const step = total ? Math.floor((processed / Math.max(total, 1)) * 10) : Math.floor(processed / 1000);
      if (step === lastStep && processed !== total) return;
      lastStep = step;
      lastProcessed = processed;
      const of = total ? `/${total}` : '';
      const percent = total ? ` (${Math.floor((processed / Math.max(total, 1)) * 100)}%)` : '';
      io.stderr.write(`indexed ${processed}${of} ${noun}${percent}\n`);
    },
    stop() {},
  };
}
