import { Command } from 'commander';
import type { App } from '../app';
import type { CommandContext } from '../context';
import { writeJson, writeLine } from '../io';
import { progressReporter } from '../render/progress';
import type { IndexProgress } from '../store/store-opener';
import { plural } from '../render/text';

interface IndexOptions {
  rebuild?: boolean;
}

export function indexCommand(app: App): Command {
  return new Command('index')
    .description("build or update the home's SQLite index, which makes list and search fast")
    .option('--rebuild', 'rebuild the index from the rollout files instead of updating it')
    .addHelpText(
      'after',
      `
The index (threadkit-state-1.sqlite in the home) is derived from the rollout
files: deleting it loses nothing. Other commands use it once it exists and scan
the files otherwise; they never create it. Progress goes to stderr: a bar on a
terminal, plain lines in a pipe.`,
    )
    .action(async (options: IndexOptions, command: Command) => {
      await buildIndex(app.context(command), options);
    });
}

async function buildIndex(ctx: CommandContext, options: IndexOptions): Promise<void> {
  const started = performance.now();
  const reporter = ctx.json ? undefined : progressReporter(ctx.io, 'rollouts');
  let last: IndexProgress | undefined;
  try {
    await ctx.openStore('index', {
      rebuildIndex: options.rebuild === true,
      onIndexProgress: (progress) => {
        last = progress;
        reporter?.update(progress);
      },
    });
  } finally {
    reporter?.stop();
  }
  const durationMs = Math.round(performance.now() - started);
  const rollouts = last?.processed ?? 0;
  if (ctx.json) {
    writeJson(ctx.io.stdout, { home: ctx.home, rollouts, rebuilt: options.rebuild === true, durationMs });
    return;
  }
  const verb = options.rebuild ? 'Rebuilt' : 'Indexed';
  writeLine(ctx.io.stdout, `${verb} ${ctx.home}: ${plural(rollouts, 'rollout')} in ${(durationMs / 1000).toFixed(1)} s.`);
}
