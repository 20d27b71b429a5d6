import { callHttp } from './support/http-client';
import { dataOf, filingFor, startReliabilityHarness, type ReliabilityHarness } from './support/reliability-harness';
import { figure, idNumberFor, recordFigures, recordIdNumbers } from './support/run-dir';

/** Materials over the HTTP storage routes: readable by the uploader and the filing's region reviewers only. */
const PART = '05-materials';

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
  const res = await fetch(`${base}/storage/upload`, { method: 'POST', body: text, headers });
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
