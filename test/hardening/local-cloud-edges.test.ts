import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { createLocalApp } from '../../server/local-cloud/local-app';
import { listen } from '../../server/local-cloud/local-cloud';
import { DEV_SENT_LIMITS } from '../../server/notification/dev-sent-routes';
import { notificationContextOf } from '../../server/notification/notification-context';
import { ERROR_MESSAGES } from '../../core/errors/error-code';
import { startHarness, type Harness } from '../support/filing-harness';

/**
 * Classes 1, 5 and 12 of issue 11 over real HTTP: the local cloud answers only loopback `Host`s
 * and its own origin, bounds every input of its development routes, answers an oversized header
 * with the JSON envelope, and none of its /dev code is in a function bundle.
 */
let h: Harness;
let server: http.Server;
let port: number;
beforeAll(async () => {
  h = await startHarness('sqlite');
  server = createLocalApp(h.runtime).server;
  port = await listen(server, 0);
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  h.cleanup();
});

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(method: string, pathName: string, headers: Record<string, string>, body?: string | Buffer): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: pathName, headers, setHost: !('host' in headers) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function rawExchange(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

function envelope(raw: Raw | string, code: string): void {
  const body = typeof raw === 'string' ? raw.slice(raw.indexOf('\r\n\r\n') + 4) : raw.body;
  expect(JSON.parse(body)).toEqual({ ok: false, error: { code, message: ERROR_MESSAGES[code as keyof typeof ERROR_MESSAGES] } });
}

const JSON_POST = { 'content-type': 'application/json', 'x-wx-openid': 'demo-resident-1' };
const GET_POLICY = JSON.stringify({ action: 'get', region: '320500' });

describe('who may talk to the local cloud (classes 1, 5)', () => {
  it('refuses every Host that is not loopback, on every route (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `localhost.evil.example`, '10.0.0.5', `192.168.1.2:${port}`, '0.0.0.0', '[::ffff:127.0.0.1]', '']) {
      for (const [method, p, body] of [['POST', '/fn/policy', GET_POLICY], ['GET', '/health', undefined], ['GET', '/dev/sent', undefined], ['GET', '/storage/file?fileId=x', undefined], ['GET', '/preview', undefined]] as const) {
        const answer = await request(method, p, { ...JSON_POST, host }, body);
        expect([answer.status, host]).toEqual([403, host]);
        envelope(answer, 'REQUEST.HOST_NOT_ALLOWED');
      }
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`, '127.0.0.1']) {
      expect((await request('POST', '/fn/policy', { ...JSON_POST, host }, GET_POLICY)).status).toBe(200);
    }
  });

  it('refuses a browser request from any other origin, and cross-site fetch metadata', async () => {
    const own = `http://127.0.0.1:${port}`;
    const foreign: Record<string, string>[] = [
      { origin: 'http://evil.example' }, { origin: 'null' }, { origin: `http://localhost:${port}` }, { origin: `https://127.0.0.1:${port}` }, { origin: `http://127.0.0.1:${port + 1}` },
      { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: own, 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of foreign) {
      const answer = await request('POST', '/fn/policy', { ...JSON_POST, ...headers }, GET_POLICY);
      expect(answer.status).toBe(403);
      envelope(answer, 'REQUEST.ORIGIN_NOT_ALLOWED');
      expect((await request('GET', '/dev/sent', headers)).status).toBe(403);
    }
    expect((await request('POST', '/fn/policy', { ...JSON_POST, origin: own, 'sec-fetch-site': 'same-origin' }, GET_POLICY)).status).toBe(200);
    // Following a link to the preview is a navigation: allowed (it can read nothing back).
    expect((await request('GET', '/health', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' })).status).toBe(200);
  });

  it('refuses the form types a page may post cross-site without asking (text/plain first of all)', async () => {
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/html']) {
      for (const p of ['/fn/filing', '/dev/sent/fail']) {
        const answer = await request('POST', p, { 'content-type': type, 'x-wx-openid': 'demo-resident-1' }, '{"action":"saveDraft","draft":{}}');
        expect(answer.status).toBe(415);
        envelope(answer, 'REQUEST.NOT_JSON');
      }
    }
    expect(await h.ctx.repo.count('drafts')).toBe(0);
  });
});

describe('bounded development routes (class 1)', () => {
  it('refuses huge counts and bodies at once, and /health is never kept waiting', async () => {
    const sink = notificationContextOf(h.runtime).sink!;
    for (const body of [{ errcode: 43101, times: 1e9 }, { errcode: 43101, times: DEV_SENT_LIMITS.maxTimes + 1 }, { errcode: 1e12 }, { errcode: 'x' }, { times: -1, errcode: 1 }, { errcode: 1, times: 1.5 }]) {
      const started = Date.now();
      const answer = await request('POST', '/dev/sent/fail', { 'content-type': 'application/json' }, JSON.stringify(body));
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'REQUEST.INVALID' } });
      expect(Date.now() - started).toBeLessThan(1000);
    }
    const big = await request('POST', '/dev/sent/fail', { 'content-type': 'application/json' }, JSON.stringify({ errcode: 1, pad: 'x'.repeat(5000) }));
    expect(big.status).toBe(413);
    for (const query of ['?limit=1000000', '?limit=0', '?limit=-5', '?touser=%00', `?touser=${'a'.repeat(100)}`, '?a=1&b=2&c=3']) {
      expect((await request('GET', `/dev/sent${query}`, {})).status).toBe(400);
    }
    // Nothing was planned by the refused calls: the next send goes through.
    expect(await sink.send({ deliveryId: 'd', touser: 'u', templateId: 't', page: 'p', data: {}, miniprogramState: 'developer' })).toEqual({ ok: true });
    const [health] = await Promise.all([request('GET', '/health', {}), request('POST', '/dev/sent/fail', { 'content-type': 'application/json' }, JSON.stringify({ errcode: 1, times: DEV_SENT_LIMITS.maxTimes }))]);
    expect(health.status).toBe(200);
  });
});

describe('edges answer the envelope (class 12)', () => {
  it('answers an oversized header with 431 and the JSON envelope', async () => {
    const answer = await rawExchange(`GET /health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer.startsWith('HTTP/1.1 431')).toBe(true);
    expect(answer.toLowerCase()).toContain('content-type: application/json');
    envelope(answer, 'REQUEST.HEADERS_TOO_LARGE');
  });

  it('answers a request Node cannot parse with the envelope, and one without Host as foreign', async () => {
    const broken = await rawExchange('BREW /coffee HTCPCP/1.0\r\n\r\n');
    expect(broken.startsWith('HTTP/1.1 400')).toBe(true);
    envelope(broken, 'REQUEST.MALFORMED');
    const hostless = await rawExchange('GET /health HTTP/1.0\r\n\r\n');
    expect(hostless.startsWith('HTTP/1.1 403')).toBe(true);
  });
});

describe('production bundles (class 1)', () => {
  it('contain none of the local cloud and no /dev route', () => {
    const dir = path.resolve(__dirname, '../../dist/cloudfunctions');
    const bundles = fs.readdirSync(dir).map((name) => path.join(dir, name, 'index.js')).filter((f) => fs.existsSync(f));
    expect(bundles.length).toBeGreaterThanOrEqual(7);
    for (const bundle of bundles) {
      const code = fs.readFileSync(bundle, 'utf8');
      for (const marker of ['/dev/', 'devSentRoutes', 'devFaceRoutes', 'createLocalCloud', 'storageRoutes', 'previewRoutes', 'x-wx-openid', 'refusalOf', 'DEV_SENT_LIMITS']) {
        expect([path.basename(path.dirname(bundle)), marker, code.includes(marker)]).toEqual([path.basename(path.dirname(bundle)), marker, false]);
      }
    }
  });
});
