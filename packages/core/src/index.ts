/**
 * @threadkit/core — record Codex-shaped conversations on any ThreadStore.
 */
export {
  applyMergePatch,
  applyWorldStateRecord,
  diffWorldState,
  endsMidTurn,
  isContextualUserText,
  isRealUserMessage,
  messageTexts,
  type ReplayedHistory,
  replayHistory,
  replayWorldState,
  truncateBeforeNthUserMessage,
  type WorldStateValue,
} from './replay/index';
export { type CollectedGitInfo, collectGitInfo } from './git/git-info';
export { sanitizeRepositoryUrl } from './git/repository-url';
