import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { callHttp } from './support/http-client';
import { heicBytes, jpegBytes, NOT_MATERIALS, pdfBytes, pngBytes, webpBytes } from '../support/material-bytes';
import { rowCounts } from './support/store-probe';
import { dataOf, filingFor, startReliabilityHarness, type ReliabilityHarness } from './support/reliability-harness';
import { figure, idNumberFor, recordFigures, recordIdNumbers } from './support/run-dir';

/** Materials over the HTTP storage routes: readable by the uploader and the filing's region reviewers only. */
const PART = '05-materials';
const n = (x: number) => x.toLocaleString('en');

let h: ReliabilityHarness;
let base: string;

beforeAll(async () => {
  h = await startReliabilityHarness(PART);
  base = await h.serve();
});
afterAll(async () => {
  await h.close();
});

async function upload(openid: string | undefined, text: string): Promise<{ status: number; fileId?: string; code?: string }> {
  const headers: Record<string, string> = { 'content-type': 'image/jpeg', 'x-file-name': encodeURIComponent('居住证明.jpg') };
  if (openid) headers['x-wx-openid'] = openid;
  const res = await fetch(`${base}/storage/upload`, { method: 'POST', body: jpegBytes(text), headers });
  const body = (await res.json()) as { ok: boolean; data?: { fileId: string }; error?: { code: string } };
  return { status: res.status, ...(body.data ? { fileId: body.data.fileId } : {}), ...(body.error ? { code: body.error.code } : {}) };
}

async function read(openid: string | undefined, fileId: string, query: Record<string, string> = {}): Promise<number> {
  const headers: Record<string, string> = openid ? { 'x-wx-openid': openid } : {};
  const params = new URLSearchParams({ fileId, ...query });
  const res = await fetch(`${base}/storage/file?${params.toString()}`, { headers });
  await res.arrayBuffer();
  return res.status;
}

it('lets only the uploader and the reviewers of the filing’s region read a material', async () => {
  const idNumber = idNumberFor(60, 0);
  recordIdNumbers(PART, [idNumber]);
  const attached = await upload('demo-resident-1', 'proof of residence');
  const loose = await upload('demo-resident-1', 'not attached to any filing');
  expect(attached.fileId && loose.fileId).toBeTruthy();
  expect((await upload(undefined, 'anonymous')).code).toBe('AUTH.NO_IDENTITY');

  // Another resident cannot attach someone else's upload to a filing of theirs.
  await h.bind('demo-resident-2', idNumberFor(60, 1));
  const stolen = await callHttp(base, 'filing', 'demo-resident-2', {
    action: 'submit', idempotencyKey: 'steal', filing: filingFor(idNumberFor(60, 1), { proof: { kind: 'documents', fileIds: [attached.fileId] } }),
  });
  recordIdNumbers(PART, [idNumberFor(60, 1)]);
  expect(stolen.body.ok ? 'ok' : stolen.body.error.code).toBe('FILING.MATERIAL_NOT_YOURS');

  await h.bind('demo-resident-1', idNumber);
  dataOf((await callHttp(base, 'filing', 'demo-resident-1', {
    action: 'submit', idempotencyKey: 'with-proof', filing: filingFor(idNumber, { proof: { kind: 'documents', fileIds: [attached.fileId] } }),
  })).body);

  const cases: [string, string | undefined, string, number][] = [
    ['uploader, attached file', 'demo-resident-1', attached.fileId!, 200],
    ['uploader, loose file', 'demo-resident-1', loose.fileId!, 200],
    ['Suzhou reviewer (the filing’s region)', 'demo-staff-suzhou', attached.fileId!, 200],
    ['Suzhou reviewer, file of no filing', 'demo-staff-suzhou', loose.fileId!, 404],
    ['Beijing reviewer (another region)', 'demo-staff-beijing', attached.fileId!, 404],
    ['admin (covers no region)', 'demo-admin', attached.fileId!, 404],
    ['another resident', 'demo-resident-2', attached.fileId!, 404],
    ['no identity', undefined, attached.fileId!, 401],
    ['malformed file id', 'demo-resident-1', '../../filings.sqlite', 404],
  ];
  const statuses = [];
  for (const [, openid, fileId, expected] of cases) statuses.push([await read(openid, fileId), expected]);
  // An identity forged in the query string changes nothing.
  statuses.push([await read('demo-resident-2', attached.fileId!, { openid: 'demo-resident-1', 'x-wx-openid': 'demo-resident-1' }), 404]);
  const matched = statuses.filter(([got, want]) => got === want).length;
  const refusedLogged = h.logs.filter((l) => l.includes('"event":"storage.refused"')).length;
  recordFigures(PART, [
    figure('material reads: uploader, region reviewers, other region, admin, other resident, none, forged', `${matched} of ${statuses.length} as expected; ${refusedLogged} refusals logged`, matched === statuses.length && refusedLogged >= 4),
    figure('attaching another resident’s upload to one’s own filing', stolen.body.ok ? 'accepted' : stolen.body.error.code, !stolen.body.ok && stolen.body.error.code === 'FILING.MATERIAL_NOT_YOURS'),
  ]);
  expect(statuses.map(([got]) => got)).toEqual(statuses.map(([, want]) => want));
  expect(refusedLogged).toBeGreaterThanOrEqual(4);
});

const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 10_000);
const PER_CLASS = Math.max(100, Math.round(RUNS / 20));
const REAL: Record<string, [() => Buffer, string]> = {
  jpeg: [() => jpegBytes(`j${Math.random()}`), 'image/jpeg'], png: [() => pngBytes(`p${Math.random()}`), 'image/png'], pdf: [() => pdfBytes(`d${Math.random()}`), 'application/pdf'],
  heic: [() => heicBytes(`h${Math.random()}`), 'image/heic'], webp: [() => webpBytes(`w${Math.random()}`), 'image/webp'],
};
const SIGNATURES = [[0xff, 0xd8, 0xff], [0x89, 0x50, 0x4e, 0x47], [0x25, 0x50, 0x44, 0x46], [0x52, 0x49, 0x46, 0x46]];
const filesOnDisk = () => (fs.existsSync(path.join(h.dataDir, 'files')) ? fs.readdirSync(path.join(h.dataDir, 'files')).length : 0);

it('#3 accepts only images and PDF by their leading bytes, whatever they claim, and serves them as what they are', async () => {
  const fake = fc.oneof(
    fc.constantFrom(...Object.keys(NOT_MATERIALS)).map((k) => NOT_MATERIALS[k]!),
    fc.uint8Array({ minLength: 1, maxLength: 200 }).map((a) => Buffer.from(a)).filter((b) => !SIGNATURES.some((s) => s.every((x, i) => b[i] === x)) && !b.subarray(4, 8).equals(Buffer.from('ftyp'))),
    fc.string({ minLength: 1, maxLength: 200 }).map((s) => Buffer.from(`<html>${s}`)),
  );
  const upload = fc.record({
    real: fc.option(fc.constantFrom(...Object.keys(REAL)), { nil: undefined, freq: 2 }),
    fake,
    declared: fc.constantFrom('image/jpeg', 'image/png', 'application/pdf', 'text/html', 'image/svg+xml', 'application/octet-stream', 'text/javascript'),
    name: fc.constantFrom('居住证明.jpg', 'x.html', 'a.svg', '证明.pdf', 'evil.js'),
  });
  const filesBefore = filesOnDisk();
  let accepted = 0;
  let refused = 0;
  const wrong: string[] = [];
  for (const u of fc.sample(upload, { numRuns: PER_CLASS, seed: 3 })) {
    const bytes = u.real ? REAL[u.real]![0]() : u.fake;
    const res = await fetch(`${base}/storage/upload`, { method: 'POST', body: bytes, headers: { 'content-type': u.declared, 'x-file-name': encodeURIComponent(u.name), 'x-wx-openid': 'demo-resident-1' } });
    const body = (await res.json()) as { ok: boolean; data?: { fileId: string }; error?: { code: string } };
    if (!u.real) {
      refused += 1;
      if (res.status !== 415 || body.error?.code !== 'STORAGE.TYPE_NOT_ALLOWED') wrong.push(`${u.declared} fake: ${res.status} ${body.error?.code ?? 'ok'}`);
      continue;
    }
    accepted += 1;
    const got = await fetch(`${base}/storage/file?fileId=${encodeURIComponent(body.data?.fileId ?? '')}`, { headers: { 'x-wx-openid': 'demo-resident-1' } });
    const served = Buffer.from(await got.arrayBuffer());
    const headersRight = got.headers.get('content-type') === REAL[u.real]![1] && got.headers.get('x-content-type-options') === 'nosniff' && (got.headers.get('content-disposition') ?? '').startsWith('attachment;');
    if (res.status !== 200 || got.status !== 200 || !served.equals(bytes) || !headersRight) wrong.push(`${u.real} as ${u.declared}: ${res.status}/${got.status} ${got.headers.get('content-type')}`);
  }
  const stored = filesOnDisk() - filesBefore;
  recordFigures(PART, [figure('#3 uploads that lie about their type (real images/PDF and HTML, SVG, scripts, random bytes × 7 declared types)', `${n(accepted)} real ones stored and served as their true type with nosniff + attachment; ${n(refused)} others → 415; ${stored} files stored; ${wrong.length} wrong`, wrong.length === 0 && stored === accepted)]);
  expect(wrong.slice(0, 5)).toEqual([]);
  expect(stored).toBe(accepted);
});

it('#4 registers no unregistered, foreign or absent file; an absent registered file answers a coded refusal', async () => {
  const theirs = (await (await fetch(`${base}/storage/upload`, { method: 'POST', body: jpegBytes('theirs'), headers: { 'content-type': 'image/jpeg', 'x-wx-openid': 'demo-resident-2' } })).json()) as { data: { fileId: string } };
  const mine = (await (await fetch(`${base}/storage/upload`, { method: 'POST', body: jpegBytes('mine'), headers: { 'content-type': 'image/jpeg', 'x-wx-openid': 'demo-resident-1' } })).json()) as { data: { fileId: string } };
  const pathChars = fc.stringMatching(/^[\w.:/-]{1,120}$/);
  const ids = fc.oneof(
    pathChars,
    fc.array(fc.constantFrom('..', '.', 'files', 'pii.key', 'filings.sqlite', 'etc', 'passwd'), { minLength: 1, maxLength: 6 }).map((p) => p.join('/')),
    fc.record({ env: fc.stringMatching(/^[a-z][a-z0-9-]{2,20}$/), bucket: fc.stringMatching(/^[a-z0-9-]{3,30}$/), p: pathChars }).map(({ env, bucket, p }) => `cloud://${env}.${bucket}/${p}`),
    fc.uuid().map((u) => `cloud://local/${u}`),
    fc.constantFrom(theirs.data.fileId, `${mine.data.fileId}0`, mine.data.fileId.toUpperCase(), `${mine.data.fileId}/../x`),
  );
  await h.bind('demo-resident-1', idNumberFor(61, 0));
  const before = rowCounts(h.dataDir);
  const codes = new Map<string, number>();
  const wrong: string[] = [];
  let sent = 0;
  for (const [i, fileId] of fc.sample(ids, { numRuns: PER_CLASS, seed: 4 }).entries()) {
    const registered = await callHttp(base, 'filing', 'demo-resident-1', { action: 'registerMaterial', fileId });
    const submitted = await callHttp(base, 'filing', 'demo-resident-1', { action: 'submit', idempotencyKey: `forged-file-${i}`, filing: filingFor(idNumberFor(61, 0), { proof: { kind: 'documents', fileIds: [fileId] } }) });
    sent += 2;
    for (const answer of [registered, submitted]) {
      const code = answer.body.ok ? 'ok' : answer.body.error.code;
      codes.set(code, (codes.get(code) ?? 0) + 1);
      if (!['STORAGE.FILE_NOT_FOUND', 'FILING.MATERIAL_NOT_YOURS', 'REQUEST.INVALID'].includes(code) || answer.status !== 200) wrong.push(`${fileId}: ${answer.status} ${code}`);
    }
  }
  recordIdNumbers(PART, [idNumberFor(61, 0)]);
  const changed = Object.keys(before).filter((t) => before[t] !== rowCounts(h.dataDir)[t]);
  // Registered, attached, then its bytes vanish: every way of opening it answers a coded refusal.
  let absent = 0;
  for (let i = 0; i < 5; i++) {
    const up = (await (await fetch(`${base}/storage/upload`, { method: 'POST', body: jpegBytes(`gone ${i}`), headers: { 'content-type': 'image/jpeg', 'x-wx-openid': 'demo-resident-1' } })).json()) as { data: { fileId: string } };
    const idNumber = idNumberFor(61, i + 1);
    recordIdNumbers(PART, [idNumber]);
    await h.bind('demo-resident-1', idNumber);
    dataOf((await callHttp(base, 'filing', 'demo-resident-1', { action: 'submit', idempotencyKey: `absent-${i}`, filing: filingFor(idNumber, { treatmentRegion: ['440300', '110100', '510100', '330100', '420100'][i], proof: { kind: 'documents', fileIds: [up.data.fileId] } }) })).body);
    fs.rmSync(path.join(h.dataDir, 'files', up.data.fileId.slice('cloud://local/'.length)));
    for (const openid of ['demo-resident-1', 'demo-staff-suzhou']) {
      absent += 1;
      const res = await fetch(`${base}/storage/file?fileId=${encodeURIComponent(up.data.fileId)}`, { headers: { 'x-wx-openid': openid } });
      const body = (await res.json()) as { error?: { code: string } };
      if (res.status !== 404 || body.error?.code !== 'STORAGE.FILE_NOT_FOUND') wrong.push(`absent file read by ${openid}: ${res.status} ${body.error?.code}`);
    }
    const again = await callHttp(base, 'filing', 'demo-resident-1', { action: 'registerMaterial', fileId: up.data.fileId });
    absent += 1;
    if (again.body.ok || again.body.error.code !== 'STORAGE.FILE_NOT_FOUND') wrong.push('absent file registered');
  }
  const breakdown = [...codes.entries()].map(([c, k]) => `${c.replace(/^[A-Z]+\./, '')}×${k}`).join(', ');
  recordFigures(PART, [figure('#4 registering or attaching paths, other environments’ IDs, absent and other residents’ files; opening a registered file whose bytes are gone', `${n(sent)} refused (${breakdown}); ${changed.length} tables changed; ${absent} absent-file answers coded; ${wrong.length} wrong`, wrong.length === 0 && changed.length === 0)]);
  expect(wrong.slice(0, 5)).toEqual([]);
  expect(changed).toEqual([]);
});
