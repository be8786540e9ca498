/**
 * Settings that keep a Codex process from reaching anything but loopback.
 * Without them Codex 0.142/0.169 resolve github.com, api.github.com and chatgpt.com
 * at startup (plugin marketplace sync via `git ls-remote`, app and plugin
 * listings), even with no account and a local model provider.
 * Feature names a release does not know are ignored by it, so one list serves all.
 */
export const OFFLINE_SETTINGS: ReadonlyArray<readonly [key: string, tomlValue: string]> = [
  ['check_for_update_on_startup', 'false'],
  ['analytics.enabled', 'false'],
  ['feedback.enabled', 'false'],
  ['features.plugins', 'false'],
  ['features.remote_plugin', 'false'],
  ['features.plugin_sharing', 'false'],
  ['features.apps', 'false'],
  ['features.tool_suggest', 'false'],
  ['features.api_key_model_discovery', 'false'],
  ['features.in_app_updates', 'false'],
  ['features.daemon_auto_start', 'false'],
];

/** The settings as `-c key=value` arguments, which win over any config.toml. */
export function offlineConfigArgs(): string[] {
  return OFFLINE_SETTINGS.flatMap(([key, value]) => ['-c', `${key}=${value}`]);
}
