import http from 'node:http';
import net from 'node:net';
import fc from 'fast-check';
import type { ErrorCode } from '../../core/errors/error-code';
import { ERROR_MESSAGES } from '../../core/errors/error-code';
import { FUNCTIONS } from '../../server/local-cloud/function-registry';
import { startReliabilityHarness, type ReliabilityHarness } from './support/reliability-harness';
import { figure, recordFigures, type Figure } from './support/run-dir';
import { rowCounts } from './support/store-probe';

/**
 * Issue 11 over real HTTP, the local cloud's own edges:
 *  1 generated counts, sizes and queries for every /dev route: answered at once, /health never
 *    kept waiting, memory flat;
 *  5 generated foreign Hosts (DNS rebinding) and foreign Origins / fetch metadata on every
 *    route, and the form types a page may post cross-site: refused with the envelope;
 * 12 generated oversized headers and unparseable requests: the JSON envelope, never a bare answer.
 */
const PART = '07-local-cloud-edges';
const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 10_000);
const PER_CLASS = Math.max(200, Math.round(RUNS / 20));

let h: ReliabilityHarness;
let port: number;
const figures: Figure[] = [];
let serial = 0;
const sample = <T>(arb: fc.Arbitrary<T>, n: number) => fc.sample(arb, { numRuns: n, seed: 7 + serial++ });
const n = (x: number) => x.toLocaleString('en');

beforeAll(async () => {
  h = await startReliabilityHarness(PART);
  port = Number(new URL(await h.serve()).port);
});
afterAll(async () => {
  await h.close();
  recordFigures(PART, figures);
});

interface Raw {
  status: number;
  body: string;
  ms: number;
}

function request(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Raw> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, setHost: !('host' in headers), agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function raw(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    setTimeout(() => reject(new Error('no answer')), 5000).unref();
  });
}

function isEnvelope(body: string, code: ErrorCode): boolean {
  try {
    const parsed = JSON.parse(body) as { ok?: boolean; error?: { code?: string; message?: string } };
    return parsed.ok === false && parsed.error?.code === code && parsed.error.message === ERROR_MESSAGES[code];
  } catch {
    return false;
  }
}

/** Every route the local cloud has, with a body where it takes one. */
const ROUTES: [string, string, string | undefined][] = [
  ...Object.keys(FUNCTIONS).map((fn): [string, string, string] => ['POST', `/fn/${fn}`, '{"action":"whoami"}']),
  ['POST', '/storage/upload', 'bytes'], ['GET', '/storage/file?fileId=cloud%3A%2F%2Flocal%2Fx', undefined], ['GET', '/dev/sent', undefined],
  ['POST', '/dev/sent/fail', '{"errcode":-1}'], ['POST', '/dev/face', '{"verifyId":"x","outcome":"pass"}'], ['GET', '/preview', undefined], ['GET', '/', undefined], ['GET', '/health', undefined],
];
const route = fc.constantFrom(...ROUTES);
const JSON_HEADERS = { 'content-type': 'application/json', 'x-wx-openid': 'demo-resident-1' };

describe('#5 foreign Host and Origin', () => {
  it('refuses every Host that is not loopback, on every route', async () => {
    const before = rowCounts(h.dataDir);
    const lookalikes = ['127.0.0.1.nip.io', 'localhost.evil.example', '127.0.0.2', '0x7f.0.0.1', '2130706433', '[::ffff:127.0.0.1]', '0.0.0.0', 'localhost.', '127.0.0.1:80@evil.example', 'evil.example#127.0.0.1'];
    const hosts = fc.record({
      name: fc.oneof(fc.domain(), fc.ipV4(), fc.ipV6().map((a) => `[${a}]`), fc.constantFrom(...lookalikes)),
      port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    }).map(({ name, port: p }) => (p === undefined ? name : `${name}:${p}`)).filter((host) => !/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i.test(host));
    let sent = 0;
    const wrong: string[] = [];
    for (const [host, [method, path, body]] of sample(fc.tuple(hosts, route), PER_CLASS)) {
      const answer = await request(method, path, { ...JSON_HEADERS, host }, body);
      sent += 1;
      if (answer.status !== 403 || !isEnvelope(answer.body, 'REQUEST.HOST_NOT_ALLOWED')) wrong.push(`${host} ${path}: ${answer.status} ${answer.body.slice(0, 80)}`);
    }
    const loopback = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LocalHost:${port}`];
    for (const host of loopback) {
      if ((await request('POST', '/fn/policy', { ...JSON_HEADERS, host }, '{"action":"get","region":"320500"}')).status !== 200) wrong.push(`${host} refused`);
    }
    const changed = Object.keys(before).filter((t) => before[t] !== rowCounts(h.dataDir)[t]);
    figures.push(figure(`#5 foreign Host headers (DNS rebinding) × ${ROUTES.length} routes → 403 REQUEST.HOST_NOT_ALLOWED`, `${n(sent)} refused of ${n(sent)}; ${loopback.length} loopback forms served; ${wrong.length} wrong; ${changed.length} tables changed`, wrong.length === 0 && changed.length === 0));
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('refuses foreign Origins, cross-site fetch metadata and cross-site form posts', async () => {
    const before = rowCounts(h.dataDir);
    const own = `http://127.0.0.1:${port}`;
    const origins = fc.oneof(
      fc.webUrl().map((u) => new URL(u).origin),
      fc.constantFrom('null', `http://localhost:${port}`, `https://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`, `http://[::1]:${port}`, 'file://', `${own}.evil.example`),
    ).filter((o) => o !== own);
    const browser = fc.oneof(
      origins.map((origin) => ({ origin })),
      fc.constantFrom('cross-site', 'same-site').map((site) => ({ 'sec-fetch-site': site, 'sec-fetch-mode': 'cors' })),
      fc.constantFrom('cross-site', 'same-site').map((site) => ({ origin: own, 'sec-fetch-site': site })),
    );
    let sent = 0;
    const wrong: string[] = [];
    for (const [headers, [method, path, body]] of sample(fc.tuple(browser, route), PER_CLASS)) {
      const answer = await request(method, path, { ...JSON_HEADERS, ...headers }, body);
      sent += 1;
      if (answer.status !== 403 || !isEnvelope(answer.body, 'REQUEST.ORIGIN_NOT_ALLOWED')) wrong.push(`${JSON.stringify(headers)} ${path}: ${answer.status}`);
    }
    const forms = fc.tuple(fc.constantFrom('text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'TEXT/PLAIN'), fc.constantFrom(...ROUTES.filter(([m, p]) => m === 'POST' && (p.startsWith('/fn/') || p.startsWith('/dev/')))));
    let posts = 0;
    for (const [type, [method, path, body]] of sample(forms, PER_CLASS / 4)) {
      const answer = await request(method, path, { 'content-type': type, 'x-wx-openid': 'demo-resident-1' }, body);
      posts += 1;
      if (answer.status !== 415 || !isEnvelope(answer.body, 'REQUEST.NOT_JSON')) wrong.push(`${type} ${path}: ${answer.status}`);
    }
    const changed = Object.keys(before).filter((t) => before[t] !== rowCounts(h.dataDir)[t]);
    figures.push(figure('#5 foreign Origin / cross-site fetch metadata on every route; cross-site form types posted to /fn and /dev', `${n(sent)} → 403 ORIGIN_NOT_ALLOWED, ${n(posts)} → 415 NOT_JSON; ${wrong.length} wrong; ${changed.length} tables changed`, wrong.length === 0 && changed.length === 0));
    expect(wrong.slice(0, 5)).toEqual([]);
  });
});

describe('#1 development routes', () => {
  it('answer generated counts, sizes and queries at once, and /health is never kept waiting', async () => {
    const bodies = fc.oneof(
      fc.record({ errcode: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(1e12, -1e12, 43101)), times: fc.oneof(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom(1e9, 2 ** 53, 100, 101), fc.double()), always: fc.oneof(fc.boolean(), fc.jsonValue()) }, { requiredKeys: [] }).map((b) => JSON.stringify(b)),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.integer({ min: 1, max: 200_000 }).map((size) => JSON.stringify({ errcode: 1, pad: 'x'.repeat(size) })),
      fc.string({ maxLength: 200 }),
    );
    const queries = fc.record({ limit: fc.oneof(fc.integer({ min: -10, max: 1e9 }).map(String), fc.string({ maxLength: 12 })), touser: fc.oneof(fc.string({ maxLength: 100 }), fc.constant('demo-resident-1')), extra: fc.option(fc.string({ maxLength: 20 })) }, { requiredKeys: [] })
      .map((q) => `?${new URLSearchParams(Object.entries(q).filter(([, v]) => v !== null && v !== undefined) as [string, string][]).toString()}`);
    const rssBefore = process.memoryUsage().rss;
    let sent = 0;
    let slowest = 0;
    let healthSlowest = 0;
    const wrong: string[] = [];
    const calls = [
      ...sample(bodies, PER_CLASS).map((body) => () => request('POST', '/dev/sent/fail', { 'content-type': 'application/json' }, body)),
      ...sample(queries, PER_CLASS / 2).map((q) => () => request('GET', `/dev/sent${q}`, {})),
      ...sample(fc.oneof(bodies, fc.record({ verifyId: fc.string({ maxLength: 300 }), outcome: fc.constantFrom('pass', 'fail', 'x') }).map((b) => JSON.stringify(b))), PER_CLASS / 2)
        .map((body) => () => request('POST', '/dev/face', { 'content-type': 'application/json' }, body)),
    ];
    for (const call of calls) {
      const [answer, health] = await Promise.all([call(), request('GET', '/health', {})]);
      sent += 1;
      slowest = Math.max(slowest, answer.ms);
      healthSlowest = Math.max(healthSlowest, health.ms);
      let envelope = false;
      try {
        const parsed = JSON.parse(answer.body) as { ok?: boolean; error?: { code: string } };
        envelope = parsed.ok === true || (parsed.ok === false && Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, parsed.error!.code));
      } catch {
        envelope = false;
      }
      if (!envelope || ![200, 400, 413].includes(answer.status) || health.status !== 200) wrong.push(`${answer.status} ${answer.body.slice(0, 80)}`);
    }
    // Reset whatever a valid generated body planned, so later parts send normally.
    await request('POST', '/dev/sent/fail', { 'content-type': 'application/json' }, '{}');
    const grownMb = (process.memoryUsage().rss - rssBefore) / 1e6;
    const ok = wrong.length === 0 && slowest < 2_000 && healthSlowest < 2_000 && grownMb < 200;
    figures.push(figure('#1 generated counts, sizes and queries for every /dev route (sent, sent/fail, face; /health at the same time)', `${n(sent)} answered, slowest ${slowest.toFixed(0)} ms, /health slowest ${healthSlowest.toFixed(0)} ms, memory ${grownMb >= 0 ? '+' : ''}${grownMb.toFixed(0)} MB; ${wrong.length} wrong`, ok));
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(ok).toBe(true);
  });
});

describe('#12 edges of HTTP', () => {
  it('answer oversized headers (431) and unparseable requests (400) with the JSON envelope', async () => {
    const oversized = fc.record({ count: fc.integer({ min: 1, max: 40 }), size: fc.integer({ min: 17_000, max: 80_000 }), name: fc.constantFrom('cookie', 'x-pad', 'x-wx-openid', 'user-agent') });
    let sent = 0;
    const wrong: string[] = [];
    for (const { count, size, name } of sample(oversized, PER_CLASS / 10)) {
      const per = Math.ceil(size / count);
      const headers = Array.from({ length: count }, (_, i) => `${name}${i ? `-${i}` : ''}: ${'a'.repeat(per)}\r\n`).join('');
      const answer = await raw(`POST /fn/policy HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${headers}content-length: 2\r\n\r\n{}`);
      sent += 1;
      const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
      if (!answer.startsWith('HTTP/1.1 431') || !isEnvelope(body, 'REQUEST.HEADERS_TOO_LARGE')) wrong.push(`${count}×${per}: ${answer.slice(0, 40)}`);
    }
    const broken = ['BREW /coffee HTCPCP/1.0\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', 'GET\r\n\r\n', '\u0000\u0001\u0002\r\n\r\n', 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n'];
    for (const text of broken) {
      const answer = await raw(text);
      sent += 1;
      const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
      if (!answer.startsWith('HTTP/1.1 400') || !isEnvelope(body, 'REQUEST.MALFORMED')) wrong.push(`${JSON.stringify(text)}: ${answer.slice(0, 60)}`);
    }
    figures.push(figure('#12 oversized headers (17–80 KB in 1–40 headers) and unparseable requests → the JSON envelope (431 / 400)', `${n(sent)} sent, ${wrong.length} bare or wrong answers`, wrong.length === 0));
    expect(wrong.slice(0, 5)).toEqual([]);
  });
});
