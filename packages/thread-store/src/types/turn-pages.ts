import type { ThreadId } from '@threadkit/protocol';
import { z } from 'zod';
import {
  DEFAULT_PAGE_SIZE,
  PageSizeSchema,
  type SortDirection,
  SortDirectionSchema,
  type ThreadHistoryItem,
  ThreadIdParamSchema,
} from './common';

/** How much of each turn's items a turn page carries. */
export type StoredTurnItemsView = 'not_loaded' | 'summary' | 'full';
export type StoredTurnStatus = 'completed' | 'interrupted' | 'failed' | 'in_progress';

/** Pages through the turns of one thread (optional operation). */
export interface ListTurnsParams {
  threadId: string;
  includeArchived?: boolean;
  cursor?: string | null;
  pageSize?: number;
  /** Default `asc` (oldest turn first). */
  sortDirection?: SortDirection;
  /** Default `summary`. */
  itemsView?: StoredTurnItemsView;
}

export interface ParsedListTurnsParams {
  threadId: ThreadId;
  includeArchived: boolean;
  cursor: string | null;
  pageSize: number;
  sortDirection: SortDirection;
  itemsView: StoredTurnItemsView;
}

export const ListTurnsParamsSchema: z.ZodType<ParsedListTurnsParams, ListTurnsParams> = z.object({
  threadId: ThreadIdParamSchema,
  includeArchived: z.boolean().default(false),
  cursor: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
  pageSize: PageSizeSchema.default(DEFAULT_PAGE_SIZE),
  sortDirection: SortDirectionSchema.default('asc'),
  itemsView: z.enum(['not_loaded', 'summary', 'full']).default('summary'),
});

export interface StoredTurnError {
  message: string;
  additionalDetails: string | null;
}

export interface StoredTurn {
  turnId: string;
  items: ThreadHistoryItem[];
  itemsView: StoredTurnItemsView;
  status: StoredTurnStatus;
  error: StoredTurnError | null;
  startedAt: Date | null;
  completedAt: Date | null;
  durationMs: number | null;
}

export interface TurnPage {
  turns: StoredTurn[];
  nextCursor: string | null;
  backwardsCursor: string | null;
}

/** Pages through the items of one thread, optionally of one turn (optional operation). */
export interface ListItemsParams {
  threadId: string;
  turnId?: string | null;
  includeArchived?: boolean;
  cursor?: string | null;
  pageSize?: number;
  /** Default `asc`. */
  sortDirection?: SortDirection;
}

export interface ParsedListItemsParams {
  threadId: ThreadId;
  turnId: string | null;
  includeArchived: boolean;
  cursor: string | null;
  pageSize: number;
  sortDirection: SortDirection;
}

export const ListItemsParamsSchema: z.ZodType<ParsedListItemsParams, ListItemsParams> = z.object({
  threadId: ThreadIdParamSchema,
  turnId: z
    .string()
    .min(1)
    .nullish()
    .transform((v) => v ?? null),
  includeArchived: z.boolean().default(false),
  cursor: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
  pageSize: PageSizeSchema.default(DEFAULT_PAGE_SIZE),
  sortDirection: SortDirectionSchema.default('asc'),
});

export interface StoredThreadItem {
  turnId: string | null;
  /** Stable key of the item within its thread. */
  itemKey: string;
  /** Position of the item in the thread's history. */
  itemOrdinal: number;
  itemCreatedAt: Date;
  /** The item as the store materialized it (a JSON value). */
  item: unknown;
}

export interface ItemPage {
  items: StoredThreadItem[];
  nextCursor: string | null;
  backwardsCursor: string | null;
}
