import { isInjectedContextText, type ResponseItem } from '@threadkit/protocol';

/** True when a message text is injected context rather than something a person wrote. */
export function isContextualUserText(text: string): boolean {
  return isInjectedContextText(text);
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
