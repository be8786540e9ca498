import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A rollout line of the Codex 0.142 fixtures, without its envelope timestamp. */
export interface FixtureItem {
  type: string;
  payload: Record<string, unknown>;
}

/** Fixtures live at the repository root, copied byte for byte from real Codex homes. */
export function codex0142Session(name: string): FixtureItem[] {
  const path = fileURLToPath(new URL(`../../../../fixtures/codex-0.142/home/sessions/2026/11/21/${name}`, import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const { type, payload } = JSON.parse(line) as FixtureItem;
      return { type, payload };
    });
}

/** `type`, event or item kind and message role: the shape of a line, without its content. */
export function kindOf(item: { type: string; payload: unknown }): string {
  const payload = item.payload as { type?: unknown; role?: unknown };
  const parts = [item.type];
  if ((item.type === 'event_msg' || item.type === 'response_item') && typeof payload.type === 'string') parts.push(payload.type);
  if (payload.type === 'message' && typeof payload.role === 'string') parts.push(payload.role);
  return parts.join(':');
}
