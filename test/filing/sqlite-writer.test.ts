import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteFilingRepository } from '../../server/filing/sqlite-filing-repository';
import { Collections } from '../../server/filing/filing-records';
import { WriteConflict, type WriteOp } from '../../server/store/document-store';
import type { FilingRepository } from '../../server/filing/filing-repository.port';

/**
 * The group commit behind every SQLite write (issue 16): on a database file it runs in a worker
 * thread, in memory on the caller's thread. Both keep the document-store contract: a batch is
 * all or nothing, a lost race is a WriteConflict naming what it lost on, and one failing batch
 * of a group leaves the others written.
 */
const draft = (id: string, version = 1, note = 'a') => ({ id, version, openid: id, note });
const create = (id: string): WriteOp => ({ kind: 'create', collection: Collections.drafts, doc: draft(id) });

async function conflictOf(promise: Promise<void>): Promise<WriteConflict> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(WriteConflict);
  return error as WriteConflict;
}

describe.each([
  ['a database file (worker thread)', 'file'],
  ['an in-memory database (same thread)', 'memory'],
])('SQLite writes on %s', (_name, kind) => {
  let dir: string;
  let repo: FilingRepository;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-writer-'));
    repo = openSqliteFilingRepository(kind === 'file' ? dir : ':memory:');
  });
  afterEach(() => {
    repo.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('commits concurrent batches as a group, failing only the batch that lost a race', async () => {
    await repo.commit([create('d0')]);
    const results = await Promise.allSettled([
      repo.commit([create('d1'), create('d2')]),
      // d0 exists: this batch fails whole, so d3 is not written either.
      repo.commit([create('d3'), create('d0')]),
      repo.commit([create('d4')]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const ids = await Promise.all(['d0', 'd1', 'd2', 'd3', 'd4'].map((id) => repo.get(Collections.drafts, id)));
    expect(ids.map((d) => d?.id)).toEqual(['d0', 'd1', 'd2', undefined, 'd4']);
  });

  it('names the document and the reason of every conflict', async () => {
    await repo.commit([create('d1')]);
    const exists = await conflictOf(repo.commit([create('d1')]));
    expect([exists.collection, exists.id, exists.reason]).toEqual([Collections.drafts, 'd1', 'exists']);
    const stale = await conflictOf(repo.commit([{ kind: 'update', collection: Collections.drafts, doc: draft('d1', 3), expectedVersion: 2 }]));
    expect(stale.reason).toBe('version');
    const missing = await conflictOf(repo.commit([{ kind: 'update', collection: Collections.drafts, doc: draft('nobody', 2), expectedVersion: 1 }]));
    expect(missing.reason).toBe('missing');
  });

  it('applies updates, puts and deletes in batch order, and sees each commit once it is answered', async () => {
    await repo.commit([create('d1')]);
    await repo.commit([
      { kind: 'update', collection: Collections.drafts, doc: draft('d1', 2, 'b'), expectedVersion: 1 },
      { kind: 'put', collection: Collections.drafts, doc: draft('d2', 1, 'p') },
      { kind: 'delete', collection: Collections.drafts, id: 'd2' },
      { kind: 'put', collection: Collections.drafts, doc: draft('d3', 1, 'q') },
    ]);
    expect(await repo.get(Collections.drafts, 'd1')).toMatchObject({ version: 2, note: 'b' });
    expect(await repo.get(Collections.drafts, 'd2')).toBeUndefined();
    expect(await repo.get(Collections.drafts, 'd3')).toMatchObject({ note: 'q' });
  });

  it('refuses an unknown collection without writing the batch', async () => {
    await expect(repo.commit([create('d1'), { kind: 'create', collection: 'nope', doc: { id: 'x' } }])).rejects.toThrow('unknown collection');
    expect(await repo.get(Collections.drafts, 'd1')).toBeUndefined();
  });
});

describe('the worker thread writer', () => {
  it('writes what it was given before close, and the file holds it when opened again', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-writer-close-'));
    try {
      const repo = openSqliteFilingRepository(dir);
      const pending = Array.from({ length: 50 }, (_, i) => repo.commit([create(`d${i}`)]));
      repo.close();
      await Promise.all(pending);
      await expect(repo.commit([create('late')])).rejects.toThrow('closed');
      const reopened = openSqliteFilingRepository(dir);
      try {
        expect(await reopened.count(Collections.drafts)).toBe(50);
      } finally {
        reopened.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets the process exit while a store it never closed sits idle', () => {
    // A writer thread that kept the event loop alive hung every host that forgets a close: the
    // test runner after its last suite, a script after its last line. The child writes once,
    // never closes, opens a second store it never writes to, and must end by itself (the kill is
    // only there to fail instead of hanging).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-writer-idle-'));
    try {
      const script = [
        `const { openSqliteFilingRepository } = require(${JSON.stringify(path.resolve(__dirname, '../../server/filing/sqlite-filing-repository'))});`,
        `const repo = openSqliteFilingRepository(${JSON.stringify(dir)});`,
        `openSqliteFilingRepository(${JSON.stringify(path.join(dir, 'untouched'))});`,
        `repo.commit([${JSON.stringify(create('d1'))}]).then(() => console.log('written'));`,
      ].join('\n');
      const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: path.resolve(__dirname, '../..'), encoding: 'utf8', timeout: 50_000, killSignal: 'SIGKILL' });
      expect(child.signal).toBeNull();
      expect(child.stderr).toBe('');
      expect(child.stdout.trim()).toBe('written');
      expect(child.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
