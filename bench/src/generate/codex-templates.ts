import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Turn shapes taken from rollouts the real Codex CLI wrote (the repository's
 * fixtures): generated threads reuse their exact lines with ids, times,
 * texts and sizes swapped, so every field Codex writes is there.
 */

/** `legacy`: Codex 0.142's format (no ordinals). `paginated`: Codex 0.169's. */
export type HistoryEra = 'legacy' | 'paginated';

export interface TurnTemplate {
  /** Raw lines from the turn's start up to the first tool call. */
  head: string[];
  /** One tool call: function_call through function_call_output and the token count after it. */
  toolBlock: string[];
  /** The answer through task_complete. */
  tail: string[];
  /** Envelope time of the first head line, of the tool block's first and last line, and of the last tail line. */
  startMs: number;
  toolStartMs: number;
  toolEndMs: number;
  endMs: number;
  /** Texts to swap, as they appear escaped inside the JSON lines. */
  escapedUserText: string;
  escapedAgentText: string;
  /** The tool's command (no quotes or backslashes, so it reads the same escaped once or twice). */
  command: string;
  escapedToolOutput: string;
}

export interface RolloutTemplate {
  era: HistoryEra;
  cliVersion: string;
  /** The fixture thread's id (replaced by the generated thread's). */
  threadId: string;
  /** The parsed session_meta line. */
  sessionMeta: { timestamp: string; type: 'session_meta'; payload: Record<string, unknown> };
  firstTurn: TurnTemplate;
  followUpTurn: TurnTemplate;
}

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures');

/** Fixture threads with two turns, each calling a tool: the richest shape each version wrote. */
const TEMPLATE_FILES: Record<HistoryEra, string> = {
  legacy: 'codex-0.142/home/sessions/2026/11/21/rollout-2026-11-21T10-28-11-01a1fda6-37d0-70f3-88c6-44503b20002f.jsonl',
  paginated: 'codex-0.169/home/sessions/2026/11/21/rollout-2026-11-21T10-27-13-01a1fda5-56cc-7d30-a84c-d79a5a770b0b.jsonl',
};

interface ParsedLine {
  raw: string;
  timestamp: string;
  type: string;
  payload: Record<string, unknown>;
}

function escaped(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

function payloadType(line: ParsedLine): unknown {
  return line.payload.type;
}

function userTextOf(lines: ParsedLine[]): string {
  for (const line of lines) {
    if (line.type === 'event_msg' && payloadType(line) === 'user_message') return String(line.payload.message);
  }
  for (const line of lines) {
    const item = line.payload.item as { type?: string; content?: { text?: string }[] } | undefined;
    if (payloadType(line) === 'item_completed' && item?.type === 'UserMessage') return String(item.content?.[0]?.text);
  }
  throw new Error('template turn has no user message');
}

function splitTurn(lines: ParsedLine[]): TurnTemplate {
  const callAt = lines.findIndex((l) => l.type === 'response_item' && payloadType(l) === 'function_call');
  const outputAt = lines.findIndex((l) => l.type === 'response_item' && payloadType(l) === 'function_call_output');
  if (callAt < 0 || outputAt < callAt) throw new Error('template turn has no tool call');
  const after = lines[outputAt + 1];
  const blockEnd = after && after.type === 'event_msg' && payloadType(after) === 'token_count' ? outputAt + 1 : outputAt;
  const complete = lines[lines.length - 1]!;
  if (payloadType(complete) !== 'task_complete') throw new Error('template turn does not end with task_complete');
  const call = lines[callAt]!;
  const command = String((JSON.parse(String(call.payload.arguments)) as { cmd: string }).cmd);
  if (/["\\]/.test(command)) throw new Error('template command must not need escaping');
  const output = String(lines[outputAt]!.payload.output);
  const toolOutput = output.slice(output.indexOf('Output:\n') + 'Output:\n'.length);
  const ms = (line: ParsedLine) => Date.parse(line.timestamp);
  return {
    head: lines.slice(0, callAt).map((l) => l.raw),
    toolBlock: lines.slice(callAt, blockEnd + 1).map((l) => l.raw),
    tail: lines.slice(blockEnd + 1).map((l) => l.raw),
    startMs: ms(lines[0]!),
    toolStartMs: ms(call),
    toolEndMs: ms(lines[blockEnd]!),
    endMs: ms(complete),
    escapedUserText: escaped(userTextOf(lines)),
    escapedAgentText: escaped(String(complete.payload.last_agent_message)),
    command,
    escapedToolOutput: escaped(toolOutput),
  };
}

function loadTemplate(era: HistoryEra): RolloutTemplate {
  const text = readFileSync(join(FIXTURES, TEMPLATE_FILES[era]), 'utf8');
  const lines: ParsedLine[] = text
    .split('\n')
    .filter((raw) => raw !== '')
    .map((raw) => ({ raw, ...(JSON.parse(raw) as Omit<ParsedLine, 'raw'>) }));
  const meta = lines[0]!;
  if (meta.type !== 'session_meta') throw new Error(`${TEMPLATE_FILES[era]} does not start with session_meta`);
  const turnEnds = lines.flatMap((l, i) => (l.type === 'event_msg' && payloadType(l) === 'task_complete' ? [i] : []));
  if (turnEnds.length < 2) throw new Error(`${TEMPLATE_FILES[era]} needs two turns`);
  return {
    era,
    cliVersion: String(meta.payload.cli_version),
    threadId: String(meta.payload.id),
    sessionMeta: { timestamp: meta.timestamp, type: 'session_meta', payload: meta.payload },
    firstTurn: splitTurn(lines.slice(1, turnEnds[0]! + 1)),
    followUpTurn: splitTurn(lines.slice(turnEnds[0]! + 1, turnEnds[1]! + 1)),
  };
}

let cached: Record<HistoryEra, RolloutTemplate> | undefined;

export function rolloutTemplates(): Record<HistoryEra, RolloutTemplate> {
  cached ??= { legacy: loadTemplate('legacy'), paginated: loadTemplate('paginated') };
  return cached;
}
