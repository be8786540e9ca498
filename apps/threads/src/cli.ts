#!/usr/bin/env node
import { processIo } from './io';
import { runCli } from './program';
import { openLocalStore } from './store/open-local-store';

// `threads show … | head` closes the pipe early: that is the reader being done, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), processIo(), { openStore: openLocalStore });
