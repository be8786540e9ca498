import type { ThreadId } from '@threadkit/protocol';
import { z } from 'zod';
import { appendParamsFastPath } from './append-params-fast-path';
import {
  type AppendThreadItemsParams,
  AppendThreadItemsParamsSchema,
  type ParsedAppendThreadItemsParams,
} from './types/append-thread-items-params';
import {
  type ArchiveThreadParams,
  ArchiveThreadParamsSchema,
  type DeleteThreadParams,
  DeleteThreadParamsSchema,
  type ParsedThreadIdParams,
} from './types/archive-thread-params';
import {
  type CreateThreadParams,
  CreateThreadParamsSchema,
  type ParsedCreateThreadParams,
} from './types/create-thread-params';
import {
  type ListThreadsParams,
  ListThreadsParamsSchema,
  type ParsedListThreadsParams,
} from './types/list-threads-params';
import {
  type LoadThreadHistoryParams,
  LoadThreadHistoryParamsSchema,
  type ParsedLoadThreadHistoryParams,
  type ParsedReadThreadByRolloutPathParams,
  type ParsedReadThreadParams,
  type ReadThreadByRolloutPathParams,
  ReadThreadByRolloutPathParamsSchema,
  type ReadThreadParams,
  ReadThreadParamsSchema,
} from './types/read-thread-params';
import {
  type ParsedResumeThreadParams,
  type ResumeThreadParams,
  ResumeThreadParamsSchema,
} from './types/resume-thread-params';
import {
  type ParsedSearchThreadsParams,
  type SearchThreadsParams,
  SearchThreadsParamsSchema,
} from './types/search-threads-params';
import { type ThreadMetadataPatch, ThreadMetadataPatchSchema } from './types/thread-metadata-patch';
import {
  type ListItemsParams,
  ListItemsParamsSchema,
  type ListTurnsParams,
  ListTurnsParamsSchema,
  type ParsedListItemsParams,
  type ParsedListTurnsParams,
} from './types/turn-pages';
import {
  type ParsedUpdateThreadMetadataParams,
  type UpdateThreadMetadataParams,
  UpdateThreadMetadataParamsSchema,
} from './types/update-thread-metadata-params';
import { parseParams, parseThreadIdArgument } from './validation';

// One validating entry point per operation. Stores call these first; each
// throws ThreadStoreError `invalid_request` naming the offending field, and
// checks the thread id before anything else.

export const parseCreateThreadParams = (input: CreateThreadParams): ParsedCreateThreadParams =>
  parseParams('createThread', CreateThreadParamsSchema, input);

export const parseResumeThreadParams = (input: ResumeThreadParams): ParsedResumeThreadParams =>
  parseParams('resumeThread', ResumeThreadParamsSchema, input);

/** Valid params take the compiled checks alone; zod runs when they fail, to name the field. */
export const parseAppendThreadItemsParams = (input: AppendThreadItemsParams): ParsedAppendThreadItemsParams =>
  appendParamsFastPath(input) ?? parseParams('appendItems', AppendThreadItemsParamsSchema, input);

export const parseLoadThreadHistoryParams = (input: LoadThreadHistoryParams): ParsedLoadThreadHistoryParams =>
  parseParams('loadHistory', LoadThreadHistoryParamsSchema, input);

export const parseReadThreadParams = (input: ReadThreadParams): ParsedReadThreadParams =>
  parseParams('readThread', ReadThreadParamsSchema, input);

export const parseReadThreadByRolloutPathParams = (
  input: ReadThreadByRolloutPathParams,
): ParsedReadThreadByRolloutPathParams =>
  parseParams('readThreadByRolloutPath', ReadThreadByRolloutPathParamsSchema, input);

export const parseListThreadsParams = (input: ListThreadsParams): ParsedListThreadsParams =>
  parseParams('listThreads', ListThreadsParamsSchema, input);

export const parseSearchThreadsParams = (input: SearchThreadsParams): ParsedSearchThreadsParams =>
  parseParams('searchThreads', SearchThreadsParamsSchema, input);

export const parseUpdateThreadMetadataParams = (input: UpdateThreadMetadataParams): ParsedUpdateThreadMetadataParams =>
  parseParams('updateThreadMetadata', UpdateThreadMetadataParamsSchema, input);

export const parseArchiveThreadParams = (input: ArchiveThreadParams): ParsedThreadIdParams =>
  parseParams('archiveThread', ArchiveThreadParamsSchema, input);

export const parseUnarchiveThreadParams = (input: ArchiveThreadParams): ParsedThreadIdParams =>
  parseParams('unarchiveThread', ArchiveThreadParamsSchema, input);

export const parseDeleteThreadParams = (input: DeleteThreadParams): ParsedThreadIdParams =>
  parseParams('deleteThread', DeleteThreadParamsSchema, input);

export const parseListTurnsParams = (input: ListTurnsParams): ParsedListTurnsParams =>
  parseParams('listTurns', ListTurnsParamsSchema, input);

export const parseListItemsParams = (input: ListItemsParams): ParsedListItemsParams =>
  parseParams('listItems', ListItemsParamsSchema, input);

const PatchOnlySchema = z.object({ patch: ThreadMetadataPatchSchema });

/** Validates a patch on its own (e.g. before queueing it); errors name `patch.<field>`. */
export const parseThreadMetadataPatch = (input: ThreadMetadataPatch): ThreadMetadataPatch =>
  parseParams('updateThreadMetadata', PatchOnlySchema, { patch: input }).patch;

/** Validates the bare thread id of persist/flush/shutdown/discard and lowercases it. */
export const parseThreadId = (operation: string, threadId: string): ThreadId =>
  parseThreadIdArgument(operation, threadId) as ThreadId;
