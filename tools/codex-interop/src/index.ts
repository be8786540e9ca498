export type {
  AppServerGitInfo,
  AppServerSessionSource,
  AppServerThread,
  AppServerThreadItem,
  AppServerTurn,
  InitializeResponse,
  ThreadListResponse,
  ThreadSortKey,
  ThreadSourceKind,
} from './app-server-types';
export { ALL_THREAD_SOURCE_KINDS } from './app-server-types';
export type { CodexAppServer, CodexAppServerOptions, ListThreadsOptions } from './codex-app-server';
export { startCodexAppServer } from './codex-app-server';
export { CODEX_CACHE_ENV, codexCacheRoot } from './codex-cache';
export type { CodexConfigOptions } from './codex-config';
export { writeCodexConfig } from './codex-config';
export type { CodexExecOptions, CodexExecResult } from './codex-exec';
export { runCodexExec } from './codex-exec';
export type { CodexFixture, ExpectedThread, ExpectedTurn } from './codex-fixtures';
export { codexFixture } from './codex-fixtures';
export type { PinnedCodexVersion } from './codex-versions';
export { NEWEST_CODEX_VERSION, OLDEST_CODEX_VERSION, PINNED_CODEX_VERSIONS } from './codex-versions';
export { comparableThread, turnTexts } from './comparable-thread';
export type { EnsureCodexCliOptions } from './ensure-codex-cli';
export { ensureCodexCli } from './ensure-codex-cli';
export { CODEX_SKIP_ENV, codexInteropEnabled } from './interop-switch';
export type { JsonRpcNotification } from './json-rpc-connection';
export { JsonRpcError } from './json-rpc-connection';
export { OFFLINE_SETTINGS } from './offline-settings';
export type { RecordedModelRequest, StandInModel, StandInModelOptions, StandInReply } from './stand-in-model';
export { startStandInModel } from './stand-in-model';
export { copyCodexHome, makeTempDir } from './temp-dirs';
