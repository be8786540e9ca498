import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launcherEnvironment } from './codex-executable';
import { startNetworkTripwire } from './network-tripwire';

export interface IsolatedEnvironment {
  env: Record<string, string>;
  /** Requests for anything beyond loopback, refused by the tripwire proxy. */
  outboundAttempts: string[];
  /** Removes the scratch HOME and XDG folders (never the Codex home) and stops the tripwire. */
  dispose(): Promise<void>;
}

// Variables worth inheriting; everything else (API keys, CODEX_*, OPENAI_*, the
// user's proxies) is dropped so the user's own setup cannot leak into a run.
const INHERITED = ['PATH', 'LANG', 'LC_ALL', 'TZ', 'SYSTEMROOT'];

/**
 * An environment for one Codex process: CODEX_HOME as given, HOME, TMPDIR and the
 * XDG folders in a fresh scratch folder, so Codex touches nothing outside, and proxy
 * variables pointing at a loopback tripwire, so it reaches nothing outside.
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
    // Codex keeps lock files and a daemon folder under the temp folder.
    TMPDIR: join(scratch, 'tmp'),
  };
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });
  await chmod(dirs.XDG_RUNTIME_DIR, 0o700);
  const tripwire = await startNetworkTripwire();

  const env: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, dirs, tripwire.env, launcherEnvironment(executable), {
    CODEX_HOME: codexHome,
    NO_COLOR: '1',
    TERM: 'dumb',
  });
  Object.assign(env, extra);
  return {
    env,
    outboundAttempts: tripwire.attempts,
    dispose: async () => {
      await tripwire.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}
