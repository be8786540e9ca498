import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A rollout line of the Codex 0.142 fixtures, without its envelope timestamp. */
export interface FixtureItem {
  type: string;
  payload: Record<string, unknown>;
}

const FIXTURES = new URL('../../../../fixtures/codex-0.142/', import.meta.url);

/** Fixtures live at the repository root, copied byte for byte from real Codex homes. */
export function codex0142Session(name: string): FixtureItem[] {
  const path = fileURLToPath(new URL(`home/sessions/2026/11/21/${name}`, FIXTURES));
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

/** One turn as Codex's app-server reported it for a fixture thread (`expected.json` reads). */
export interface ExpectedTurn {
  status: string;
  items: Array<{ type: string; text: string }>;
}

export function codex0142ExpectedTurns(threadId: string): ExpectedTurn[] {
  const expected = JSON.parse(readFileSync(fileURLToPath(new URL('expected.json', FIXTURES)), 'utf8')) as {
    reads: Record<string, { turns: Array<ExpectedTurn & { id: string }> }>;
  };
  return expected.reads[threadId]!.turns.map(({ status, items }) => ({ status, items }));
}

/** Turns as a legacy-mode reader sees them: user and agent message events between turn events. */
export function legacyTurns(items: ReadonlyArray<{ type: string; payload: unknown }>): ExpectedTurn[] {
  const turns: ExpectedTurn[] = [];
  let current: ExpectedTurn | undefined;
  for (const item of items) {
    if (item.type !== 'event_msg') continue;
    const payload = item.payload as { type?: string; message?: string };
    if (payload.type === 'task_started') {
      current = { status: 'inProgress', items: [] };
      turns.push(current);
    } else if (payload.type === 'user_message') {
      current?.items.push({ type: 'userMessage', text: payload.message ?? '' });
    } else if (payload.type === 'agent_message') {
      current?.items.push({ type: 'agentMessage', text: payload.message ?? '' });
    } else if (payload.type === 'task_complete' && current) {
      current.status = 'completed';
    } else if (payload.type === 'turn_aborted' && current) {
      current.status = 'interrupted';
    }
  }
  return turns;
}
