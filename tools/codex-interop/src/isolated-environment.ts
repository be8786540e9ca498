import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launcherEnvironment } from './codex-executable';

export interface IsolatedEnvironment {
  env: Record<string, string>;
  /** Removes the scratch HOME and XDG folders (never the Codex home). */
  dispose(): Promise<void>;
}

// Variables worth inheriting; everything else (API keys, CODEX_*, OPENAI_*, proxies)
// is dropped so the user's own setup cannot leak into a run.
const INHERITED = ['PATH', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'SYSTEMROOT'];

/**
 * An environment for one Codex process: CODEX_HOME as given, HOME and the XDG
 * folders in a fresh scratch folder, so Codex touches nothing outside.
 */
export async function isolatedEnvironment(
  executable: string,
  codexHome: string,
  extra: Record<string, string> = {},
): Promise<IsolatedEnvironment> {
  const scratch = await mkdtemp(join(tmpdir(), 'threadkit-codex-env-'));
  const dirs = {
    HOME: join(scratch, 'home'),
    XDG_CONFIG_HOME: join(scratch, 'config'),
    XDG_DATA_HOME: join(scratch, 'data'),
    XDG_CACHE_HOME: join(scratch, 'cache'),
    XDG_STATE_HOME: join(scratch, 'state'),
    XDG_RUNTIME_DIR: join(scratch, 'runtime'),
  };
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });
  await chmod(dirs.XDG_RUNTIME_DIR, 0o700);

  const env: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, dirs, launcherEnvironment(executable), {
    CODEX_HOME: codexHome,
    NO_COLOR: '1',
    TERM: 'dumb',
  });
  Object.assign(env, extra);
  return { env, dispose: () => rm(scratch, { recursive: true, force: true }) };
}
