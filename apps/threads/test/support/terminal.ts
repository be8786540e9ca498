import { spawnSync } from 'node:child_process';
import { THREADS_BIN } from './threads-binary';

/**
 * Runs `threads <args>` in a pseudo-terminal with util-linux `script`, so
 * stdin, stdout and stderr are all a terminal; `input` is typed into it.
 * Returns the exit status, everything the terminal showed, and the same
 * without colour and cursor sequences.
 */
export function threadsInTerminal(
  args: readonly string[],
  input = '',
): { status: number | null; screen: string; text: string } {
  const quoted = [process.execPath, THREADS_BIN, ...args].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ');
  const result = spawnSync('script', ['-qec', quoted, '/dev/null'], {
    encoding: 'utf8',
    input,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm-256color', COLUMNS: '100' },
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  const text = result.stdout.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
  return { status: result.status, screen: result.stdout, text };
}
