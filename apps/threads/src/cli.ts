#!/usr/bin/env node
import { processIo } from './io';
import { runCli } from './program';
import { openLocalStore } from './store/open-local-store';

process.exitCode = await runCli(process.argv.slice(2), processIo(), { openStore: openLocalStore });
