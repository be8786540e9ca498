import type { AppServerThread } from './app-server-types';
import type { ExpectedThread, ExpectedTurn } from './codex-fixtures';

/**
 * The fields of a listed thread that survive a checkout and a copy: not paths
 * (fixtures were rewritten to /codex-home) and not timestamps (updatedAt follows
 * file mtimes). Use it on both sides of a comparison.
 */
export function comparableThread(thread: AppServerThread | ExpectedThread) {
  return {
    id: thread.id,
    preview: thread.preview,
    name: thread.name,
    source: thread.source,
    modelProvider: thread.modelProvider,
    cwd: thread.cwd,
    cliVersion: thread.cliVersion,
    forkedFromId: thread.forkedFromId,
    gitInfo: thread.gitInfo,
  };
}

/**
 * The user and agent message texts of each turn, in the shape expected.json
 * records them; other items (tool calls, reasoning) are left out.
 */
export function turnTexts(thread: AppServerThread): ExpectedTurn[] {
  return thread.turns.map((turn) => ({
    id: turn.id,
    status: turn.status,
    items: turn.items.flatMap((item): ExpectedTurn['items'] => {
      if (item.type === 'userMessage') {
        const content = (item.content ?? []) as Array<{ type: string; text?: string }>;
        const text = content
          .filter((part) => part.type === 'text')
          .map((part) => part.text ?? '')
          .join('');
        return [{ type: 'userMessage', text }];
      }
      if (item.type === 'agentMessage') return [{ type: 'agentMessage', text: String(item.text) }];
      return [];
    }),
  }));
}
