const SNIPPET_CONTEXT = 60;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The conversation texts of a history item that content search looks at:
 * user and agent messages, and the text parts of model-visible messages.
 * Every store searches the same texts, so a term finds the same threads.
 */
export function searchableTexts(item: { type: string; payload: unknown }): string[] {
  const payload = item.payload;
  if (!isRecord(payload)) return [];
  if (item.type === 'event_msg' && (payload.type === 'user_message' || payload.type === 'agent_message')) {
    return typeof payload.message === 'string' ? [payload.message] : [];
  }
  if (item.type === 'response_item' && payload.type === 'message' && Array.isArray(payload.content)) {
    return payload.content.flatMap((part) => (isRecord(part) && typeof part.text === 'string' ? [part.text] : []));
  }
  return [];
}

/**
 * A one-line excerpt of `text` around the first case-insensitive occurrence
 * of `term` (60 characters either side, whitespace collapsed, `…` where cut),
 * or null when the text does not contain it.
 */
export function snippetAround(text: string, term: string): string | null {
  const at = text.toLowerCase().indexOf(term.toLowerCase());
  if (at < 0) return null;
  const start = Math.max(0, at - SNIPPET_CONTEXT);
  const end = Math.min(text.length, at + term.length + SNIPPET_CONTEXT);
  const excerpt = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${excerpt}${end < text.length ? '…' : ''}`;
}
