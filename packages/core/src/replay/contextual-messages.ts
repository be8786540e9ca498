import type { ResponseItem } from '@threadkit/protocol';

/**
 * Text prefixes of user-role messages that Codex injects as context (environment,
 * AGENTS.md, permissions, ...). Such messages are not turns a person typed, so
 * they never count as user turns for rollback, fork truncation or previews.
 */
const CONTEXTUAL_PREFIXES = [
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
];

/** True when a message text is injected context rather than something a person wrote. */
export function isContextualUserText(text: string): boolean {
  const trimmed = text.trimStart();
  return CONTEXTUAL_PREFIXES.some((prefix) => trimmed.startsWith(prefix));
}

/** The text parts of a message's content, in order. */
export function messageTexts(item: ResponseItem): string[] {
  if (item.type !== 'message' || !Array.isArray(item.content)) return [];
  const texts: string[] = [];
  for (const part of item.content as Array<{ type?: unknown; text?: unknown }>) {
    if ((part.type === 'input_text' || part.type === 'output_text') && typeof part.text === 'string') {
      texts.push(part.text);
    }
  }
  return texts;
}

/** True for a user message a person sent (not injected context); these start user turns. */
export function isRealUserMessage(item: ResponseItem): boolean {
  if (item.type !== 'message' || item.role !== 'user') return false;
  const texts = messageTexts(item);
  if (texts.length === 0) return Array.isArray(item.content) && item.content.length > 0;
  return !texts.every(isContextualUserText);
}
