import type { RolloutItem } from '@threadkit/protocol';
import { worldState as worldStateRecord } from '../items/turn-records';
import { diffWorldState, type WorldStateValue } from '../replay/world-state';

/**
 * Decides which `world_state` record a thread writes: a full snapshot when there is no
 * baseline (first write, after a compaction, after a failed write), otherwise an RFC 7386
 * merge patch against the persisted baseline, and nothing when the state did not change.
 * A state set by the app waits here until the thread reaches a point where it is written.
 */
export class WorldStateTracker {
  /** The state the persisted records replay to (undefined: none recorded). */
  #persisted: WorldStateValue | undefined;
  /** The newest state set and not yet written. */
  #pending: WorldStateValue | undefined;
  #needsFullSnapshot: boolean;
  /** Whether any world_state record exists that replay would apply. */
  #recorded: boolean;

  constructor(persisted: WorldStateValue | undefined) {
    this.#persisted = persisted === undefined ? undefined : structuredClone(persisted);
    this.#needsFullSnapshot = persisted === undefined;
    this.#recorded = persisted !== undefined;
  }

  /** The state the app sees: the newest one set, else the persisted one. */
  get current(): WorldStateValue | undefined {
    const value = this.#pending ?? this.#persisted;
    return value === undefined ? undefined : structuredClone(value);
  }

  get hasPending(): boolean {
    return this.#pending !== undefined;
  }

  set(state: WorldStateValue): void {
    this.#pending = structuredClone(state);
  }

  /** The record that persists the pending state, if one is needed; the baseline moves to it. */
  take(): RolloutItem | undefined {
    const next = this.#pending;
    if (next === undefined) return undefined;
    this.#pending = undefined;
    if (this.#needsFullSnapshot) {
      this.#persisted = next;
      // An empty state with nothing recorded before needs no snapshot: replay starts from nothing.
      if (Object.keys(next).length === 0 && !this.#recorded) return undefined;
      this.#needsFullSnapshot = false;
      this.#recorded = true;
      return worldStateRecord(true, next);
    }
    const patch = diffWorldState(this.#persisted ?? {}, next);
    this.#persisted = next;
    return patch === undefined ? undefined : worldStateRecord(false, patch);
  }

  /** A compaction starts a new baseline: the current state is written again in full. */
  compacted(): void {
    this.#needsFullSnapshot = true;
    if (this.#pending === undefined && this.#persisted !== undefined) this.#pending = this.#persisted;
  }

  /** After a write failed, the file may lack the last record: rewrite the state in full. */
  invalidate(): void {
    this.compacted();
  }

  /** Replaces everything with a replayed baseline (after a rollback); a pending state is dropped. */
  reset(persisted: WorldStateValue | undefined): void {
    this.#persisted = persisted === undefined ? undefined : structuredClone(persisted);
    this.#pending = undefined;
    this.#needsFullSnapshot = persisted === undefined;
    this.#recorded = persisted !== undefined;
  }
}
