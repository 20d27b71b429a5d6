import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConfirmedIdentity, FaceSessionView, IdentityStatus } from '../../core/api/identity-api';
import { certHash } from '../../server/identity/cert-hash';
import { installIdentityContext } from '../../server/identity/identity-context';
import { stableAccessTokens } from '../../server/identity/stable-access-token';
import { wechatFaceVerifier } from '../../server/identity/wechat-face-verifier';
import { installWechatIdentity } from '../../server/identity/wechat-identity-wiring';
import type { HttpFetch } from '../../server/identity/wechat-http';
import { expectCode, expectOk, startHarness, type Harness } from '../support/filing-harness';
import { makeResidentId } from '../support/resident-ids';

/**
 * The production verifier at its HTTP boundary: a loopback server answers as api.weixin.qq.com
 * does, with the request and answer shapes of WeChat's documentation (getStableAccessToken,
 * getVerifyId, queryVerifyInfo), and the real identity service runs on top of it.
 */
interface Seen {
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

const APP = { appId: 'wx0123456789abcdef', appSecret: 'test-secret-not-real' };
const person = { name: '孙丽', idNumber: makeResidentId('320505', '19800202', 42) };

let server: http.Server;
let base: string;
let seen: Seen[] = [];
let answers: Record<string, (body: Record<string, unknown>, n: number) => Record<string, unknown>>;
let tokenSerial = 0;

function defaults(): typeof answers {
  return {
    '/cgi-bin/stable_token': () => ({ access_token: `TOKEN-${++tokenSerial}`, expires_in: 7200 }),
    '/cityservice/face/identify/getverifyid': () => ({ errcode: 0, errmsg: 'ok', verify_id: 'VID-0001', expires_in: 3600 }),
    '/cityservice/face/identify/queryverifyinfo': () => ({ errcode: 0, errmsg: 'ok', verify_ret: 10000 }),
  };
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      seen.push({ path: url.pathname, query: url.searchParams, body });
      const answer = answers[url.pathname];
      const text = JSON.stringify(answer ? answer(body, seen.filter((s) => s.path === url.pathname).length) : { errcode: 404, errmsg: 'no such api' });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let h: Harness;
beforeEach(async () => {
  seen = [];
  tokenSerial = 0;
  answers = defaults();
  h = await startHarness('sqlite');
  const fetchImpl = fetch as unknown as HttpFetch;
  installIdentityContext(h.runtime, wechatFaceVerifier({ tokens: stableAccessTokens({ ...APP, fetch: fetchImpl, baseUrl: base }), fetch: fetchImpl, baseUrl: base }));
});
afterEach(() => h.cleanup());

const start = () => h.call<FaceSessionView>('identity', 'o-prod', { action: 'start', ...person, purpose: 'self' });
const confirm = (verifyId: string) => h.call<ConfirmedIdentity>('identity', 'o-prod', { action: 'confirm', verifyId });
const status = async () => expectOk(await h.call<IdentityStatus>('identity', 'o-prod', { action: 'status' }));

it('computes cert_hash exactly as WeChat documents it', () => {
  expect(certHash('张三', '310101199801011234')).toBe('3c241f7ff324977aeb91f173bb2a7b06569e6fd784d5573db34a636d8671108b');
});

it('opens a session with the documented request and binds only when queryVerifyInfo says 10000', async () => {
  const session = expectOk(await start());
  expect(session.verifyId).toBe('VID-0001');
  const [token, open] = seen;
  expect(token!.path).toBe('/cgi-bin/stable_token');
  expect(token!.body).toEqual({ grant_type: 'client_credential', appid: APP.appId, secret: APP.appSecret, force_refresh: false });
  expect(open!.query.get('access_token')).toBe('TOKEN-1');
  expect(open!.body).toMatchObject({ cert_info: { cert_type: 'IDENTITY_CARD', cert_name: person.name, cert_no: person.idNumber }, openid: 'o-prod' });
  expect(String(open!.body.out_seq_no)).toMatch(/^[A-Za-z0-9_-]{5,32}$/);

  const done = expectOk(await confirm(session.verifyId));
  expect(done.status.verified).toBe(true);
  const query = seen.find((s) => s.path === '/cityservice/face/identify/queryverifyinfo')!;
  // The same token (cached), the session's own serial, openid and cert_hash.
  expect(query.query.get('access_token')).toBe('TOKEN-1');
  expect(query.body).toEqual({ verify_id: 'VID-0001', out_seq_no: open!.body.out_seq_no, cert_hash: certHash(person.name, person.idNumber), openid: 'o-prod' });
  expect(seen.filter((s) => s.path === '/cgi-bin/stable_token')).toHaveLength(1);
});

it('never takes a cancelled or failed face for a pass', async () => {
  answers['/cityservice/face/identify/queryverifyinfo'] = () => ({ errcode: 0, errmsg: 'ok', verify_ret: 90004 });
  const session = expectOk(await start());
  const refused = await confirm(session.verifyId);
  expectCode(refused, 'IDENTITY.FACE_NOT_PASSED');
  expect(refused.ok ? '' : refused.error.fields?.face).toContain('取消');
  expect((await status()).verified).toBe(false);
  // The session is closed: a later "pass" from WeChat does not bind it.
  answers['/cityservice/face/identify/queryverifyinfo'] = () => ({ errcode: 0, errmsg: 'ok', verify_ret: 10000 });
  expectCode(await confirm(session.verifyId), 'IDENTITY.FACE_NOT_PASSED');
});

it('renews an access token WeChat calls expired, once, and goes on', async () => {
  answers['/cityservice/face/identify/getverifyid'] = (_body, n) =>
    n === 1 ? { errcode: 42001, errmsg: 'access_token expired' } : { errcode: 0, errmsg: 'ok', verify_id: 'VID-0002', expires_in: 3600 };
  const session = expectOk(await start());
  expect(session.verifyId).toBe('VID-0002');
  const tokens = seen.filter((s) => s.path === '/cgi-bin/stable_token');
  expect(tokens.map((t) => t.body.force_refresh)).toEqual([false, true]);
  expect(seen.filter((s) => s.path.endsWith('getverifyid')).map((s) => s.query.get('access_token'))).toEqual(['TOKEN-1', 'TOKEN-2']);
});

it('answers a coded refusal and binds nothing when WeChat refuses or cannot be reached', async () => {
  answers['/cityservice/face/identify/getverifyid'] = () => ({ errcode: 61051, errmsg: 'no permission' });
  expectCode(await start(), 'IDENTITY.VERIFIER_UNAVAILABLE');
  answers = defaults();
  const session = expectOk(await start());
  answers['/cityservice/face/identify/queryverifyinfo'] = () => ({ errcode: 45009, errmsg: 'api freq out of limit' });
  expectCode(await confirm(session.verifyId), 'IDENTITY.VERIFIER_UNAVAILABLE');
  expect((await status()).verified).toBe(false);
  // The session stays open: once WeChat answers again, the same face check can be confirmed.
  answers = defaults();
  expect(expectOk(await confirm(session.verifyId)).status.verified).toBe(true);
  expect(h.logs.some((l) => l.includes('identity.verifier_unavailable') && l.includes('45009'))).toBe(true);
  expect(h.logs.some((l) => l.includes(APP.appSecret))).toBe(false);
});

it('says unavailable (not a crash) when the deployment has no AppID or AppSecret', async () => {
  installWechatIdentity(h.runtime, {}, fetch as unknown as HttpFetch);
  expectCode(await start(), 'IDENTITY.VERIFIER_UNAVAILABLE');
  installIdentityContext(h.runtime, wechatFaceVerifier({ tokens: stableAccessTokens({ ...APP, fetch: fetch as unknown as HttpFetch, baseUrl: 'http://127.0.0.1:1' }), fetch: fetch as unknown as HttpFetch, baseUrl: 'http://127.0.0.1:1' }));
  expectCode(await start(), 'IDENTITY.VERIFIER_UNAVAILABLE');
});
