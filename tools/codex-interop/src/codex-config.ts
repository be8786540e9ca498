import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OFFLINE_SETTINGS } from './offline-settings';

export interface CodexConfigOptions {
  /** Where the stand-in model listens, e.g. `StandInModel.baseUrl`. Must be a loopback URL. */
  baseUrl: string;
  /** Key of the `model_providers` entry, recorded as `model_provider` in every session. Default `mock`. */
  providerId?: string;
  /** Model name sent to the provider and recorded in turn contexts. Default `mock-model`. */
  model?: string;
  /**
   * Sandbox for the commands the model asks to run. Default `read-only`, as the
   * fixtures were recorded. In that sandbox 0.169 creates an empty
   * `/tmp/codex-daemon-<uid>` (a hard-coded mount target); `danger-full-access`
   * avoids it but runs the commands unconfined.
   */
  sandboxMode?: 'read-only' | 'workspace-write' | 'danger-full-access';
  /** More TOML appended at the end, after the provider table (so: tables only). */
  extraToml?: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Writes `<codexHome>/config.toml` so that every model request of this home goes
 * to the loopback stand-in model: a `model_providers.<id>` entry with the Responses
 * wire API, no auth, no retries; approvals never asked, a read-only sandbox, and
 * the offline settings (no update check, analytics, plugin or app sync).
 */
export async function writeCodexConfig(codexHome: string, options: CodexConfigOptions): Promise<string> {
  const providerId = options.providerId ?? 'mock';
  const model = options.model ?? 'mock-model';
  if (!/^[A-Za-z0-9_-]+$/.test(providerId)) throw new Error(`provider id must be a bare TOML key, got ${JSON.stringify(providerId)}`);
  const url = new URL(options.baseUrl);
  if (!LOOPBACK_HOSTS.has(url.hostname)) {
    throw new Error(`the stand-in model must listen on loopback; refusing base_url ${options.baseUrl}`);
  }
  const toml = [
    '# Points this Codex home at a loopback stand-in model (written by @threadkit/codex-interop).',
    `model = ${tomlString(model)}`,
    `model_provider = ${tomlString(providerId)}`,
    'approval_policy = "never"',
    `sandbox_mode = ${tomlString(options.sandboxMode ?? 'read-only')}`,
    ...OFFLINE_SETTINGS.map(([key, value]) => `${key} = ${value}`),
    '',
    `[model_providers.${providerId}]`,
    'name = "threadkit stand-in model"',
    `base_url = ${tomlString(options.baseUrl)}`,
    'wire_api = "responses"',
    'requires_openai_auth = false',
    'supports_websockets = false',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    'stream_idle_timeout_ms = 30000',
    '',
    options.extraToml ?? '',
  ].join('\n');
  await mkdir(codexHome, { recursive: true });
  const path = join(codexHome, 'config.toml');
  await writeFile(path, toml);
  return path;
}

// JSON string syntax is valid TOML basic-string syntax.
function tomlString(value: string): string {
  return JSON.stringify(value);
}
