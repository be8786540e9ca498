import { readFile } from 'node:fs/promises';
import { extname, isAbsolute } from 'node:path';
import { z } from 'zod';
import { invalidRequest, parseOrThrow } from '../errors';
import type { JsonObject } from './turn-settings';

/** One part of what a person sent in a turn. */
export type UserInput =
  /** `textElements` are Codex's on-disk text elements (`{byte_range: {start, end}, placeholder?}`), kept verbatim. */
  | { type: 'text'; text: string; textElements?: JsonObject[] }
  /** A remote or `data:` image URL. */
  | { type: 'image'; imageUrl: string }
  /** An image file; it is embedded in the model-visible message as a `data:` URL, its path is kept in the event. */
  | { type: 'localImage'; path: string };

const UserInputSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('text'),
    text: z.string(),
    textElements: z.array(z.record(z.string(), z.unknown())).optional(),
  }),
  z.strictObject({ type: z.literal('image'), imageUrl: z.string().min(1, 'must be a non-empty URL') }),
  z.strictObject({
    type: z.literal('localImage'),
    path: z.string().refine(isAbsolute, { message: 'must be an absolute path' }),
  }),
]);

export const TurnInputSchema = z.union([
  z.string().min(1, 'must not be empty'),
  z.array(UserInputSchema).min(1, 'must have at least one part'),
]);

export function parseTurnInput(input: unknown, threadId: string): UserInput[] {
  const parsed = parseOrThrow(TurnInputSchema, input, 'input', threadId);
  return typeof parsed === 'string' ? [{ type: 'text', text: parsed }] : (parsed as UserInput[]);
}

/** The model-visible user message and its UI mirror, as Codex records a prompt. */
export interface RecordedUserInput {
  content: JsonObject[];
  event: { message: string; images: string[]; local_images: string[]; text_elements: JsonObject[] };
}

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

/** Reads the local images of a prompt as `data:` URLs, by part index. Nothing to read: an empty map. */
export async function readLocalImages(parts: readonly UserInput[], threadId: string): Promise<Map<number, string>> {
  const images = new Map<number, string>();
  for (const [index, part] of parts.entries()) {
    if (part.type === 'localImage') images.set(index, await imageDataUrl(part.path, `input.${index}.path`, threadId));
  }
  return images;
}

export function hasLocalImages(parts: readonly UserInput[]): boolean {
  return parts.some((part) => part.type === 'localImage');
}

/**
 * Builds the response-item content and the `user_message` event fields. Text parts are joined
 * into one message; their text elements' byte ranges are shifted to stay valid in it.
 */
export function recordUserInput(parts: readonly UserInput[], localImages: ReadonlyMap<number, string>): RecordedUserInput {
  const content: JsonObject[] = [];
  const event: RecordedUserInput['event'] = { message: '', images: [], local_images: [], text_elements: [] };
  let byteOffset = 0;
  for (const [index, part] of parts.entries()) {
    if (part.type === 'text') {
      content.push({ type: 'input_text', text: part.text });
      for (const element of part.textElements ?? []) event.text_elements.push(shiftTextElement(element, byteOffset));
      event.message += part.text;
      byteOffset += Buffer.byteLength(part.text, 'utf8');
    } else if (part.type === 'image') {
      content.push({ type: 'input_image', image_url: part.imageUrl });
      event.images.push(part.imageUrl);
    } else {
      content.push({ type: 'input_image', image_url: localImages.get(index) ?? '' });
      event.local_images.push(part.path);
    }
  }
  return { content, event };
}

function shiftTextElement(element: JsonObject, offset: number): JsonObject {
  const copy = structuredClone(element);
  const range = copy.byte_range as { start?: unknown; end?: unknown } | undefined;
  if (offset > 0 && range && typeof range.start === 'number' && typeof range.end === 'number') {
    copy.byte_range = { ...range, start: range.start + offset, end: range.end + offset };
  }
  return copy;
}

async function imageDataUrl(path: string, field: string, threadId: string): Promise<string> {
  const mime = IMAGE_TYPES[extname(path).toLowerCase()];
  if (!mime) {
    throw invalidRequest(`${field}: unsupported image type ${JSON.stringify(extname(path))}`, { field, threadId });
  }
  try {
    const bytes = await readFile(path);
    return `data:${mime};base64,${bytes.toString('base64')}`;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw invalidRequest(`${field}: cannot read image ${path} (${reason})`, { field, threadId });
  }
}
