import jComponent, { type RootComponent } from 'j-component';
import exparser from 'miniprogram-exparser';
import { convertWxss, importsOf, prepareWxml, resolvePath } from './wxss';
import { requireCandidates } from './require-resolution';
import { clearLayer } from './ui';

/**
 * Loads the REAL built pages from dist/miniprogram (served at /preview/mp/), runs their CommonJS
 * modules with a small `require`, captures what they pass to `Component(...)`, registers that
 * with j-component and renders it into the phone frame. Keeps WeChat's page stack.
 */
export const MP = '/preview/mp/';
export const FRAME_WIDTH = 355;
const MAX_STACK = 10;

export interface PageJson {
  navigationBarTitleText?: string;
  navigationBarTextStyle?: string;
  navigationBarBackgroundColor?: string;
  enablePullDownRefresh?: boolean;
  usingComponents?: Record<string, string>;
}

export interface AppJson {
  pages: string[];
  subPackages?: { root: string; pages: string[] }[];
  window?: PageJson;
  permission?: Record<string, { desc?: string }>;
}

interface LoadedPage {
  route: string;
  id: string;
  json: PageJson;
}

interface Entry {
  route: string;
  comp: RootComponent;
  el: HTMLElement;
  json: PageJson;
  title: string;
}

// ---------- CommonJS modules from dist/miniprogram ----------

const sources = new Map<string, string | null>();
const modules = new Map<string, { exports: unknown }>();
/** `<file>\u0000<spec>` → the file WeChat's require would load (see require-resolution.ts). */
const resolved = new Map<string, string>();

export async function fetchText(path: string): Promise<string | null> {
  const res = await fetch(MP + path, { cache: 'no-store' });
  return res.ok ? res.text() : null;
}

function jsPath(from: string, spec: string): string {
  return resolved.get(`${from}\u0000${spec}`) ?? requireCandidates(from, spec)[0]!;
}

async function prefetch(path: string): Promise<void> {
  if (sources.has(path)) return;
  sources.set(path, null);
  const code = await fetchText(path);
  sources.set(path, code);
  if (code === null) return;
  const deps = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? '');
  await Promise.all(deps.map((dep) => prefetchRequired(path, dep)));
}

/** The first candidate that exists, as WeChat would pick it; packages come from miniprogram_npm/. */
async function prefetchRequired(from: string, spec: string): Promise<void> {
  for (const candidate of requireCandidates(from, spec)) {
    await prefetch(candidate);
    if (sources.get(candidate) !== null) {
      resolved.set(`${from}\u0000${spec}`, candidate);
      return;
    }
  }
}

function run(path: string): unknown {
  const cached = modules.get(path);
  if (cached) return cached.exports;
  const code = sources.get(path);
  if (code === null || code === undefined) throw new Error(`找不到模块 ${path}`);
  const module = { exports: {} as unknown };
  modules.set(path, module);
  const factory = new Function('require', 'module', 'exports', `${code}\n//# sourceURL=${location.origin}${MP}${path}`) as (
    require: (spec: string) => unknown,
    module: { exports: unknown },
    exports: unknown,
  ) => void;
  factory((spec) => run(jsPath(path, spec)), module, module.exports);
  return module.exports;
}

/** Loads (once) and returns a module of the mini-program, e.g. `lib/index.js`. */
export async function requireModule(path: string): Promise<unknown> {
  await prefetch(path);
  return run(path);
}

// ---------- WXSS ----------

async function inlineImports(path: string, seen = new Set<string>()): Promise<string> {
  if (seen.has(path)) return '';
  seen.add(path);
  const text = (await fetchText(path)) ?? '';
  const parts = await Promise.all(importsOf(text).map((rel) => inlineImports(resolvePath(path, rel), seen)));
  return `${parts.join('\n')}\n${text}`;
}

function addStyle(id: string, css: string): void {
  document.getElementById(id)?.remove();
  const style = document.createElement('style');
  style.id = id;
  style.textContent = css;
  document.head.append(style);
}

/** Loads dist/preview/wxml.js (WeChat's compiled WXML); false when the build had no compiler. */
export function loadCompiledWxml(): Promise<boolean> {
  return new Promise((resolve) => {
    const script = document.createElement('script');
    script.src = '/preview/wxml.js';
    script.onload = () => resolve(typeof (window as unknown as { __pvGwx?: unknown }).__pvGwx === 'function');
    script.onerror = () => resolve(false);
    document.head.append(script);
  });
}

export async function loadAppStyle(): Promise<void> {
  addStyle('pv-app-wxss', convertWxss(await inlineImports('app.wxss'), { scope: '.pv-page', frameWidth: FRAME_WIDTH }));
}

// ---------- pages ----------

let captured: Record<string, unknown> | null = null;
const loaded = new Map<string, Promise<LoadedPage>>();
/** Built-ins the preview implements as components of its own (builtins.ts). */
const BUILT_IN_COMPONENTS = { input: 'pv-input', textarea: 'pv-textarea', picker: 'pv-picker', image: 'pv-image' };
const components = new Map<string, Promise<string>>();

/** The globals a page script calls while it is evaluated. */
export function installConstructors(target: Record<string, unknown>, currentPages: () => unknown[]): void {
  target.Component = (definition: Record<string, unknown>) => {
    captured = definition;
  };
  target.Page = (definition: Record<string, unknown>) => {
    // Page(): data stays data, every function becomes a method.
    const methods: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(definition)) if (typeof value === 'function') methods[key] = value;
    captured = { data: definition.data ?? {}, methods };
  };
  target.Behavior = (definition: Record<string, unknown>) => jComponent.behavior(definition);
  target.getCurrentPages = currentPages;
}

/** Runs a page's or component's script and returns what it passed to Component(). */
function definitionOf(path: string): Record<string, unknown> {
  captured = null;
  run(`${path}.js`);
  const definition = captured as Record<string, unknown> | null;
  captured = null;
  if (!definition) throw new Error(`${path}.js 没有调用 Component()`);
  return definition;
}

function templateOf(path: string, wxml: string): unknown {
  // WeChat's compiler output when the build made it (dist/preview/wxml.js), else j-component's parser.
  const gwx = (window as unknown as { __pvGwx?: (path: string) => unknown }).__pvGwx;
  const compiled = gwx ? gwx(`${path}.wxml`) : undefined;
  return typeof compiled === 'function' ? compiled : prepareWxml(wxml);
}

/** The custom components a page or component uses (`usingComponents`), registered once each; tag → j-component id. */
async function usingComponentsOf(from: string, using: Record<string, string> | undefined): Promise<Record<string, string>> {
  const ids: Record<string, string> = { ...BUILT_IN_COMPONENTS };
  for (const [tag, spec] of Object.entries(using ?? {})) {
    const path = resolvePath(from, spec);
    let id = components.get(path);
    if (!id) {
      id = loadComponentOnce(path);
      components.set(path, id);
    }
    ids[tag] = await id;
  }
  return ids;
}

async function loadComponentOnce(path: string): Promise<string> {
  const [wxml, jsonText] = await Promise.all([fetchText(`${path}.wxml`), fetchText(`${path}.json`), prefetch(`${path}.js`)]);
  if (wxml === null) throw new Error(`组件不存在：${path}`);
  const json = (jsonText ? JSON.parse(jsonText) : {}) as PageJson;
  // Component styles apply inside every page (WeChat isolates them; our class names are prefixed).
  addStyle(`pv-wxss-${path.replace(/\W/g, '_')}`, convertWxss(await inlineImports(`${path}.wxss`), { scope: '.pv-page', frameWidth: FRAME_WIDTH }));
  const usingComponents = await usingComponentsOf(path, json.usingComponents);
  return jComponent.register({ ...definitionOf(path), template: templateOf(path, wxml), usingComponents });
}

async function loadPageOnce(route: string): Promise<LoadedPage> {
  const [wxml, jsonText] = await Promise.all([fetchText(`${route}.wxml`), fetchText(`${route}.json`), prefetch(`${route}.js`)]);
  if (wxml === null) throw new Error(`页面不存在：${route}（dist/miniprogram 里没有 ${route}.wxml，先 npm run build）`);
  const json = (jsonText ? JSON.parse(jsonText) : {}) as PageJson;
  addStyle(`pv-wxss-${route.replace(/\W/g, '_')}`, convertWxss(await inlineImports(`${route}.wxss`), { scope: `[data-pv-page="${route}"]`, frameWidth: FRAME_WIDTH }));
  const usingComponents = await usingComponentsOf(route, json.usingComponents);
  const id = jComponent.register({ ...definitionOf(route), template: templateOf(route, wxml), usingComponents });
  return { route, id, json };
}

function loadPage(route: string): Promise<LoadedPage> {
  let page = loaded.get(route);
  if (!page) {
    page = loadPageOnce(route);
    page.catch(() => loaded.delete(route));
    loaded.set(route, page);
  }
  return page;
}

// ---------- the stack ----------

const stack: Entry[] = [];
let appWindow: PageJson = {};
let errorReporter: (message: string) => void = (message) => console.error(message);

export function configure(window: PageJson, onError: (message: string) => void): void {
  appWindow = window;
  errorReporter = onError;
}

function pagesEl(): HTMLElement {
  const el = document.getElementById('pv-pages');
  if (!el) throw new Error('#pv-pages missing');
  return el;
}

export function currentPages(): unknown[] {
  return stack.map((e) => e.comp.instance);
}

export function topRoute(): string | undefined {
  return stack[stack.length - 1]?.route;
}

function lifecycle(entry: Entry, name: string, ...args: unknown[]): void {
  const method = entry.comp.instance[name];
  if (typeof method !== 'function') return;
  try {
    const result = (method as (...a: unknown[]) => unknown).apply(entry.comp.instance, args);
    if (result && typeof (result as Promise<unknown>).catch === 'function') {
      (result as Promise<unknown>).catch((e: unknown) => errorReporter(`${entry.route} ${name}: ${String(e)}`));
    }
  } catch (e) {
    errorReporter(`${entry.route} ${name}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  }
}

function pageShown(entry: Entry): void {
  for (const e of stack) e.el.hidden = e !== entry;
  entry.comp.triggerPageLifeTime('show');
  lifecycle(entry, 'onShow');
  renderNavbar();
}

function pageHidden(entry: Entry): void {
  entry.comp.triggerPageLifeTime('hide');
  lifecycle(entry, 'onHide');
}

function unload(entry: Entry): void {
  lifecycle(entry, 'onUnload');
  entry.comp.detach();
  entry.el.remove();
}

function renderNavbar(): void {
  const top = stack[stack.length - 1];
  const title = document.getElementById('pv-title');
  const back = document.getElementById('pv-back');
  const refresh = document.getElementById('pv-refresh');
  const bar = document.getElementById('pv-navbar');
  if (title) title.textContent = top?.title ?? '';
  if (back) back.hidden = stack.length <= 1;
  if (refresh) refresh.hidden = !top?.json.enablePullDownRefresh;
  const style = { ...appWindow, ...top?.json };
  if (bar) {
    bar.style.background = style.navigationBarBackgroundColor ?? '#ffffff';
    bar.classList.toggle('black', style.navigationBarTextStyle === 'black');
  }
  const status = bar?.previousElementSibling as HTMLElement | null;
  if (status) status.style.background = style.navigationBarBackgroundColor ?? '#ffffff';
  for (const listener of navListeners) listener(top?.route);
}

const navListeners: ((route: string | undefined) => void)[] = [];
export function onNavigate(listener: (route: string | undefined) => void): void {
  navListeners.push(listener);
}

export function setTitle(title: string): void {
  const top = stack[stack.length - 1];
  if (top) top.title = title;
  renderNavbar();
}

function parseUrl(url: string): { route: string; query: Record<string, string> } {
  const [path = '', search = ''] = url.split('?');
  const base = topRoute() ?? '';
  const route = path.startsWith('/') ? path.slice(1) : resolvePath(base, path);
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(search)) query[k] = v;
  return { route: route.replace(/\.(js|wxml)$/, ''), query };
}

/** Pull-down refresh and reach-bottom come from the page container's scroll. */
function watchScroll(entry: Entry): void {
  let armed = true;
  entry.el.addEventListener('scroll', () => {
    const atBottom = entry.el.scrollTop + entry.el.clientHeight >= entry.el.scrollHeight - 40;
    if (atBottom && armed) {
      armed = false;
      lifecycle(entry, 'onReachBottom');
    } else if (!atBottom) armed = true;
  });
}

async function create(url: string): Promise<{ entry: Entry; query: Record<string, string> }> {
  const { route, query } = parseUrl(url);
  const page = await loadPage(route);
  const comp = jComponent.create(page.id);
  if (!comp) throw new Error(`无法创建页面 ${route}`);
  const el = document.createElement('div');
  el.className = 'pv-page';
  el.dataset.pvPage = route;
  pagesEl().append(el);
  comp.attach(el);
  const entry: Entry = { route, comp, el, json: page.json, title: page.json.navigationBarTitleText ?? appWindow.navigationBarTitleText ?? '' };
  watchScroll(entry);
  return { entry, query };
}

function start(entry: Entry, query: Record<string, string>): void {
  stack.push(entry);
  lifecycle(entry, 'onLoad', query);
  pageShown(entry);
  lifecycle(entry, 'onReady');
}

export async function navigateTo(url: string): Promise<void> {
  if (stack.length >= MAX_STACK) throw { errMsg: 'navigateTo:fail webview count limit exceed' };
  const { entry, query } = await create(url);
  const top = stack[stack.length - 1];
  if (top) pageHidden(top);
  start(entry, query);
}

export async function redirectTo(url: string): Promise<void> {
  const { entry, query } = await create(url);
  const top = stack.pop();
  if (top) unload(top);
  start(entry, query);
}

export async function reLaunch(url: string): Promise<void> {
  const { entry, query } = await create(url);
  while (stack.length > 0) unload(stack.pop()!);
  clearLayer();
  start(entry, query);
}

export function navigateBack(delta = 1): void {
  if (stack.length <= 1) return;
  const count = Math.min(Math.max(1, delta), stack.length - 1);
  for (let i = 0; i < count; i++) unload(stack.pop()!);
  pageShown(stack[stack.length - 1]!);
}

export function pullDownRefresh(): void {
  const top = stack[stack.length - 1];
  if (top) lifecycle(top, 'onPullDownRefresh');
}

/** Mouse clicks become WeChat `tap` events on the exparser node under the pointer. */
export function translateClicks(root: HTMLElement): void {
  root.addEventListener('click', (event) => {
    let node = event.target as (Node & { __wxElement?: unknown }) | null;
    while (node && !node.__wxElement) node = node.parentNode as typeof node;
    if (!node) return;
    const tap = exparser.Event.create('tap', { x: event.pageX, y: event.pageY }, {
      originalEvent: event,
      bubbles: true,
      capturePhase: true,
      composed: true,
      extraFields: { touches: [], changedTouches: [{ pageX: event.pageX, pageY: event.pageY, clientX: event.clientX, clientY: event.clientY }] },
    });
    exparser.Event.dispatchEvent(node.__wxElement, tap);
  });
}
