import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { createLocalApp } from '../../server/local-cloud/local-app';
import { listen } from '../../server/local-cloud/local-cloud';
import { previewRoutes } from '../../server/local-cloud/preview/preview-routes';
import { createLocalRuntime, setRuntime } from '../../server/runtime/runtime';
import { fixedClock } from '../../server/kernel/clock';
import { createLogger } from '../../server/kernel/logger';
import { convertWxss, importsOf, prepareWxml, resolvePath, rpxToPx } from '../../preview/wxss';
import { subscribeAnswer } from '../../preview/subscribe-answer';
import { chinaTodayIso, clampDay, daysInMonth, initialDate, yearRange } from '../../preview/calendar';

/**
 * The browser preview (docs/preview.md) as the local cloud serves it: its shell, its bundle, the
 * WXML compiled by WeChat's compiler, and the built pages. The browser side itself is checked by
 * hand in Chromium; this suite needs no browser. dist/ is built by the global setup.
 */
let dataDir: string;
let server: http.Server;
let base: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-'));
  const runtime = createLocalRuntime({ dataDir, clock: fixedClock('2026-06-01T02:00:00Z'), log: createLogger(() => undefined) });
  setRuntime(runtime);
  server = createLocalApp(runtime).server;
  base = `http://127.0.0.1:${await listen(server, 0)}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  setRuntime(undefined);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function get(p: string): Promise<{ status: number; type: string; text: string; location: string | null }> {
  const res = await fetch(base + p, { redirect: 'manual' });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text(), location: res.headers.get('location') };
}

describe('GET /preview', () => {
  it('redirects / to the preview', async () => {
    const res = await get('/');
    expect(res.status).toBe(302);
    expect(res.location).toBe('/preview');
  });

  it('serves the shell with the identity switcher, the phone frame and the side panel', async () => {
    for (const p of ['/preview', '/preview/']) {
      const res = await get(p);
      expect(res.status).toBe(200);
      expect(res.type).toMatch(/^text\/html/);
      for (const part of ['id="pv-identity"', 'id="pv-pages"', 'id="pv-sent"', 'id="pv-inbox"', '/preview/preview.js', '/preview/preview.css']) {
        expect(res.text).toContain(part);
      }
    }
  });

  it('serves the bundle (with j-component and the demo identities), its styles and the compiled WXML', async () => {
    const js = await get('/preview/preview.js');
    expect(js.status).toBe(200);
    expect(js.type).toMatch(/^text\/javascript/);
    for (const id of ['demo-resident-1', 'demo-resident-2', 'demo-staff-suzhou', 'demo-staff-beijing', 'demo-admin']) expect(js.text).toContain(id);
    expect(js.text).toContain('/preview/mp/');
    const css = await get('/preview/preview.css');
    expect(css.status).toBe(200);
    expect(css.type).toMatch(/^text\/css/);
    const wxml = await get('/preview/wxml.js');
    expect(wxml.status).toBe(200);
    expect(wxml.text).toContain('__pvGwx');
  });

  it('compiles every page of app.json, subpackages included', async () => {
    const app = JSON.parse((await get('/preview/mp/app.json')).text) as { pages: string[]; subPackages: { root: string; pages: string[] }[] };
    const routes = [...app.pages, ...app.subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
    expect(routes).toContain('staff/pages/review/index');
    const wxml = (await get('/preview/wxml.js')).text;
    for (const route of routes) {
      expect(wxml).toContain(`${route}.wxml`);
      const page = await get(`/preview/mp/${route}.js`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Component(');
      expect((await get(`/preview/mp/${route}.wxml`)).status).toBe(200);
    }
    expect((await get('/preview/mp/lib/index.js')).text).toContain('useCloudTransport');
  });

  it('serves nothing outside dist and no unknown kinds of file', async () => {
    for (const p of ['/preview/mp/..%2f..%2fpackage.json', '/preview/mp/%2e%2e/%2e%2e/package.json', '/preview/..%2fminiprogram%2fapp.json.bak', '/preview/mp/nope.js', '/preview/mp/%E0%A4%A']) {
      expect((await get(p)).status).toBe(404);
    }
  });

  it('leaves the other routes alone', async () => {
    const res = await fetch(`${base}/dev/sent`);
    expect(res.status).toBe(200);
    const fn = await fetch(`${base}/fn/policy`, { method: 'POST', body: JSON.stringify({ action: 'get', region: '320500' }), headers: { 'x-wx-openid': 'demo-resident-1' } });
    expect(((await fn.json()) as { ok: boolean }).ok).toBe(true);
  });

  it('says to build when dist/preview is missing', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-empty-'));
    const lone = http.createServer((req, res) => {
      void Promise.resolve(previewRoutes({ distDir: empty })(req, res, new URL(req.url ?? '/', 'http://127.0.0.1'))).then((handled) => {
        if (!handled) res.writeHead(418).end();
      });
    });
    const url = `http://127.0.0.1:${await listen(lone, 0)}`;
    try {
      const res = await fetch(`${url}/preview`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build');
      expect((await fetch(`${url}/fn/policy`)).status).toBe(418);
    } finally {
      await new Promise((resolve) => lone.close(resolve));
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('WXSS for the browser', () => {
  const scope = '[data-pv-page="pages/home/index"]';

  it('turns rpx into px at the frame width (750rpx = frame)', () => {
    expect(rpxToPx('padding: 32rpx 750rpx; margin: -8rpx; width: 1.5rpx', 375)).toBe('padding: 16px 375px; margin: -4px; width: 0.75px');
  });

  it('maps built-in tags and `page`, and scopes every rule to the page', () => {
    const css = convertWxss('page { background: #fff; }\n.card view, text.tag { padding: 32rpx; }\n.page-view { color: red }', { scope, frameWidth: 750 });
    expect(css).toContain(`${scope}{ background: #fff; }`);
    expect(css).toContain(`${scope} .card wx-view, ${scope} wx-text.tag{ padding: 32px; }`);
    expect(css).toContain(`${scope} .page-view{ color: red }`);
  });

  it('keeps @media blocks, converting inside, and drops @import and comments', () => {
    const css = convertWxss('@import "../../components/form.wxss";\n/* c */\n@media (min-width: 1px) { view { margin: 2rpx } }', { scope: '.pv-page', frameWidth: 750 });
    expect(css).not.toContain('@import');
    expect(css).not.toContain('/*');
    expect(css.replace(/\s+/g, ' ')).toContain('@media (min-width: 1px){.pv-page wx-view{ margin: 2px } }');
  });

  it('finds imports and resolves paths the way the pages write them', () => {
    expect(importsOf('@import "../../components/form.wxss"; @import \'/app.wxss\';')).toEqual(['../../components/form.wxss', '/app.wxss']);
    expect(resolvePath('pages/filing-form/index.wxss', '../../components/form.wxss')).toBe('components/form.wxss');
    expect(resolvePath('pages/home/index', '/pages/policy/index')).toBe('pages/policy/index');
    expect(resolvePath('pages/home/index', '../policy/index')).toBe('pages/policy/index');
  });

  it('renames the natively implemented built-ins for the fallback parser', () => {
    expect(prepareWxml('<input id="a" /><picker mode="date"><view>x</view></picker><textarea/><inputs/>')).toBe(
      '<pv-input id="a" /><pv-picker mode="date"><view>x</view></pv-picker><pv-textarea/><inputs/>',
    );
  });
});

describe('the preview\'s WeChat dialogs (their pure parts)', () => {
  it('answers the subscribe sheet as WeChat does: accept for the checked templates on 允许, reject for all on 取消', () => {
    expect(subscribeAnswer(['a', 'b'], true, new Set(['a']))).toEqual({ a: 'accept', b: 'reject', errMsg: 'requestSubscribeMessage:ok' });
    expect(subscribeAnswer(['a', 'b'], false, new Set(['a', 'b']))).toEqual({ a: 'reject', b: 'reject', errMsg: 'requestSubscribeMessage:ok' });
  });

  it('starts the date picker at today in China, whatever the browser zone, within start and end', () => {
    // 2026-12-01 17:30 UTC is already 2 December in China.
    const lateEvening = Date.UTC(2026, 11, 1, 17, 30);
    expect(chinaTodayIso(lateEvening)).toBe('2026-12-02');
    expect(initialDate('', '', '', lateEvening)).toBe('2026-12-02');
    expect(initialDate('2026-05-01', '2026-06-01', '', lateEvening)).toBe('2026-06-01');
    expect(initialDate(undefined, '', '2026-11-30', lateEvening)).toBe('2026-11-30');
    expect(yearRange('2026-12-02', '2026-01-01', '2027-12-31')).toEqual([2026, 2027]);
    expect(yearRange('2026-12-02', '', '')).toHaveLength(21);
    expect(clampDay({ year: 2027, month: 2, day: 31 })).toBe('2027-02-28');
    expect(daysInMonth(2028, 2)).toBe(29);
  });
});
