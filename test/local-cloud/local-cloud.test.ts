import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import fc from 'fast-check';
import { createLocalCloud, listen } from '../../server/local-cloud/local-cloud';
import { FUNCTIONS } from '../../server/local-cloud/function-registry';
import { createLocalRuntime, setRuntime } from '../../server/runtime/runtime';
import { fixedClock } from '../../server/kernel/clock';
import { createLogger } from '../../server/kernel/logger';
import { ERROR_MESSAGES } from '../../core/errors/error-code';
import type { CloudFunctionMain } from '../../server/kernel/cloud-function';
import { EXAMPLE_FILING } from '../support/example-filing';

const CHINESE = /[\u4e00-\u9fff]/;

let dataDir: string;
let server: http.Server;
let base: string;
const logLines: string[] = [];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-'));
  const runtime = createLocalRuntime({
    dataDir,
    clock: fixedClock('2026-06-01T02:00:00Z'),
    log: createLogger((line) => logLines.push(line)),
  });
  setRuntime(runtime);
  server = createLocalCloud({ runtime, functions: FUNCTIONS });
  base = `http://127.0.0.1:${await listen(server, 0)}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  setRuntime(undefined);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: { ok: boolean; data?: unknown; error?: { code: string; message: string; fields?: Record<string, string> } };
}

async function post(name: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${base}/fn/${name}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

const call = (name: string, event: unknown) => post(name, JSON.stringify(event));

/** Every refusal: HTTP 200/400/404/413, the error envelope, a known code and its Chinese message. */
function expectCodedError(answer: Answer, code?: string): void {
  expect([200, 400, 404, 413]).toContain(answer.status);
  expect(answer.body.ok).toBe(false);
  const error = answer.body.error!;
  expect(Object.keys(ERROR_MESSAGES)).toContain(error.code);
  if (code) expect(error.code).toBe(code);
  expect(error.message).toMatch(CHINESE);
  expect(error.code).not.toBe('SYSTEM.INTERNAL');
  for (const message of Object.values(error.fields ?? {})) expect(message).toMatch(CHINESE);
}

describe('local cloud over HTTP', () => {
  it('answers GET /health with 200', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, data: { status: 'up' } });
  });

  it('answers policy.get 320500 with the Suzhou values and where each comes from', async () => {
    const { status, body } = await call('policy', { action: 'get', region: '320500' });
    expect(status).toBe(200);
    expect(body).toEqual({
      ok: true,
      data: expect.objectContaining({ region: '320500', regionName: '江苏省苏州市' }),
    });
    const data = body.data as { values: Record<string, unknown>; origins: Record<string, { level: string }> };
    expect(data.values['validity.other_temporary']).toEqual({ amount: 12, unit: 'month' });
    expect(data.values['benefit.other_temporary']).toEqual({ kind: 'multiply', factor: 0.8 });
    expect(data.origins['validity.other_temporary']!.level).toBe('city');
    expect(data.origins['review.workingDays']!.level).toBe('province');
  });

  it('accepts the issue example in policy.check, writing nothing', async () => {
    const before = fs.readdirSync(dataDir);
    const { status, body } = await call('policy', { action: 'check', filing: EXAMPLE_FILING });
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, data: { accepted: true, review: { mode: 'staff', workingDays: 2 } } });
    expect(fs.readdirSync(dataDir)).toEqual(before);
  });

  it('answers a refused check with the rule code and the wrong fields', async () => {
    const { body } = await call('policy', { action: 'check', filing: { ...EXAMPLE_FILING, treatmentRegion: '320100', endDate: '2027-01-01' } });
    expectCodedError({ status: 200, body }, 'REGION.SAME_PROVINCE');
    expect(Object.keys(body.error!.fields!).sort()).toEqual(['endDate', 'treatmentRegion']);
  });

  it('ignores any identity in the payload; the openid header is optional for policy', async () => {
    const { body } = await post('policy', JSON.stringify({ action: 'get', region: '441900', openid: 'forged' }), { 'x-wx-openid': 'o-user-1' });
    expect(body.ok).toBe(true);
  });

  it('refuses a body that is not JSON with 400 REQUEST.NOT_JSON', async () => {
    for (const body of ['{action: get}', '', 'null', '[]', '[{"action":"get"}]', '"get"', '42', 'true', '{"action":"get"']) {
      const answer = await post('policy', body);
      expect(answer.status).toBe(400);
      expectCodedError(answer, 'REQUEST.NOT_JSON');
    }
  });

  it('answers an unknown function or path with 404 REQUEST.UNKNOWN_FUNCTION', async () => {
    expectCodedError(await call('nothing', { action: 'get' }), 'REQUEST.UNKNOWN_FUNCTION');
    expect((await call('__proto__', { action: 'get' })).status).toBe(404);
    expect((await call('constructor', { action: 'get' })).status).toBe(404);
    const get = await fetch(`${base}/fn/policy`);
    expect(get.status).toBe(404);
    const other = await fetch(`${base}/elsewhere`);
    expect(other.status).toBe(404);
  });

  it('refuses a body over 1 MB with 413 REQUEST.TOO_LARGE', async () => {
    const answer = await post('policy', JSON.stringify({ action: 'get', region: 'x'.repeat(1024 * 1024 + 1) }));
    expect(answer.status).toBe(413);
    expectCodedError(answer, 'REQUEST.TOO_LARGE');
  });

  it('refuses unknown actions, missing fields, wrong types, long strings and prototype keys', async () => {
    const cases: [unknown, string][] = [
      [{}, 'REQUEST.UNKNOWN_ACTION'],
      [{ action: 'delete' }, 'REQUEST.UNKNOWN_ACTION'],
      [{ action: 'toString' }, 'REQUEST.UNKNOWN_ACTION'],
      [{ action: ['get'] }, 'REQUEST.UNKNOWN_ACTION'],
      [{ action: 'get' }, 'REQUEST.INVALID'],
      [{ action: 'get', region: 320500 }, 'REQUEST.INVALID'],
      [{ action: 'get', region: '3205' }, 'REQUEST.INVALID'],
      [{ action: 'get', region: '999999' }, 'REQUEST.INVALID'],
      [{ action: 'get', region: '329900' }, 'REGION.UNKNOWN'],
      [{ action: 'get', region: '3'.repeat(10_000) }, 'REQUEST.INVALID'],
      [{ action: 'check' }, 'REQUEST.INVALID'],
      [{ action: 'check', filing: null }, 'REQUEST.INVALID'],
      [{ action: 'check', filing: [] }, 'REQUEST.INVALID'],
      [{ action: 'check', filing: {} }, 'REQUEST.INVALID'],
      [{ action: 'check', filing: { ...EXAMPLE_FILING, type: 'vacation' } }, 'REQUEST.INVALID'],
      [{ action: 'check', filing: { ...EXAMPLE_FILING, startDate: '2026-02-30' } }, 'REQUEST.INVALID'],
      [{ action: 'check', filing: { ...EXAMPLE_FILING, applicant: { ...EXAMPLE_FILING.applicant, idNumber: '110105194912310021' } } }, 'REQUEST.INVALID'],
      [{ action: 'check', filing: { ...EXAMPLE_FILING, applicant: { ...EXAMPLE_FILING.applicant, name: '张'.repeat(10_000) } } }, 'REQUEST.INVALID'],
      [{ action: 'check', filing: { ...EXAMPLE_FILING, residenceAddress: 'x'.repeat(10_000) } }, 'REQUEST.INVALID'],
      [{ action: 'check', filing: { ...EXAMPLE_FILING, applicant: { ...EXAMPLE_FILING.applicant, idNumber: '1'.repeat(10_000) } } }, 'REQUEST.INVALID'],
      [{ action: 'check', filing: { ...EXAMPLE_FILING, proof: { kind: 'documents', fileIds: [] } } }, 'REQUEST.INVALID'],
      [{ action: 'check', filing: { ...EXAMPLE_FILING, proof: { kind: 'documents', fileIds: ['<script>alert(1)</script>'] } } }, 'REQUEST.INVALID'],
      [{ action: 'check', filing: { ...EXAMPLE_FILING, proof: { kind: 'commitment', accepted: false } } }, 'REQUEST.INVALID'],
      [{ action: 'check', filing: { ...EXAMPLE_FILING, insuredRegion: { $gt: '' } } }, 'REQUEST.INVALID'],
    ];
    for (const [event, code] of cases) {
      const answer = await call('policy', event);
      if (answer.body.ok) throw new Error(`accepted: ${JSON.stringify(event)}`);
      expect(answer.status).toBe(200);
      expectCodedError(answer, code);
    }
  });

  it('treats __proto__ and constructor keys as plain data, never as a prototype', async () => {
    const raw = [
      '{"__proto__":{"action":"get","region":"320500"}}',
      '{"action":"get","__proto__":{"region":"320500"}}',
      '{"action":"__proto__"}',
      '{"action":"check","filing":{"__proto__":{"type":"other_temporary"}}}',
      '{"action":"get","region":"320500","constructor":{"prototype":{"polluted":true}}}',
    ];
    for (const body of raw) {
      const answer = await post('policy', body);
      expect(answer.status).not.toBe(500);
      if (!answer.body.ok) expectCodedError(answer);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).region).toBeUndefined();
  });

  it('answers any JSON value with a coded error or a result, never a 500', async () => {
    const events = fc.oneof(
      fc.jsonValue(),
      fc.record({ action: fc.constantFrom('get', 'check'), region: fc.jsonValue(), filing: fc.jsonValue() }, { requiredKeys: ['action'] }),
      fc.record({ action: fc.constant('check'), filing: fc.dictionary(fc.constantFrom(...Object.keys(EXAMPLE_FILING)), fc.jsonValue()) }),
    );
    await fc.assert(
      fc.asyncProperty(events, async (event) => {
        const answer = await call('policy', event);
        if (answer.body.ok) return;
        expectCodedError(answer);
      }),
      { numRuns: 150 },
    );
  });
});

describe('the bundled policy function', () => {
  it('answers like the source entry', async () => {
    const bundle = path.resolve(__dirname, '../../dist/cloudfunctions/policy/index.js');
    // The bundle opens its own store (the policy versions) under DATA_DIR: a temp dir, never the repo's .data.
    const bundleData = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-bundle-'));
    const previousDataDir = process.env.DATA_DIR;
    process.env.DATA_DIR = bundleData;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundled = (require(bundle) as { main: CloudFunctionMain }).main;
    const source = FUNCTIONS.policy!;
    // The bundle resolves for the system clock's day, the source for the test clock's: compare the rest.
    const sameDay = (answer: unknown) => {
      const r = answer as { ok?: boolean; data?: { asOf?: string } };
      return r?.ok && r.data?.asOf ? { ...r, data: { ...r.data, asOf: 'today' } } : answer;
    };
    // The bundle has its own default runtime, which logs to stdout: keep the test output clean.
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const events: unknown[] = [
        { action: 'get', region: '320500' },
        { action: 'get', region: '441900' },
        { action: 'get', region: '329900' },
        { action: 'get' },
        { action: 'nope' },
        null,
        { action: 'check', filing: { ...EXAMPLE_FILING, treatmentRegion: '320100' } },
        { action: 'check', filing: { ...EXAMPLE_FILING, startDate: '2026-02-30' } },
      ];
      for (const event of events) expect(sameDay(await bundled(event, {}))).toEqual(sameDay(await source(event, {})));
    } finally {
      write.mockRestore();
      if (previousDataDir === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = previousDataDir;
      fs.rmSync(bundleData, { recursive: true, force: true });
    }
  });
});
