import type { ConversationEntry } from './conversation';

/** A fence longer than any backtick run inside the text, so code blocks never end early. */
function fence(text: string): string {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  return '`'.repeat(longest + 1);
}

function codeBlock(text: string, language = ''): string {
  const f = fence(text);
  return `${f}${language}\n${text.replace(/\n+$/, '')}\n${f}`;
}

/**
 * The conversation as Markdown: a heading per turn, messages as text, tool
 * calls as code blocks with their output folded in a `<details>` element
 * (GitHub and most viewers render it collapsed).
 */
export function renderConversationMarkdown(entries: readonly ConversationEntry[]): string {
  const blocks: string[] = [];
  for (const entry of entries) {
    switch (entry.kind) {
      case 'turn':
        blocks.push(`## Turn ${entry.number}`);
        break;
      case 'user':
        blocks.push(`**User**\n\n${entry.text}`);
        break;
      case 'agent':
        blocks.push(`**Agent${entry.phase && entry.phase !== 'final_answer' ? ` (${entry.phase})` : ''}**\n\n${entry.text}`);
        break;
      case 'reasoning':
        blocks.push(`*Thinking:* ${entry.text.replace(/\n+/g, ' ')}`);
        break;
      case 'tool': {
        const parts = [`**Tool call:** \`${entry.name}\``];
        if (entry.input) parts.push(codeBlock(entry.input));
        if (entry.output !== null) {
          const exit = entry.exitCode === null ? '' : `, exit ${entry.exitCode}`;
          const summary = `Output${entry.failed && entry.exitCode === null ? ' (failed)' : exit}`;
          parts.push(`<details>\n<summary>${summary}</summary>\n\n${codeBlock(entry.output, 'text')}\n\n</details>`);
        }
        blocks.push(parts.join('\n\n'));
        break;
      }
      case 'note':
        blocks.push(`> ${entry.text}`);
        break;
    }
  }
  return blocks.join('\n\n');
}
