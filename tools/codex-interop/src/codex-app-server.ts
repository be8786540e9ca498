import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import {
  ALL_THREAD_SOURCE_KINDS,
  type AppServerThread,
  type InitializeResponse,
  type ThreadListResponse,
  type ThreadSortKey,
  type ThreadSourceKind,
} from './app-server-types';
import { ensureCodexCli } from './ensure-codex-cli';
import { isolatedEnvironment } from './isolated-environment';
import { JsonRpcConnection, type JsonRpcNotification } from './json-rpc-connection';
import { offlineConfigArgs } from './offline-settings';
import { OutputTail } from './output-tail';

export interface CodexAppServerOptions {
  version: string;
  /** The CODEX_HOME to serve. Codex writes its own SQLite files into it: pass a copy of a fixture. */
  codexHome: string;
  /** Working directory of the server process. Default: a scratch folder. */
  cwd?: string;
  /** Per-request timeout unless a call says otherwise. Default 30 s. */
  requestTimeoutMs?: number;
  /** More environment variables (e.g. `RUST_LOG`). */
  env?: Record<string, string>;
  /** More `-c key=value` overrides. */
  config?: string[];
}

export interface ListThreadsOptions {
  /** true: only archived threads; false (default): only active ones. */
  archived?: boolean;
  /** Default: every kind. (Codex itself defaults to interactive sources only, hiding `codex exec` sessions.) */
  sourceKinds?: readonly ThreadSourceKind[];
  /** Default `[]`: every provider. (Codex itself defaults to the configured provider only.) */
  modelProviders?: readonly string[];
  /** Page size, 1..100 (Codex clamps to that). Default 100. */
  limit?: number;
  /** Start after this cursor instead of at the beginning. */
  cursor?: string;
  cwd?: string | string[];
  searchTerm?: string;
  sortKey?: ThreadSortKey;
  sortDirection?: 'asc' | 'desc';
}

export interface CodexAppServer {
  readonly version: string;
  readonly codexHome: string;
  /** What `initialize` answered. */
  readonly serverInfo: InitializeResponse;
  /** Notifications received so far (`thread/name/updated`, `configWarning`, ...). */
  readonly notifications: readonly JsonRpcNotification[];
  /** Any method; rejects with JsonRpcError on an error answer. */
  request<T = unknown>(method: string, params?: unknown, options?: { timeoutMs?: number }): Promise<T>;
  /** One `thread/list` page. */
  listThreadsPage(options?: ListThreadsOptions): Promise<ThreadListResponse>;
  /** Every thread `thread/list` returns, following `nextCursor` page after page. */
  listThreads(options?: ListThreadsOptions): Promise<AppServerThread[]>;
  readThread(threadId: string, options?: { includeTurns?: boolean }): Promise<AppServerThread>;
  setThreadName(threadId: string, name: string): Promise<void>;
  archiveThread(threadId: string): Promise<void>;
  unarchiveThread(threadId: string): Promise<AppServerThread>;
  /** What the server wrote to stderr so far (its logs). */
  stderr(): string;
  /** What the server tried to reach beyond loopback (refused); empty when it stayed offline. */
  outboundAttempts(): string[];
  /** Stops the server (stdin closed, then SIGTERM, then SIGKILL) and removes its scratch folders. */
  close(): Promise<void>;
}

/**
 * Spawns `codex app-server` (stdio transport) on `codexHome`, performs the
 * `initialize` / `initialized` handshake and returns a typed client.
 */
export async function startCodexAppServer(options: CodexAppServerOptions): Promise<CodexAppServer> {
  const executable = await ensureCodexCli(options.version);
  const isolated = await isolatedEnvironment(executable, options.codexHome, options.env);
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const args = [...offlineConfigArgs(), ...(options.config ?? []).flatMap((c) => ['-c', c]), 'app-server'];
  const child = spawn(executable, args, {
    env: isolated.env,
    cwd: options.cwd ?? isolated.env.HOME,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stderr = new OutputTail();
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => stderr.append(chunk));
  const context = () => {
    const tail = stderr.lastLines(20);
    return tail ? `\n--- codex ${options.version} app-server stderr (last lines) ---\n${tail}` : '';
  };
  const connection = new JsonRpcConnection(child.stdout, child.stdin, context);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      connection.fail(`codex app-server exited (code ${code}, signal ${signal})`);
      resolve();
    });
    child.once('error', (error) => {
      connection.fail(`cannot run ${executable}: ${error.message}`);
      resolve();
    });
  });

  const stop = async () => {
    await stopProcess(child, exited);
    await isolated.dispose();
  };
  try {
    const serverInfo = await connection.request<InitializeResponse>(
      'initialize',
      { clientInfo: { name: 'threadkit_codex_interop', title: 'threadkit codex-interop', version: '0.0.0' }, capabilities: null },
      Math.max(requestTimeoutMs, 60_000), // the first start creates Codex's SQLite files
    );
    connection.notify('initialized');
    return makeClient(options, serverInfo, connection, requestTimeoutMs, stderr, isolated.outboundAttempts, stop);
  } catch (error) {
    await stop();
    throw error;
  }
}

function makeClient(
  options: CodexAppServerOptions,
  serverInfo: InitializeResponse,
  connection: JsonRpcConnection,
  requestTimeoutMs: number,
  stderr: OutputTail,
  outboundAttempts: string[],
  stop: () => Promise<void>,
): CodexAppServer {
  const request = <T>(method: string, params?: unknown, opts?: { timeoutMs?: number }) =>
    connection.request<T>(method, params, opts?.timeoutMs ?? requestTimeoutMs);
  const listThreadsPage = (list: ListThreadsOptions = {}) =>
    request<ThreadListResponse>('thread/list', {
      archived: list.archived ?? false,
      sourceKinds: list.sourceKinds ?? ALL_THREAD_SOURCE_KINDS,
      modelProviders: list.modelProviders ?? [],
      limit: list.limit ?? 100,
      cursor: list.cursor ?? null,
      ...(list.cwd !== undefined && { cwd: list.cwd }),
      ...(list.searchTerm !== undefined && { searchTerm: list.searchTerm }),
      ...(list.sortKey !== undefined && { sortKey: list.sortKey }),
      ...(list.sortDirection !== undefined && { sortDirection: list.sortDirection }),
    });
  let closing: Promise<void> | undefined;
  return {
    version: options.version,
    codexHome: options.codexHome,
    serverInfo,
    notifications: connection.notifications,
    request,
    listThreadsPage,
    async listThreads(list = {}) {
      const threads: AppServerThread[] = [];
      const seenCursors = new Set<string>();
      let cursor = list.cursor;
      for (;;) {
        const page = await listThreadsPage({ ...list, cursor });
        threads.push(...page.data);
        if (!page.nextCursor || page.data.length === 0) return threads;
        if (seenCursors.has(page.nextCursor)) throw new Error(`thread/list returned the cursor ${page.nextCursor} twice`);
        seenCursors.add(page.nextCursor);
        cursor = page.nextCursor;
      }
    },
    async readThread(threadId, read = {}) {
      const result = await request<{ thread: AppServerThread }>('thread/read', {
        threadId,
        includeTurns: read.includeTurns ?? false,
      });
      return result.thread;
    },
    async setThreadName(threadId, name) {
      await request('thread/name/set', { threadId, name });
    },
    async archiveThread(threadId) {
      await request('thread/archive', { threadId });
    },
    async unarchiveThread(threadId) {
      const result = await request<{ thread: AppServerThread }>('thread/unarchive', { threadId });
      return result.thread;
    },
    stderr: () => stderr.toString(),
    outboundAttempts: () => [...outboundAttempts],
    close() {
      closing ??= stop();
      return closing;
    },
  };
}

async function stopProcess(child: ChildProcessWithoutNullStreams, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const waitFor = (ms: number) =>
    Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref())]);
  child.stdin.end();
  if (await waitFor(2_000)) return;
  child.kill('SIGTERM');
  if (await waitFor(3_000)) return;
  child.kill('SIGKILL');
  await exited;
}
