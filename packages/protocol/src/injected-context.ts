/**
 * Openings of the context Codex injects as `user`/`developer` messages
 * (environment, AGENTS.md, instructions, ...). Such messages are not what a
 * person typed: they never become a preview and never start a user turn.
 */
export const INJECTED_CONTEXT_MARKERS: readonly string[] = [
  '<environment_context>',
  '<user_instructions>',
  '# AGENTS.md instructions for',
  '<permissions instructions>',
  '<collaboration_mode>',
  '<multi_agent_mode>',
  '<apps_instructions>',
  '<skills_instructions>',
  '<plugins_instructions>',
  '<tools>',
  '<context_window>',
  '<realtime_conversation>',
  '<user_shell_command>',
  '<turn_aborted>',
  '<subagent_notification>',
  '<skill>',
];

/** True when a message text opens with one of Codex's injected-context markers. */
export function isInjectedContextText(text: string): boolean {
  const trimmed = text.trimStart();
  return INJECTED_CONTEXT_MARKERS.some((marker) => trimmed.startsWith(marker));
}
