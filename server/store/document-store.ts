/**
 * The write contract both store adapters honour: every state change is one atomic batch of
 * single-document operations addressed by ID — the only kind CloudBase transactions allow.
 * Optimistic concurrency: an update names the version it read; a stale one fails the batch.
 */
export interface Versioned {
  id: string;
  version: number;
}

export type WriteOp =
  | { kind: 'create'; collection: string; doc: { id: string } }
  | { kind: 'update'; collection: string; doc: Versioned; expectedVersion: number }
  | { kind: 'put'; collection: string; doc: { id: string } }
  | { kind: 'delete'; collection: string; id: string };

export type ConflictReason = 'exists' | 'version' | 'missing';

/** A batch lost a race: nothing of it was written. */
export class WriteConflict extends Error {
  constructor(
    readonly collection: string,
    readonly id: string,
    readonly reason: ConflictReason,
  ) {
    super(`write conflict on ${collection}/${id}: ${reason}`);
  }
}

export interface DocumentStore {
  get<T extends { id: string }>(collection: string, id: string): Promise<T | undefined>;
  /** Applies all operations atomically or none; throws WriteConflict on a lost race. */
  commit(ops: readonly WriteOp[]): Promise<void>;
}
