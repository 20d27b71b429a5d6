import fs from 'node:fs';
import path from 'node:path';
import { maskResidentId } from '../../core/identity/mask';
import { DOMAIN_EXAMPLE_IDS } from '../support/resident-ids';
import { DEMO_IDENTITIES } from '../../server/demo/demo-identities';
import { simulateFace } from '../support/identity-helpers';
import { dataOf, filingFor, startReliabilityHarness } from './support/reliability-harness';
import { figure, idNumberFor, recordFigures, recordIdNumbers, runDir, usedIdNumbers } from './support/run-dir';

/**
 * Runs last: every log line and every file under every part's data directory (the SQLite files
 * with their -wal/-shm, the notification sink, uploads) is scanned for every ID number the suite
 * sent. Only the encrypted `pii` column may hold them, and it holds ciphertext.
 */
const PART = '99-personal-data';

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Every 18-character window that looks like an ID number, read as bytes (binary-safe). */
function idLikeIn(file: string): { size: number; found: Set<string> } {
  const found = new Set<string>();
  let raw: Buffer;
  try {
    raw = fs.readFileSync(file);
  } catch (error) {
    // SQLite removes -wal/-shm when the last connection closes; their pages are in the main file then.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { size: 0, found };
    throw error;
  }
  const text = raw.toString('latin1');
  for (const m of text.matchAll(/(?=(\d{17}[\dXx]))/g)) found.add(m[1]!.toUpperCase());
  return { size: raw.length, found };
}

it('shows masked numbers only in lists, the queue, the inbox and error messages', async () => {
  const h = await startReliabilityHarness(PART);
  const id = idNumberFor(70, 0);
  recordIdNumbers(PART, [id]);
  const masked = maskResidentId(id);
  const answers: unknown[] = [];
  await h.bind('demo-resident-1', id);
  const filing = dataOf(await h.call<{ id: string }>('filing', 'demo-resident-1', { action: 'submit', idempotencyKey: 'pd-1', filing: filingFor(id) }));
  answers.push(filing);
  answers.push(await h.call('filing', 'demo-resident-1', { action: 'submit', idempotencyKey: 'pd-2', filing: filingFor(id, { startDate: '2026-12-02' }) }));
  answers.push(await h.call('filing', 'demo-resident-1', { action: 'submit', idempotencyKey: 'pd-3', filing: filingFor(`${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`) }));
  answers.push(await h.call('policy', undefined, { action: 'check', filing: filingFor(id, { treatmentRegion: '320100' }) }));
  answers.push(await h.call('filing', 'demo-resident-1', { action: 'list' }));
  answers.push(await h.call('filing', 'demo-resident-1', { action: 'get', id: filing.id }));
  answers.push(await h.call('review', 'demo-staff-suzhou', { action: 'queue' }));
  answers.push(await h.call('review', 'demo-staff-suzhou', { action: 'get', id: filing.id }));
  answers.push(await h.call('review', 'demo-staff-beijing', { action: 'get', id: filing.id }));
  dataOf(await h.call('scheduler', 'demo-admin', { action: 'tick' }));
  answers.push(await h.call('notification', 'demo-resident-1', { action: 'inbox' }));
  answers.push(await h.call('notification', 'demo-staff-suzhou', { action: 'inbox' }));
  // 实名认证: start, confirm and status answer masked numbers only, as do their refusals.
  const fresh = idNumberFor(70, 1);
  recordIdNumbers(PART, [fresh]);
  const started = await h.call<{ verifyId: string }>('identity', 'pd-fresh', { action: 'start', name: '张秀英', idNumber: fresh, purpose: 'self' });
  answers.push(started);
  await simulateFace(h.runtime, dataOf(started).verifyId, 'pass');
  answers.push(await h.call('identity', 'pd-fresh', { action: 'confirm', verifyId: dataOf(started).verifyId }));
  answers.push(await h.call('identity', 'pd-fresh', { action: 'status' }));
  answers.push(await h.call('identity', 'pd-fresh', { action: 'start', name: '张秀英', idNumber: fresh, purpose: 'family', relationship: 'mother' }));
  answers.push(await h.call('filing', 'pd-other', { action: 'submit', idempotencyKey: 'pd-4', filing: filingFor(fresh) }));
  await h.close();
  const text = JSON.stringify(answers);
  const full = text.split(id).length - 1;
  const maskedShown = text.includes(masked);
  const fullFresh = text.split(fresh).length - 1;
  recordFigures(PART, [figure(`full ID number in lists, queue, details, inbox, identity and error answers (${answers.length} answers)`, `${full + fullFresh} found; masked ${masked} shown: ${maskedShown ? 'yes' : 'no'}`, full + fullFresh === 0 && maskedShown)]);
  expect(full).toBe(0);
  expect(fullFresh).toBe(0);
  expect(maskedShown).toBe(true);
});

it('finds no ID number the suite used in any log or database file', () => {
  // The demo seed's verified people (identity records) are looked for too.
  const used = new Set([...usedIdNumbers(), ...DOMAIN_EXAMPLE_IDS, ...DEMO_IDENTITIES.flatMap((d) => [d.self.idNumber, ...d.family.map((m) => m.idNumber)])]);
  // The scanner itself must see a planted number among binary bytes (lower-case x included).
  const canary = path.join(runDir(), 'canary.bin');
  fs.writeFileSync(canary, Buffer.concat([Buffer.from([0, 1, 0xff]), Buffer.from('11010519491231002x'), Buffer.from([7])]));
  expect(idLikeIn(canary).found.has('11010519491231002X')).toBe(true);
  fs.rmSync(canary);
  const files = filesUnder(runDir()).filter((f) => !f.includes(`${path.sep}ids${path.sep}`) && !f.includes(`${path.sep}figures${path.sep}`));
  const logs = files.filter((f) => f.endsWith('.log'));
  const stores = files.filter((f) => /\.sqlite(-wal|-shm)?$/.test(f));
  let bytes = 0;
  const leaks: string[] = [];
  for (const file of files) {
    const { size, found } = idLikeIn(file);
    bytes += size;
    for (const candidate of found) if (used.has(candidate)) leaks.push(`${path.relative(runDir(), file)}: ${maskResidentId(candidate)}`);
  }
  recordFigures(PART, [figure(
    'full ID numbers found in logs and database files (raw bytes, incl. -wal/-shm)',
    `${leaks.length} found; ${used.size.toLocaleString('en')} IDs looked for in ${files.length} files (${logs.length} logs, ${stores.length} SQLite files, ${(bytes / 1e6).toFixed(0)} MB)`,
    leaks.length === 0 && stores.length > 0,
  )]);
  expect(leaks).toEqual([]);
  expect(stores.length).toBeGreaterThan(0);
});
