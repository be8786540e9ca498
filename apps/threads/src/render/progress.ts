import { SingleBar } from 'cli-progress';
import type { CliIo } from '../io';

/** How far one phase of a long command is. */
export interface Progress<Phase extends string = string> {
  phase: Phase;
  /** Units handled so far in this phase. */
  done: number;
  /** Units this phase will handle. */
  total: number;
}

/** The words of one phase: `label` titles the bar ("Indexing"), `verb` starts a plain line ("indexed"). */
export interface PhaseWording {
  label: string;
  verb: string;
}

export interface ProgressReporter<Phase extends string = string> {
  update(progress: Progress<Phase>): void;
  stop(): void;
}

/**
 * A progress bar on stderr when it is a terminal; in a pipe or a log, plain
 * lines at each tenth of the work, so logs stay short and readable. stdout is
 * left to the result.
 */
export function progressReporter<Phase extends string>(
  io: CliIo,
  noun: string,
  phases: Record<Phase, PhaseWording>,
): ProgressReporter<Phase> {
  return io.stderr.isTTY ? barReporter(io, noun, phases) : lineReporter(io, noun, phases);
}

function barReporter<Phase extends string>(
  io: CliIo,
  noun: string,
  phases: Record<Phase, PhaseWording>,
): ProgressReporter<Phase> {
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
      const payload = { phase: phases[phase].label };
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

function lineReporter<Phase extends string>(
  io: CliIo,
  noun: string,
  phases: Record<Phase, PhaseWording>,
): ProgressReporter<Phase> {
  let last = '';
  return {
    update({ phase, done, total }) {
      // One line per tenth of each phase, and always its last.
      const step = total > 0 ? Math.floor((done / total) * 10) : 10;
      const key = `${phase}:${step}`;
      if (key === last) return;
      last = key;
      const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
      io.stderr.write(`${phases[phase].verb} ${done}/${total} ${noun} (${percent}%)\n`);
    },
    stop() {},
  };
}
