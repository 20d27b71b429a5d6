import { registerBuiltins } from './builtins';
import { callFunction, currentOpenid, IDENTITIES, isOpenid, newResidentOpenid, newResidents, onCall, setOpenid, type CallRecord } from './cloud';
import { chinaDateTimeText } from '../core/time/china-date';
import { configure, currentPages, installConstructors, loadAppStyle, loadCompiledWxml, navigateBack, navigateTo, onNavigate, pullDownRefresh, reLaunch, requireModule, fetchText, topRoute, translateClicks, type AppJson } from './pages';
import { h } from './ui';
import { createWx } from './wx';

/**
 * The browser preview (GET /preview): the real pages of dist/miniprogram in a phone frame, an
 * identity switcher for the demo openids, and a side panel with the inbox, the subscribe
 * messages the local sink recorded (GET /dev/sent) and the cloud calls made.
 * URL options: ?as=<openid>&page=<route>[&query] opens that page as that identity.
 */
function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing`);
  return el as T;
}

function item(children: (Node | string)[], cls = ''): HTMLLIElement {
  return h('li', cls ? { class: cls } : {}, children);
}

function span(text: string, cls: string): HTMLSpanElement {
  return h('span', { class: cls, text });
}

const calls: CallRecord[] = [];
const problems: string[] = [];
/** What WeChat's dialogs answered (订阅消息, 模拟刷脸, 拨打电话): worth seeing, not an error. */
const notes: string[] = [];

function renderCalls(): void {
  const list = byId('pv-calls');
  const rows = [
    ...problems.map((p) => item([span(p, 'bad')])),
    ...notes.map((n) => item([span(n, 'muted')], 'pv-note')),
    ...calls
      .slice(-40)
      .reverse()
      .map((c) => item([`${c.name}.${c.action || '?'} `, span(c.ok ? 'ok' : c.code ?? 'failed', c.ok ? 'good' : 'bad'), span(` · ${c.openid}`, 'muted')])),
  ];
  list.replaceChildren(...(rows.length ? rows : [item([span('还没有调用', 'muted')])]));
}

function reportNote(message: string): void {
  notes.unshift(message.slice(0, 300));
  notes.length = Math.min(notes.length, 5);
  renderCalls();
}

function reportProblem(message: string): void {
  problems.unshift(message.slice(0, 600));
  problems.length = Math.min(problems.length, 5);
  renderCalls();
}

interface SentItem {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  sentAt: string;
}

interface InboxItem {
  id: string;
  title: string;
  body: string;
  page: string;
  createdAt: string;
  read: boolean;
}

function openLink(page: string): HTMLAnchorElement {
  const link = h('a', { text: '打开', title: page });
  link.addEventListener('click', () => void navigateTo(page.startsWith('/') ? page : `/${page}`).catch((e: unknown) => reportProblem(String((e as { errMsg?: string }).errMsg ?? e))));
  return link;
}

async function refreshSent(): Promise<void> {
  const mine = byId<HTMLInputElement>('pv-sent-mine').checked;
  const res = await fetch(`/dev/sent${mine ? `?touser=${encodeURIComponent(currentOpenid())}` : ''}`);
  const list = byId('pv-sent');
  if (!res.ok) {
    list.replaceChildren(item([span(`/dev/sent 不可用（${res.status}）`, 'muted')]));
    return;
  }
  const body = (await res.json()) as { data?: { items: SentItem[] } };
  const items = (body.data?.items ?? []).slice().reverse().slice(0, 50);
  list.replaceChildren(
    ...(items.length
      ? items.map((m) =>
          item([
            h('div', {}, [span(`→ ${m.touser}`, ''), span(` · ${m.templateId} · ${chinaDateTimeText(m.sentAt)}`, 'muted')]),
            h('div', { class: 'pv-sent-fields', text: Object.values(m.data).map((v) => v.value).join(' | ') }),
            h('div', {}, [span(`${m.page} `, 'muted'), ...(m.touser === currentOpenid() ? [openLink(m.page)] : [])]),
          ]),
        )
      : [item([span('还没有发出订阅消息', 'muted')])]),
  );
}

async function refreshInbox(): Promise<void> {
  const result = (await callFunction('notification', { action: 'inbox', limit: 20 }, true)) as { ok: boolean; data?: { items: InboxItem[] }; error?: { code: string; message: string } };
  const list = byId('pv-inbox');
  if (!result.ok || !result.data) {
    list.replaceChildren(item([span(`${result.error?.code ?? ''} ${result.error?.message ?? ''}`, 'bad')]));
    return;
  }
  const items = result.data.items;
  list.replaceChildren(
    ...(items.length
      ? items.map((m) =>
          item([h('div', {}, [span(m.title, m.read ? '' : 'unread'), span(` · ${chinaDateTimeText(m.createdAt)}`, 'muted')]), h('div', { text: m.body }), h('div', {}, [openLink(m.page)])]),
        )
      : [item([span('消息中心是空的', 'muted')])]),
  );
}

let refreshing: Promise<void> | undefined;
let again = false;

function refreshPanel(): void {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = Promise.all([refreshSent(), refreshInbox()])
    .then(() => undefined)
    .catch((e: unknown) => reportProblem(`刷新侧栏失败：${String(e)}`))
    .finally(() => {
      refreshing = undefined;
      if (again) {
        again = false;
        refreshPanel();
      }
    });
}

function homeOf(openid: string): string {
  return IDENTITIES.find((i) => i.openid === openid)?.home ?? 'pages/home/index';
}

function fail(e: unknown): void {
  reportProblem(e instanceof Error ? e.message : String((e as { errMsg?: string }).errMsg ?? e));
}

async function boot(): Promise<void> {
  const g = window as unknown as Record<string, unknown>;
  registerBuiltins();
  const appJson = JSON.parse((await fetchText('app.json')) ?? '{"pages":[]}') as AppJson;
  configure(appJson.window ?? {}, reportProblem);
  let app: Record<string, unknown> = {};
  g.wx = createWx(reportNote, {
    appName: appJson.window?.navigationBarTitleText ?? '小程序',
    locationReason: appJson.permission?.['scope.userLocation']?.desc ?? '',
  });
  g.App = (definition: Record<string, unknown>) => {
    app = definition;
  };
  g.getApp = () => app;
  installConstructors(g, currentPages);
  window.addEventListener('error', (event) => reportProblem(event.message));
  window.addEventListener('unhandledrejection', (event) => reportProblem(String((event.reason as { errMsg?: string } | undefined)?.errMsg ?? event.reason)));

  // Query params pick the identity and the first page (handy for links and screenshots).
  const params = new URLSearchParams(location.search);
  // ?as=new is a resident who has never used the program; any other openid is taken as given.
  const as = params.get('as');
  if (as === 'new') setOpenid(newResidentOpenid());
  else if (isOpenid(as)) setOpenid(as);

  const lib = (await requireModule('lib/index.js')) as { useCloudTransport?: (t: (name: string, data: Record<string, unknown>) => Promise<unknown>) => void };
  lib.useCloudTransport?.((name, data) => callFunction(name, data));
  await requireModule('app.js').catch(fail);
  if (typeof app.onLaunch === 'function') (app.onLaunch as () => void).call(app);
  await loadAppStyle();
  if (!(await loadCompiledWxml())) reportProblem('没有 dist/preview/wxml.js（缺少 miniprogram-compiler）：用 j-component 自带的 WXML 解析，<template is> 不会显示');

  const identity = byId<HTMLSelectElement>('pv-identity');
  const NEW = '__new__';
  const fillIdentities = () => {
    const current = currentOpenid();
    const known = IDENTITIES.map((i) => i.openid as string);
    const others = [...new Set([current, ...newResidents()])].filter((o) => !known.includes(o));
    const custom = others.map((openid) => h('option', { value: openid, text: `新用户（${openid}）` }));
    identity.replaceChildren(...IDENTITIES.map((i) => h('option', { value: i.openid, text: i.label })), ...custom, h('option', { value: NEW, text: '＋ 新用户（未实名认证）' }));
    identity.value = current;
  };
  fillIdentities();
  identity.addEventListener('change', () => {
    const chosen = identity.value === NEW ? newResidentOpenid() : identity.value;
    setOpenid(chosen);
    fillIdentities();
    void reLaunch(`/${homeOf(chosen)}`).catch(fail);
    refreshPanel();
  });

  const routes = [...appJson.pages, ...(appJson.subPackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
  const routeSelect = byId<HTMLSelectElement>('pv-route');
  routeSelect.replaceChildren(...routes.map((r) => h('option', { value: r, text: r })));
  routeSelect.addEventListener('change', () => void reLaunch(`/${routeSelect.value}`).catch(fail));
  onNavigate((route) => {
    if (route && routes.includes(route)) routeSelect.value = route;
  });
  byId('pv-relaunch').addEventListener('click', () => void reLaunch(`/${topRoute() ?? homeOf(currentOpenid())}`).catch(fail));
  byId('pv-back').addEventListener('click', () => navigateBack(1));
  byId('pv-refresh').addEventListener('click', () => pullDownRefresh());
  byId('pv-panel-refresh').addEventListener('click', refreshPanel);
  byId('pv-sent-mine').addEventListener('change', refreshPanel);
  translateClicks(byId('pv-pages'));

  onCall((call) => {
    calls.push(call);
    renderCalls();
    refreshPanel();
  });
  renderCalls();
  refreshPanel();

  const page = params.get('page');
  params.delete('as');
  params.delete('page');
  const query = params.toString();
  await reLaunch(`/${page ?? homeOf(currentOpenid())}${query ? `?${query}` : ''}`).catch(fail);
  document.body.dataset.pvReady = 'true';
  g.__preview = { navigateTo, reLaunch, navigateBack, currentPages, refreshPanel };
}

boot().catch((e: unknown) => {
  reportProblem(`预览启动失败：${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  document.body.dataset.pvReady = 'failed';
});
