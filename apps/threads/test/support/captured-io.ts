import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/io';

export interface CapturedIo extends CliIo {
  output(): string;
  errors(): string;
}

/** In-memory streams for runCli: everything written is kept; stdin is a terminal only when asked. */
export function capturedIo(options: { stdinTTY?: boolean; input?: string; env?: NodeJS.ProcessEnv } = {}): CapturedIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (options.stdinTTY) stdin.isTTY = true;
  if (options.input !== undefined) stdin.end(options.input);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  return {
    stdout,
    stderr,
    stdin,
    env: options.env ?? {},
    output: () => Buffer.concat(out).toString('utf8'),
    errors: () => Buffer.concat(err).toString('utf8'),
  };
}
