'use strict';
/*
 * The write side of a document-store SQLite file, in its own thread (see sqlite-writer.ts).
 * Plain CommonJS so that every host loads it as is: tsx, jest and node alike.
 *
 * Messages in:  { batch: number, ops: EncodedOp[] }  and  { close: true }
 * Messages out: { done: [batch, failure?][] }, once per group, after its commit
 * An EncodedOp is [kind, table, id, version, json, expectedVersion], built on the main thread
 * (documents arrive as JSON text: no structured clone of objects, no second stringify).
 */
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');

const { file, closed } = workerData;
const db = new Database(file);
// The same settings as openSqlite; the main thread created the file and ran the migrations.
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
// The writer's own (issue 16: its time went to page writes): a checkpoint every 10,000 WAL pages
// rather than 1,000 writes each page the commits keep dirtying back once per ten times as many
// commits. The WAL then grows to ~40 MB between checkpoints. A 64 MB page cache and a memory map
// were measured too, and were slower: both cost at every commit.
db.pragma('wal_autocheckpoint = 10000');

const statements = new Map();
function sql(text) {
  let statement = statements.get(text);
  if (!statement) {
    statement = db.prepare(text);
    statements.set(text, statement);
  }
  return statement;
}

class Conflict extends Error {
  constructor(table, id, reason) {
    super(`write conflict on ${table}/${id}: ${reason}`);
    this.conflict = { collection: table, id, reason };
  }
}

function applyOp([kind, t, id, version, json, expectedVersion]) {
  switch (kind) {
    case 'create': {
      const info = sql(`INSERT INTO ${t} (id, version, doc) VALUES (?, ?, ?) ON CONFLICT(id) DO NOTHING`).run(id, version, json);
      if (info.changes === 0) throw new Conflict(t, id, 'exists');
      return;
    }
    case 'update': {
      const info = sql(`UPDATE ${t} SET doc = ?, version = ? WHERE id = ? AND version = ?`).run(json, version, id, expectedVersion);
      if (info.changes === 0) throw new Conflict(t, id, sql(`SELECT 1 FROM ${t} WHERE id = ?`).get(id) ? 'version' : 'missing');
      return;
    }
    case 'put':
      sql(`INSERT INTO ${t} (id, version, doc) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc, version = excluded.version`).run(id, version, json);
      return;
    case 'delete':
      sql(`DELETE FROM ${t} WHERE id = ?`).run(id);
      return;
    default:
      throw new Error(`unknown write ${kind}`);
  }
}

// Nested in the group's transaction, better-sqlite3 runs each batch in its own savepoint: a
// failing batch is undone alone, and later batches see earlier ones in the order they were sent.
const applyBatch = db.transaction((ops) => {
  for (const op of ops) applyOp(op);
});

function failureOf(error) {
  if (error && error.conflict) return { conflict: error.conflict };
  return { message: String((error && error.message) || error), code: error && error.code };
}

/*
 * Group commit: every batch that arrives while the thread is busy (committing the previous
 * group) joins one transaction, each in its own savepoint; the transaction commits at the end of
 * the turn, and only then is any batch answered. The busier the service, the fewer commits per
 * submit; automatic checkpoints run here too, off the main thread.
 */
let open = false;
let pending = [];
const begin = sql('BEGIN IMMEDIATE');
const commit = sql('COMMIT');

function flush() {
  if (!open) return;
  open = false;
  const group = pending;
  pending = [];
  try {
    commit.run();
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    const failure = failureOf(error);
    parentPort.postMessage({ done: group.map((g) => [g.batch, failure]) });
    return;
  }
  // One message per group: the main thread pays per message, not per batch.
  parentPort.postMessage({ done: group.map((g) => (g.failure ? [g.batch, g.failure] : [g.batch])) });
}

function onBatch({ batch, ops }) {
  if (!open) {
    try {
      begin.run();
    } catch (error) {
      // The file stayed locked past the busy timeout: this batch fails, the next one tries again.
      parentPort.postMessage({ done: [[batch, failureOf(error)]] });
      return;
    }
    open = true;
    setImmediate(flush);
  }
  let failure;
  try {
    applyBatch(ops);
  } catch (error) {
    failure = failureOf(error);
  }
  pending.push({ batch, failure });
}

parentPort.on('message', (message) => {
  if (message.close) {
    flush();
    db.close();
    // The main thread waits on this flag in a synchronous close().
    Atomics.store(closed, 0, 1);
    Atomics.notify(closed, 0);
    parentPort.close();
    return;
  }
  onBatch(message);
});
