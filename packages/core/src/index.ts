/**
 * @threadkit/core — record Codex-shaped conversations on any ThreadStore.
 */
export { type CollectedGitInfo, collectGitInfo } from './git/git-info';
export { sanitizeRepositoryUrl } from './git/repository-url';
export type { ForkCutOptions } from './manager/fork-history';
export { forkHistory } from './manager/fork-history';
export type { ShutdownAllResult } from './manager/shutdown-all';
export type { ThreadCreatedEvent, ThreadCreatedListener, ThreadOrigin } from './manager/thread-created';
export {
  type ForkThreadOptions,
  type NewThreadOptions,
  type ResumeThreadOptions,
  type StartThreadOptions,
  ThreadManager,
} from './manager/thread-manager';
export type { ThreadManagerDefaults, ThreadManagerOptions } from './options/manager-options';
export type { JsonObject, ResolvedTurnSettings, TurnSettings } from './options/turn-settings';
export type { UserInput } from './options/user-input';
export {
  applyMergePatch,
  APP_WORLD_STATE_ORIGIN,
  applyWorldStateRecord,
  diffWorldState,
  endsMidTurn,
  isContextualUserText,
  isRealUserMessage,
  messageTexts,
  type ReplayedHistory,
  type ReplayOptions,
  replayHistory,
  replayWorldState,
  truncateBeforeNthUserMessage,
  type WorldStateValue,
} from './replay/index';
export { type CompactOptions, type StartTurnOptions, Thread, type ThreadStatus } from './thread/thread';
export { type AgentMessageOptions, type TokenUsageOptions, Turn, type TurnStatus } from './thread/turn';
export { CORE_VERSION } from './version';
