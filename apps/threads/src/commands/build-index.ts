import { Command } from 'commander';
import type { App } from '../app';
import type { CommandContext } from '../context';
import { writeJson, writeLine } from '../io';
import { progressReporter } from '../render/progress';
import { plural } from '../render/text';

const INDEX_PHASES = {
  scan: { label: 'Scanning', verb: 'scanned' },
  index: { label: 'Indexing', verb: 'indexed' },
};

interface IndexOptions {
  rebuild?: boolean;
}

export function indexCommand(app: App): Command {
  return new Command('index')
    .description("build or update the home's SQLite index, which makes list and search fast")
    .option('--rebuild', 'delete the index and build it again from the rollout files')
    .addHelpText(
      'after',
      `
The index (threadkit-state-1.sqlite in the home) is derived from the rollout
files: deleting it loses nothing. Other commands use it once it exists and read
the files otherwise; they never create it. Progress goes to stderr: a bar on a
terminal, plain lines in a pipe.`,
    )
    .action(async (options: IndexOptions, command: Command) => {
      await buildIndex(app.context(command), options);
    });
}

async function buildIndex(ctx: CommandContext, options: IndexOptions): Promise<void> {
  const started = performance.now();
  const reporter = ctx.json ? undefined : progressReporter(ctx.io, 'rollouts', INDEX_PHASES);
  let scanned = 0;
  let read = 0;
  let rebuilt = options.rebuild === true;
  try {
    await ctx.openStore('index', {
      rebuildIndex: options.rebuild === true,
      onIndexProgress: (progress) => {
        if (progress.phase === 'scan') scanned = progress.total;
        else read = progress.done;
        rebuilt ||= progress.rebuild;
        reporter?.update(progress);
      },
    });
  } finally {
    reporter?.stop();
  }
  const durationMs = Math.round(performance.now() - started);
  if (ctx.json) {
    writeJson(ctx.io.stdout, { home: ctx.home, rollouts: scanned, indexed: read, rebuilt, durationMs });
    return;
  }
  const seconds = (durationMs / 1000).toFixed(1);
  const what =
    read === 0
      ? `${plural(scanned, 'rollout')}, the index was up to date`
      : `${plural(scanned, 'rollout')}, ${read} read into the index`;
  writeLine(ctx.io.stdout, `${rebuilt ? 'Built' : 'Updated'} the index of ${ctx.home}: ${what} (${seconds} s).`);
}
