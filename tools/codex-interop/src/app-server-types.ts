/**
 * The parts of the Codex app-server v2 protocol this harness uses, as Codex
 * 0.142/0.169 send them (`codex app-server generate-ts` prints the full bindings).
 * Fields only newer releases send are optional; unknown ones are kept as they are.
 */

/** `thread/list` `sourceKinds` values. */
export type ThreadSourceKind =
  | 'cli'
  | 'vscode'
  | 'exec'
  | 'appServer'
  | 'subAgent'
  | 'subAgentReview'
  | 'subAgentCompact'
  | 'subAgentThreadSpawn'
  | 'subAgentOther'
  | 'unknown';

export const ALL_THREAD_SOURCE_KINDS: readonly ThreadSourceKind[] = [
  'cli',
  'vscode',
  'exec',
  'appServer',
  'subAgent',
  'subAgentReview',
  'subAgentCompact',
  'subAgentThreadSpawn',
  'subAgentOther',
  'unknown',
];

/** How the app-server renders a session source: camelCase, unlike the rollout file. */
export type AppServerSessionSource =
  | 'cli'
  | 'vscode'
  | 'exec'
  | 'appServer'
  | 'unknown'
  | { custom: string }
  | { subAgent: unknown };

export interface AppServerGitInfo {
  sha: string | null;
  branch: string | null;
  originUrl: string | null;
}

export type AppServerThreadItem =
  | { type: 'userMessage'; id: string; content: Array<{ type: string; text?: string } & Record<string, unknown>> }
  | { type: 'agentMessage'; id: string; text: string }
  | ({ type: string; id?: string } & Record<string, unknown>);

export interface AppServerTurn {
  id: string;
  items: AppServerThreadItem[];
  status: 'completed' | 'interrupted' | 'failed' | 'inProgress';
  error: unknown;
  startedAt?: number | null;
  completedAt?: number | null;
  durationMs?: number | null;
}

export interface AppServerThread {
  id: string;
  sessionId?: string;
  forkedFromId: string | null;
  parentThreadId: string | null;
  preview: string;
  ephemeral: boolean;
  modelProvider: string;
  /** 0.169 and later. */
  model?: string | null;
  /** Unix seconds. */
  createdAt: number;
  /** Unix seconds; follows the rollout file's mtime. */
  updatedAt: number;
  recencyAt?: number | null;
  status: { type: string } & Record<string, unknown>;
  path: string | null;
  cwd: string;
  cliVersion: string;
  source: AppServerSessionSource;
  threadSource: string | null;
  agentNickname: string | null;
  agentRole: string | null;
  gitInfo: AppServerGitInfo | null;
  name: string | null;
  /** Filled by `thread/read` with `includeTurns: true` only. */
  turns: AppServerTurn[];
  /** 0.169 and later: `legacy` or `paginated`. */
  historyMode?: string;
  [field: string]: unknown;
}

export interface ThreadListResponse {
  data: AppServerThread[];
  nextCursor: string | null;
  backwardsCursor?: string | null;
}

export interface InitializeResponse {
  userAgent: string;
  codexHome?: string;
  platformFamily?: string;
  platformOs?: string;
}

export type ThreadSortKey = 'created_at' | 'updated_at' | 'recency_at';
