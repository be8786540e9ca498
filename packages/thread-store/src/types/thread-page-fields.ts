import { z } from 'zod';
import { DEFAULT_PAGE_SIZE, PageSizeSchema, SortDirectionSchema, ThreadSortKeySchema } from './common';
import { SessionSourceParamSchema } from './protocol-schemas';

/**
 * The params listing and search share: one page of threads from one
 * collection, sorted, filtered by source, resumed from a cursor. One set of
 * defaults, so both read an omitted field the same way.
 */
export const threadPageFieldSchemas = {
  pageSize: PageSizeSchema.default(DEFAULT_PAGE_SIZE),
  cursor: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
  sortKey: ThreadSortKeySchema.default('created_at'),
  sortDirection: SortDirectionSchema.default('desc'),
  allowedSources: z.array(SessionSourceParamSchema).default([]),
  archived: z.boolean().default(false),
};
