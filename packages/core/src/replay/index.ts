export { isContextualUserText, isRealUserMessage, messageTexts } from './contextual-messages';
export { endsMidTurn, truncateBeforeNthUserMessage } from './fork-truncation';
export {
  APP_WORLD_STATE_ORIGIN,
  type ReplayedHistory,
  type ReplayOptions,
  replayHistory,
  replayWorldState,
} from './replay-history';
export { applyMergePatch, applyWorldStateRecord, diffWorldState, type WorldStateValue } from './world-state';
