import type BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import { createPrivateFile, ensurePrivateDir, restrictFile } from '../private-files';

export type SqliteDatabase = BetterSqlite3.Database;

/** Loaded on first use: CloudBase bundles never open SQLite and ship no native module. */
function sqliteDriver(): typeof BetterSqlite3 {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('better-sqlite3') as typeof BetterSqlite3;
}

/** A schema step, applied once and recorded in `schema_migrations`; ids sort in apply order. */
export interface Migration {
  id: string;
  sql: string;
}

/**
 * Opens (creating when needed) an SQLite file for the embedded default: WAL so readers never
 * wait for the writer, NORMAL sync (durable at each WAL checkpoint, safe against process
 * crashes), foreign keys on, and a busy timeout instead of immediate SQLITE_BUSY.
 */
export function openSqlite(file: string, migrations: readonly Migration[]): SqliteDatabase {
  if (file !== ':memory:') {
    ensurePrivateDir(path.dirname(file));
    // SQLite gives -wal and -shm the main file's permissions: make that 0600 before it opens.
    createPrivateFile(file);
  }
  const Database = sqliteDriver();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  if (file !== ':memory:') for (const side of ['-wal', '-shm']) restrictFile(`${file}${side}`);
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

export function migrate(db: SqliteDatabase, migrations: readonly Migration[]): void {
  // A connection opened only to read (no migrations of its own) must never take the write lock:
  // the owning connection may be holding a group-commit transaction open in this very process.
  if (migrations.length === 0) return;
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare('SELECT id FROM schema_migrations').pluck().all() as string[]);
  const apply = db.transaction((m: Migration) => {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(m.id, new Date().toISOString());
  });
  for (const m of [...migrations].sort((a, b) => a.id.localeCompare(b.id))) {
    if (!applied.has(m.id)) apply(m);
  }
}
