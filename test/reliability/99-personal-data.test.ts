import fs from 'node:fs';
import path from 'node:path';
import { maskResidentId } from '../../core/identity/mask';
import { DOMAIN_EXAMPLE_IDS } from '../support/resident-ids';
import { DEMO_IDENTITIES } from '../../server/demo/demo-identities';
import { simulateFace } from '../support/identity-helpers';
import { dataOf, filingFor, startReliabilityHarness, type ReliabilityHarness } from './support/reliability-harness';
import { figure, idNumberFor, recordFigures, recordIdNumbers, runDir, usedIdNumbers } from './support/run-dir';
import { allActions, validExample, type ExampleRefs } from './support/actions';
import { PLANT_STYLES, plantedText, stringLeaves, withAt } from './support/hostile';
import { materialStorage } from '../../server/storage/material-storage';
import { jpegBytes, pdfBytes } from '../support/material-bytes';
import { zipEntries } from '../support/zip-entries';
import { chinaToday } from '../../core/time/china-date';

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

/** Every 18-character window that looks like an ID number (and every 15-digit one), read as bytes (binary-safe). */
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
  for (const m of text.matchAll(/(?=(\d{15}))/g)) found.add(m[1]!);
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
  // The desk's history and its spreadsheet export (issue 14): every entry of the .xlsx, unzipped, as an answer.
  dataOf(await h.call('review', 'demo-staff-suzhou', { action: 'claim', id: filing.id }));
  dataOf(await h.call('review', 'demo-staff-suzhou', { action: 'approve', id: filing.id, reason: '符合条件' }));
  const today = chinaToday(h.runtime.clock.now());
  answers.push(await h.call('review', 'demo-staff-suzhou', { action: 'history', from: today, to: today }));
  const exported = dataOf(await h.call<{ fileId: string; rows: number }>('review', 'demo-staff-suzhou', { action: 'export', from: today, to: today }));
  expect(exported.rows).toBeGreaterThan(0);
  const workbook = dataOf(await materialStorage(h.ctx).read('demo-staff-suzhou', exported.fileId));
  answers.push(Object.fromEntries(zipEntries(workbook.bytes)));
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

/** Free-text planting: who calls each function, and the state its filing must be in to be accepted. */
const PLANT_CALLER: Record<string, string | undefined> = { policy: undefined, filing: 'demo-resident-1', review: 'demo-staff-suzhou', institution: undefined, notification: 'demo-resident-1', scheduler: 'demo-admin', identity: 'demo-resident-1' };
const ADMIN_ACTIONS = new Set(['review.staffList', 'review.staffAdd', 'review.staffRemove', 'review.staffUpdate', 'review.piiAccessLog', 'notification.deadLetters', 'notification.retryDeadLetter', 'policy.propose', 'policy.approve', 'policy.changes', 'policy.loadCalendar']);
const PLANT_STATE: Record<string, { state: 'submitted' | 'in_review' | 'approved' | 'returned'; type?: string }> = {
  'filing.cancel': { state: 'approved', type: 'other_temporary' },
  'filing.change': { state: 'approved' },
  'filing.supplement': { state: 'returned' },
  'review.release': { state: 'in_review' },
  'review.approve': { state: 'in_review' },
  'review.reject': { state: 'in_review' },
  'review.return': { state: 'in_review' },
  'review.previewDecision': { state: 'in_review' },
};
/** Every free-text field of a filing at once (referral: hospital and diagnosis; an agent: the relationship). */
const richFiling = (idNumber: string) => filingFor(idNumber, {
  type: 'referral', treatmentRegion: '110100', residenceAddress: '北京市东城区1号', hospital: { name: '深圳市人民医院' }, diagnosis: '冠心病', memo: '备注',
  agent: { name: '李四', idNumber: idNumberFor(71, 0), phone: '13900139000', relationship: '子女' }, proof: { kind: 'documents', fileIds: [] },
});

it('plants ID numbers in every string field of every action, upload names and file contents, and shows none in full', async () => {
  const h: ReliabilityHarness = await startReliabilityHarness(`${PART}-planted`);
  let serial = 0;
  const planted: string[] = [];
  const answers: unknown[] = [];
  const fresh = () => idNumberFor(72 + Math.floor(serial / 800), serial++ % 800);
  const prepare = async (key: string): Promise<ExampleRefs> => {
    const idNumber = fresh();
    recordIdNumbers(PART, [idNumber]);
    const want = PLANT_STATE[key] ?? { state: 'submitted' };
    const over = want.type ? { type: want.type, residenceAddress: undefined } : {};
    await h.bind('demo-resident-1', idNumber);
    const { id } = dataOf(await h.call<{ id: string }>('filing', 'demo-resident-1', { action: 'submit', idempotencyKey: `plant-prep-${serial}`, filing: filingFor(idNumber, { ...over, treatmentRegion: '440300' }) }));
    if (want.state !== 'submitted') dataOf(await h.call('review', 'demo-staff-suzhou', { action: 'claim', id }));
    if (want.state === 'approved') dataOf(await h.call('review', 'demo-staff-suzhou', { action: 'approve', id }));
    if (want.state === 'returned') dataOf(await h.call('review', 'demo-staff-suzhou', { action: 'return', id, reason: '请补充材料' }));
    const file = dataOf(await materialStorage(h.ctx).upload('demo-resident-1', '材料.jpg', jpegBytes(`prep ${serial}`)));
    // The applicant of the action's own filing (submit, precheck, policy.check) is the caller's verified self.
    return { filingId: id, fileId: file.fileId, idNumber };
  };
  let fields = 0;
  let accepted = 0;
  let refused = 0;
  const actions = allActions();
  for (const ref of actions) {
    const key = `${ref.fn}.${ref.action}`;
    const example = (refs: ExampleRefs): Record<string, unknown> => {
      const valid = validExample(ref.fn, ref.action, refs);
      if (key === 'filing.submit' || key === 'filing.precheck' || key === 'policy.check') return { ...valid, filing: { ...richFiling(refs.idNumber), proof: { kind: 'documents', fileIds: [refs.fileId] } } };
      return valid;
    };
    const leaves = stringLeaves({ action: ref.action, ...example({ filingId: 'x', fileId: 'y', idNumber: idNumberFor(71, 1) }) }).filter((p) => p[0] !== 'action' && p[p.length - 1] !== 'idNumber');
    fields += leaves.length;
    for (const leaf of leaves) {
      for (const style of PLANT_STYLES) {
        const refs = await prepare(key);
        const id = fresh();
        const plant = plantedText(id, style);
        planted.push(...plant.numbers);
        recordIdNumbers(PART, [...plant.numbers, refs.idNumber]);
        const event: Record<string, unknown> = withAt({ action: ref.action, ...example(refs) }, leaf, plant.text);
        if (key === 'filing.submit' && leaf[0] !== 'idempotencyKey') event.idempotencyKey = `plant-${serial}`;
        const caller = ADMIN_ACTIONS.has(key) ? 'demo-admin' : PLANT_CALLER[ref.fn];
        const result = await h.call(ref.fn, caller, event);
        answers.push(result);
        if (result.ok) accepted += 1;
        else refused += 1;
      }
    }
  }
  // Over HTTP: a number in an upload's name, and inside a PDF's own bytes (stored sealed).
  const base = await h.serve();
  for (const style of PLANT_STYLES) {
    const plant = plantedText(fresh(), style);
    planted.push(...plant.numbers);
    recordIdNumbers(PART, plant.numbers);
    for (const [bytes, name] of [[jpegBytes(), `${plant.text}.jpg`], [pdfBytes(`身份证 ${plant.text}`), '证明.pdf']] as const) {
      const res = await fetch(`${base}/storage/upload`, { method: 'POST', body: bytes, headers: { 'content-type': 'image/jpeg', 'x-file-name': encodeURIComponent(name), 'x-wx-openid': 'demo-resident-1' } });
      answers.push(await res.json());
    }
  }
  dataOf(await h.call('scheduler', 'demo-admin', { action: 'tick' }));
  for (const openid of ['demo-resident-1', 'demo-staff-suzhou']) answers.push(await h.call('notification', openid, { action: 'inbox', limit: 50 }));
  answers.push(await h.call('filing', 'demo-resident-1', { action: 'list', limit: 50 }));
  answers.push(await h.call('review', 'demo-staff-suzhou', { action: 'queue', limit: 50 }));
  answers.push(await h.call('review', 'demo-admin', { action: 'staffList' }));
  await h.close();
  const text = JSON.stringify(answers).toUpperCase();
  const shown = planted.filter((p) => text.includes(p));
  recordFigures(PART, [figure(
    `#2 ID numbers planted (${PLANT_STYLES.length} ways: glued to letters, digits, Chinese, lower x, 15 digits) in ${fields} string fields of ${actions.length} actions, upload names and PDF contents`,
    `${planted.length.toLocaleString('en')} planted (${accepted} calls accepted, ${refused} refused); ${shown.length} shown in full in ${answers.length} answers`,
    shown.length === 0 && accepted > 0,
  )]);
  expect(shown).toEqual([]);
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
    'full ID numbers (the planted ones included) found in logs, database files (raw bytes, incl. -wal/-shm) and stored files',
    `${leaks.length} found; ${used.size.toLocaleString('en')} IDs looked for in ${files.length} files (${logs.length} logs, ${stores.length} SQLite files, ${(bytes / 1e6).toFixed(0)} MB)`,
    leaks.length === 0 && stores.length > 0,
  )]);
  expect(leaks).toEqual([]);
  expect(stores.length).toBeGreaterThan(0);
});
