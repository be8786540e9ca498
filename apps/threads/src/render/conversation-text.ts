import type { Colors } from '../io';
import type { ConversationEntry } from './conversation';
import { indent, truncate, wrap } from './text';

/** Lines of tool output shown before the rest is folded away. */
export const FOLDED_OUTPUT_LINES = 4;

export interface ConversationTextOptions {
  colors: Colors;
  /** Terminal width to wrap and cut to; undefined in a pipe (nothing is wrapped). */
  width: number | undefined;
  /** Show tool output in full instead of folded. */
  full: boolean;
}

/** The conversation as `threads show` prints it. */
export function renderConversationText(entries: readonly ConversationEntry[], options: ConversationTextOptions): string {
  const { colors: c, width } = options;
  const blocks: string[] = [];
  const body = (text: string) => indent(width ? wrap(text, width - 2) : text);

  for (const entry of entries) {
    switch (entry.kind) {
      case 'turn': {
        const title = ` Turn ${entry.number} `;
        const rule = '─'.repeat(Math.max(3, Math.min(width ?? 60, 60) - title.length - 2));
        blocks.push(c.dim(`──${title}${rule}`));
        break;
      }
      case 'user':
        blocks.push(`${c.bold(c.cyan('User'))}\n${body(entry.text)}`);
        break;
      case 'agent': {
        const label = entry.phase && entry.phase !== 'final_answer' ? `Agent (${entry.phase})` : 'Agent';
        blocks.push(`${c.bold(c.green(label))}\n${body(entry.text)}`);
        break;
      }
      case 'reasoning':
        blocks.push(c.dim(`Thinking\n${body(entry.text)}`));
        break;
      case 'tool':
        blocks.push(renderTool(entry, options));
        break;
      case 'note':
        blocks.push(c.yellow(`· ${entry.text}`));
        break;
    }
  }
  return blocks.join('\n\n');
}

function renderTool(entry: Extract<ConversationEntry, { kind: 'tool' }>, options: ConversationTextOptions): string {
  const { colors: c, width, full } = options;
  const inputLines = entry.input.split('\n');
  let input = full ? entry.input : inputLines[0] ?? '';
  if (!full && inputLines.length > 1) input += ` … (+${inputLines.length - 1} lines)`;
  const headerLimit = width ? width - entry.name.length - 4 : undefined;
  const exit = entry.exitCode === null ? '' : `  ${(entry.exitCode === 0 ? c.dim : c.red)(`exit ${entry.exitCode}`)}`;
  const shownInput = input && headerLimit && !full ? truncate(input, headerLimit - (exit ? 8 : 0)) : input;
  const header = `${c.magenta('⚙')} ${c.bold(entry.name)}${shownInput ? `  ${shownInput}` : ''}${exit}`;
  if (entry.output === null) return `${header}\n${c.dim('  (no output recorded)')}`;

  const outputLines = entry.output.replace(/\n+$/, '').split('\n');
  const shown = full ? outputLines : outputLines.slice(0, FOLDED_OUTPUT_LINES);
  const bar = entry.failed ? c.red('│') : c.dim('│');
  const lines = shown.map((line) => `  ${bar} ${width && !full ? truncate(line, width - 4) : line}`);
  const hidden = outputLines.length - shown.length;
  if (hidden > 0) lines.push(c.dim(`  … ${hidden} more line${hidden === 1 ? '' : 's'} (--full shows everything)`));
  return [header, ...lines].join('\n');
}
