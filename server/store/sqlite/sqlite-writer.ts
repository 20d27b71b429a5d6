import fs from 'node:fs';
import path from 'node:path';
import { setImmediate } from 'node:timers';
import { Worker } from 'node:worker_threads';
import type { Statement } from 'better-sqlite3';
import { WriteConflict, type ConflictReason, type WriteOp } from '../document-store';
import type { SqliteDatabase } from './sqlite-database';

/**
 * The write side of a document-store SQLite file: applies batches of single-document operations
 * atomically, by group commit. Every batch of an event-loop turn (concurrent requests) joins one
 * transaction in its own savepoint, so a conflict fails only that batch; the transaction
 * commits once, and only then is any caller answered: a lone commit's guarantee at a fraction of
 * the per-commit cost.
 */
export interface SqliteWriter {
  commit(ops: readonly WriteOp[]): Promise<void>;
  /** Commits what is pending and releases the file; synchronous, like better-sqlite3's close. */
  close(): void;
}

/** [kind, table, id, version, json, expectedVersion]: what the SQL needs, documents as JSON text. */
type EncodedOp = [WriteOp['kind'], string, string, number, string | null, number | null];

function encode(op: WriteOp, table: (collection: string) => string): EncodedOp {
  const t = table(op.collection);
  switch (op.kind) {
    case 'create':
    case 'put':
      return [op.kind, t, op.doc.id, (op.doc as { version?: number }).version ?? 0, JSON.stringify(op.doc), null];
    case 'update':
      return [op.kind, t, op.doc.id, op.doc.version, JSON.stringify(op.doc), op.expectedVersion];
    case 'delete':
      return [op.kind, t, op.id, 0, null, null];
  }
}

interface Failure {
  conflict?: { collection: string; id: string; reason: ConflictReason };
  message?: string;
  code?: string;
}

function errorOf(failure: Failure): Error {
  if (failure.conflict) return new WriteConflict(failure.conflict.collection, failure.conflict.id, failure.conflict.reason);
  return Object.assign(new Error(failure.message ?? 'SQLite write failed'), { code: failure.code });
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

const WORKER_SCRIPT = path.join(__dirname, 'sqlite-writer.worker.cjs');

/**
 * The writer for a database file: in a worker thread where the worker's script sits beside this
 * module (the source tree, which the local cloud and the tests run); in the caller's thread from
 * a function bundle, whose local fallback has no such file (in production it never opens SQLite).
 */
export function sqliteWriterFor(db: SqliteDatabase, file: string | undefined, table: (collection: string) => string): SqliteWriter {
  return file && fs.existsSync(WORKER_SCRIPT) ? workerWriter(file, table) : inThreadWriter(db, table);
}

/**
 * Writes in a worker thread with its own connection, so that statement execution, the commit's
 * WAL writes and the automatic checkpoints (the fsyncs) happen off the event loop: the main
 * thread keeps serving requests and reading (WAL readers never wait for the writer). Reads on
 * the main connection see a batch once its commit has been answered.
 */
export function workerWriter(file: string, table: (collection: string) => string): SqliteWriter {
  const closed = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER_SCRIPT, { workerData: { file, closed } });
  const waiting = new Map<number, Waiter>();
  let next = 0;
  let stopped: Error | undefined;

  worker.on('message', (message: { done: [number, Failure?][] }) => {
    for (const [batch, failure] of message.done) {
      const waiter = waiting.get(batch);
      if (!waiter) continue;
      waiting.delete(batch);
      if (failure) waiter.reject(errorOf(failure));
      else waiter.resolve();
    }
    if (waiting.size === 0) worker.unref();
  });
  const stop = (error: Error) => {
    stopped ??= error;
    for (const waiter of waiting.values()) waiter.reject(stopped);
    waiting.clear();
  };
  worker.on('error', stop);
  worker.on('exit', () => stop(new Error('SQLite writer stopped')));
  // An idle writer must not keep the process alive; a busy one must (its callers are waiting).
  // After the listeners: adding a 'message' listener refs the worker's port again.
  worker.unref();

  return {
    commit(ops) {
      if (stopped) return Promise.reject(stopped);
      let encoded: EncodedOp[];
      try {
        encoded = ops.map((op) => encode(op, table));
      } catch (error) {
        return Promise.reject(error);
      }
      const batch = next++;
      // Sent at once: the worker groups what arrives while it commits, so the commit of one
      // group overlaps the requests that make the next.
      if (waiting.size === 0) worker.ref();
      worker.postMessage({ batch, ops: encoded });
      return new Promise<void>((resolve, reject) => waiting.set(batch, { resolve, reject }));
    },
    close() {
      if (stopped) return;
      stopped = new Error('SQLite writer closed');
      worker.postMessage({ close: true });
      // The worker commits what it holds, closes its connection and raises the flag; the
      // answers it sent before are delivered to their callers as usual.
      Atomics.wait(closed, 0, 0, 30_000);
    },
  };
}

/**
 * The same group commit on the caller's own connection: for in-memory databases, which another
 * thread cannot open. A batch is applied when committed, so later reads on this connection see
 * it even before the group commits.
 */
export function inThreadWriter(db: SqliteDatabase, table: (collection: string) => string): SqliteWriter {
  const statements = new Map<string, Statement<unknown[]>>();
  const sql = (text: string) => {
    let statement = statements.get(text);
    if (!statement) {
      statement = db.prepare<unknown[]>(text);
      statements.set(text, statement);
    }
    return statement;
  };
  const apply = db.transaction((ops: readonly EncodedOp[]) => {
    for (const [kind, t, id, version, json, expectedVersion] of ops) {
      switch (kind) {
        case 'create': {
          const info = sql(`INSERT INTO ${t} (id, version, doc) VALUES (?, ?, ?) ON CONFLICT(id) DO NOTHING`).run(id, version, json);
          if (info.changes === 0) throw new WriteConflict(t, id, 'exists');
          break;
        }
        case 'update': {
          const info = sql(`UPDATE ${t} SET doc = ?, version = ? WHERE id = ? AND version = ?`).run(json, version, id, expectedVersion);
          if (info.changes === 0) throw new WriteConflict(t, id, sql(`SELECT 1 FROM ${t} WHERE id = ?`).get(id) ? 'version' : 'missing');
          break;
        }
        case 'put':
          sql(`INSERT INTO ${t} (id, version, doc) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc, version = excluded.version`).run(id, version, json);
          break;
        case 'delete':
          sql(`DELETE FROM ${t} WHERE id = ?`).run(id);
          break;
      }
    }
  });

  let open = false;
  let waiting: Waiter[] = [];
  const begin = sql('BEGIN IMMEDIATE');
  const commitGroup = sql('COMMIT');
  const flush = () => {
    if (!open) return;
    open = false;
    const group = waiting;
    waiting = [];
    try {
      commitGroup.run();
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      for (const batch of group) batch.reject(error);
      return;
    }
    for (const batch of group) batch.resolve();
  };
  return {
    commit(ops) {
      try {
        const encoded = ops.map((op) => encode(op, table));
        if (!open) {
          begin.run();
          open = true;
          setImmediate(flush);
        }
        // Nested in the open transaction, better-sqlite3 runs this in a savepoint.
        apply(encoded);
      } catch (error) {
        return Promise.reject(error);
      }
      return new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }));
    },
    close() {
      flush();
    },
  };
}
