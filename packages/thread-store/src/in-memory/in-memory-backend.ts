import type { ThreadRecord } from './thread-record';

/** A live writer: which store instance holds it, and the thread it will write until it materializes. */
export interface WriterLease {
  readonly owner: object;
  /** The record to publish on materialization; `null` once the thread is durable. */
  pending: ThreadRecord | null;
}

/**
 * The durable side of InMemoryThreadStore: threads, histories and the
 * one-writer-per-thread registry. Several store instances given the same
 * backend behave like several processes sharing one database.
 */
export class InMemoryThreadBackend {
  /** Materialized threads, active and archived. */
  readonly threads = new Map<string, ThreadRecord>();
  /** Live writers by thread id. */
  readonly writers = new Map<string, WriterLease>();
}
