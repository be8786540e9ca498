export { isContextualUserText, isRealUserMessage, messageTexts } from './contextual-messages';
export { endsMidTurn, truncateBeforeNthUserMessage } from './fork-truncation';
export { type ReplayedHistory, replayHistory, replayWorldState } from './replay-history';
export { applyMergePatch, applyWorldStateRecord, diffWorldState, type WorldStateValue } from './world-state';
