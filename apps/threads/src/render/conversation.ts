import { isRealUserMessage, messageTexts } from '@threadkit/core';
import type { ResponseItem } from '@threadkit/protocol';
import type { ThreadHistoryItem } from '@threadkit/thread-store';

/** One readable step of a conversation, derived from persisted history. */
export type ConversationEntry =
  | { kind: 'turn'; number: number }
  | { kind: 'user'; text: string }
  | { kind: 'agent'; text: string; phase: string | null }
  | { kind: 'reasoning'; text: string }
  | { kind: 'tool'; name: string; input: string; output: string | null; exitCode: number | null; failed: boolean }
  | { kind: 'note'; text: string };

type Payload = Record<string, unknown>;

/**
 * Turns raw history into what a person reads: user and agent messages, the
 * reasoning summaries, tool calls paired with their output, and notes for
 * rollbacks, compactions and aborted turns. It reads the model-visible
 * response items (present in every Codex history mode) and uses turn events
 * only to number turns; injected context (environment, instructions) and
 * developer messages are left out.
 */
export function conversationEntries(items: readonly ThreadHistoryItem[]): ConversationEntry[] {
  const entries: ConversationEntry[] = [];
  const toolsByCallId = new Map<string, Extract<ConversationEntry, { kind: 'tool' }>>();
  let turnNumber = 0;
  let turnOpen = false;
  let turnHasUser = false;

  const startTurn = () => {
    turnNumber++;
    turnOpen = true;
    turnHasUser = false;
    entries.push({ kind: 'turn', number: turnNumber });
  };

  for (const item of items) {
    const payload = (item.payload ?? {}) as Payload;
    if (item.type === 'event_msg') {
      const kind = payload.type;
      if (kind === 'task_started' || kind === 'turn_started') startTurn();
      else if (kind === 'task_complete' || kind === 'turn_complete') turnOpen = false;
      else if (kind === 'turn_aborted') {
        entries.push({ kind: 'note', text: `turn aborted${typeof payload.reason === 'string' ? ` (${payload.reason})` : ''}` });
        turnOpen = false;
      } else if (kind === 'thread_rolled_back') {
        const turns = typeof payload.num_turns === 'number' ? payload.num_turns : 0;
        entries.push({ kind: 'note', text: `rolled back ${turns} turn${turns === 1 ? '' : 's'}` });
      } else if (kind === 'context_compacted') {
        entries.push({ kind: 'note', text: 'context compacted' });
      }
      continue;
    }
    if (item.type === 'compacted') {
      entries.push({ kind: 'note', text: 'context compacted' });
      continue;
    }
    if (item.type !== 'response_item') continue;

    const response = payload as ResponseItem & Payload;
    switch (response.type) {
      case 'message': {
        if (response.role === 'user') {
          if (!isRealUserMessage(response)) break;
          // Histories without turn events: each real user message starts a turn.
          if (!turnOpen || turnHasUser) startTurn();
          turnHasUser = true;
          entries.push({ kind: 'user', text: userMessageText(response) });
        } else if (response.role === 'assistant') {
          const text = messageTexts(response).join('\n');
          if (text.trim() !== '') {
            const phase = typeof response.phase === 'string' ? response.phase : null;
            entries.push({ kind: 'agent', text, phase });
          }
        }
        break;
      }
      case 'reasoning': {
        const summary = Array.isArray(response.summary) ? response.summary : [];
        const text = summary
          .map((part) => (typeof (part as Payload).text === 'string' ? ((part as Payload).text as string) : ''))
          .filter((part) => part.trim() !== '')
          .join('\n');
        if (text !== '') entries.push({ kind: 'reasoning', text });
        break;
      }
      case 'function_call':
        addTool(response.name as string, prettyArguments(response.arguments as string), response.call_id as string);
        break;
      case 'custom_tool_call':
        addTool(response.name as string, response.input as string, response.call_id as string);
        break;
      case 'local_shell_call': {
        const action = (response.action ?? {}) as Payload;
        const command = Array.isArray(action.command) ? (action.command as string[]).join(' ') : '';
        addTool('shell', command, typeof response.call_id === 'string' ? response.call_id : undefined);
        break;
      }
      case 'web_search_call': {
        const action = (response.action ?? {}) as Payload;
        const input = [action.query, action.url, action.pattern].filter((v) => typeof v === 'string').join(' ');
        addTool('web_search', input, undefined);
        break;
      }
      case 'function_call_output':
      case 'custom_tool_call_output': {
        const callId = typeof response.call_id === 'string' ? response.call_id : undefined;
        const tool = callId ? toolsByCallId.get(callId) : undefined;
        const { text, exitCode, failed } = commandResult(toolOutputText(response.output));
        if (tool) {
          tool.output = text;
          tool.exitCode = exitCode;
          tool.failed = failed;
        } else {
          entries.push({ kind: 'tool', name: 'tool output', input: '', output: text, exitCode, failed });
        }
        break;
      }
      default:
        break;
    }
  }
  return entries;

  function addTool(name: string, input: string, callId: string | undefined) {
    const entry: Extract<ConversationEntry, { kind: 'tool' }> = {
      kind: 'tool',
      name,
      input,
      output: null,
      exitCode: null,
      failed: false,
    };
    entries.push(entry);
    if (callId) toolsByCallId.set(callId, entry);
  }
}

function userMessageText(message: ResponseItem): string {
  const parts: string[] = [];
  for (const part of (message as { content?: unknown[] }).content ?? []) {
    const p = part as Payload;
    if (p.type === 'input_text' && typeof p.text === 'string') parts.push(p.text);
    else if (p.type === 'input_image') parts.push('[image]');
  }
  return parts.join('\n');
}

/** Function arguments are JSON text; shown compact on one line when they parse. */
function prettyArguments(text: string): string {
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const entries = Object.entries(value);
      // A shell call reads best as its command.
      const command = (value as Payload).cmd ?? (value as Payload).command;
      if (typeof command === 'string') return command;
      if (Array.isArray(command) && command.every((c) => typeof c === 'string')) return command.join(' ');
      if (entries.length === 0) return '';
    }
    return JSON.stringify(value);
  } catch {
    return text;
  }
}

function toolOutputText(output: unknown): { text: string; failed: boolean } {
  if (typeof output === 'string') return { text: output, failed: false };
  if (Array.isArray(output)) {
    const text = output
      .map((part) => {
        const p = part as Payload;
        if (typeof p.text === 'string') return p.text;
        if (p.type === 'input_image') return '[image]';
        return '';
      })
      .filter((t) => t !== '')
      .join('\n');
    return { text, failed: false };
  }
  if (output && typeof output === 'object') {
    const o = output as Payload;
    const content = typeof o.content === 'string' ? o.content : JSON.stringify(o.content ?? '');
    return { text: content, failed: o.success === false };
  }
  return { text: '', failed: false };
}

/** The header Codex's unified exec tool puts before a command's output. */
const EXEC_HEADER =
  /^(?:Chunk ID: [^\n]*\n)?Wall time: [^\n]*\n(?:Process exited with code (-?\d+)\n)?(?:Process running with session ID [^\n]*\n)?(?:Original token count: [^\n]*\n)?Output:\n/;

/**
 * A shell command's output without Codex's bookkeeping around it: the unified
 * exec header (Chunk ID, Wall time, exit code, token count) of newer Codex, or
 * the `{"output", "metadata": {"exit_code"}}` JSON of older releases. The exit
 * code is kept, and a non-zero one marks the call failed.
 */
function commandResult(result: { text: string; failed: boolean }): { text: string; exitCode: number | null; failed: boolean } {
  const header = EXEC_HEADER.exec(result.text);
  if (header) {
    const exitCode = header[1] === undefined ? null : Number(header[1]);
    return { text: result.text.slice(header[0].length), exitCode, failed: result.failed || (exitCode ?? 0) !== 0 };
  }
  if (result.text.startsWith('{')) {
    try {
      const parsed = JSON.parse(result.text) as { output?: unknown; metadata?: { exit_code?: unknown } };
      if (typeof parsed.output === 'string' && typeof parsed.metadata?.exit_code === 'number') {
        const exitCode = parsed.metadata.exit_code;
        return { text: parsed.output, exitCode, failed: result.failed || exitCode !== 0 };
      }
    } catch {
      // Not JSON after all: shown as it is.
    }
  }
  return { ...result, exitCode: null };
}
