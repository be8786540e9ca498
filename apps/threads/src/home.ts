import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { CliError } from './errors';

/** `--home`, else `$CODEX_HOME`, else `~/.codex` — the same rule as Codex. */
export function resolveHome(option: string | undefined, env: NodeJS.ProcessEnv): string {
  if (option !== undefined && option !== '') return resolve(option);
  if (env.CODEX_HOME) return resolve(env.CODEX_HOME);
  return join(homedir(), '.codex');
}

/**
 * Fails with one clear line when the home is missing or unreadable, before a
 * store is opened on it: opening one on a wrong path must not create anything.
 */
export async function assertReadableHome(home: string, { writable = false } = {}): Promise<void> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(home);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`no Codex home at ${home} (set --home or CODEX_HOME)`);
    throw new CliError(`cannot read Codex home ${home}: ${code ?? String(error)}`);
  }
  if (!info.isDirectory()) throw new CliError(`Codex home ${home} is not a directory`);
  try {
    await access(home, constants.R_OK | constants.X_OK | (writable ? constants.W_OK : 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CliError(`cannot ${writable ? 'write to' : 'read'} Codex home ${home}: ${code}`);
  }
}
