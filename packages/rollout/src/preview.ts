import { isInjectedContextText } from '@threadkit/protocol';

/** Older Codex put the human's words after this line; everything before it is context. */
export const USER_REQUEST_MARKER = '## My request for Codex:';

/** Preview of a user turn that holds only images. */
export const IMAGE_ONLY_PREVIEW = '[Image]';


function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text after the request marker when present, trimmed. */
export function stripUserRequestMarker(text: string): string {
  const at = text.indexOf(USER_REQUEST_MARKER);
  return (at === -1 ? text : text.slice(at + USER_REQUEST_MARKER.length)).trim();
}

function nonEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

/**
 * Preview of a legacy `user_message` event payload: the text after the
 * request marker, trimmed; `[Image]` when that is empty but images were
 * attached; undefined when the message carries nothing to show.
 */
export function userMessageEventPreview(payload: unknown): string | undefined {
  if (!isObject(payload) || payload.type !== 'user_message') return undefined;
  const text = typeof payload.message === 'string' ? stripUserRequestMarker(payload.message) : '';
  if (text !== '') return text;
  if (nonEmptyArray(payload.images) || nonEmptyArray(payload.local_images) || nonEmptyArray(payload.file_ids)) {
    return IMAGE_ONLY_PREVIEW;
  }
  return undefined;
}

/** Preview from a `thread_goal_updated` event: the goal's objective, trimmed. */
export function goalPreview(payload: unknown): string | undefined {
  if (!isObject(payload) || payload.type !== 'thread_goal_updated' || !isObject(payload.goal)) return undefined;
  const objective = payload.goal.objective;
  if (typeof objective !== 'string') return undefined;
  const trimmed = objective.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Provenance Codex 0.16x+ records per content part: `user` for typed input, `harness` for injected context. */
function provenanceKinds(payload: Record<string, unknown>): string[] {
  const passthrough = payload.internal_chat_message_metadata_passthrough;
  if (!isObject(passthrough) || !Array.isArray(passthrough.content_item_metadata)) return [];
  const kinds: string[] = [];
  for (const entry of passthrough.content_item_metadata) {
    if (isObject(entry) && isObject(entry.provenance) && typeof entry.provenance.type === 'string') {
      kinds.push(entry.provenance.type);
    }
  }
  return kinds;
}

function messageParts(payload: Record<string, unknown>): { texts: string[]; images: number } {
  const texts: string[] = [];
  let images = 0;
  if (!Array.isArray(payload.content)) return { texts, images };
  for (const part of payload.content) {
    if (!isObject(part)) continue;
    if ((part.type === 'input_text' || part.type === 'output_text') && typeof part.text === 'string') texts.push(part.text);
    else if (part.type === 'input_image') images++;
  }
  return { texts, images };
}

/**
 * True for a `user`/`developer` message the harness injected (environment
 * context, AGENTS.md, instructions) rather than the human's input. Uses the
 * provenance newer Codex records, else the known opening markers.
 */
export function isInjectedContextMessage(payload: unknown): boolean {
  if (!isObject(payload) || payload.type !== 'message') return false;
  if (payload.role === 'developer' || payload.role === 'system') return true;
  const provenance = provenanceKinds(payload);
  if (provenance.length > 0) return !provenance.includes('user');
  const { texts } = messageParts(payload);
  const first = texts.find((text) => text.trim() !== '');
  if (first === undefined) return false;
  return isInjectedContextText(first);
}

/**
 * Preview of a `response_item` user message (the source in paginated files,
 * which have no `user_message` events): the human's text after the request
 * marker, trimmed; `[Image]` for images alone; undefined for injected context,
 * other roles and empty messages.
 */
export function userResponseItemPreview(payload: unknown): string | undefined {
  if (!isObject(payload) || payload.type !== 'message' || payload.role !== 'user') return undefined;
  if (isInjectedContextMessage(payload)) return undefined;
  const { texts, images } = messageParts(payload);
  const text = stripUserRequestMarker(texts.join('\n'));
  if (text !== '') return text;
  return images > 0 ? IMAGE_ONLY_PREVIEW : undefined;
}
