import path from 'node:path';

/**
 * Drives built pages (dist/miniprogram, what DevTools runs) in miniprogram-simulate: render,
 * type, tap, and wait for the awaited cloud calls to settle. Needs `@jest-environment jsdom`.
 */
export const MP = path.resolve(__dirname, '../../dist/miniprogram');

/** The test tsconfig has no DOM lib; these are the few DOM members the assertions read. */
export interface DomNode {
  textContent: string | null;
}

export interface SimulatedElement {
  dom: DomNode;
  data: Record<string, unknown>;
  instance: Record<string, (...args: unknown[]) => unknown> & { data: Record<string, unknown> };
  querySelector(selector: string): SimulatedElement | undefined;
  querySelectorAll(selector: string): SimulatedElement[];
  dispatchEvent(name: string, options?: { detail?: Record<string, unknown> }): void;
  attach(parent: DomNode): void;
  detach(): void;
}

interface Simulate {
  load(componentPath: string, options?: { rootPath: string }): string;
  render(id: string, properties?: Record<string, unknown>): SimulatedElement;
  sleep(ms?: number): Promise<void>;
}
// Required, not imported: the package's typings declare WeChat's globals program-wide.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const sim = require('miniprogram-simulate') as Simulate;

/**
 * miniprogram-simulate runs a component's script once per page that loads it, forgetting it from
 * `require.cache` in between, which jest's module registry does not honour: a component shared
 * by two pages would register only for the first. Components (not pages, which share lib/ as on
 * a phone) run in an isolated registry each time.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulateUtils = require('miniprogram-simulate/src/utils') as { runJs: (file: string) => void };
const runJs = simulateUtils.runJs;
simulateUtils.runJs = (file: string) => {
  if (!file.split(path.sep).includes('components')) return runJs(file);
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(file);
  });
};

const jsdomDocument = (globalThis as unknown as { document: { createElement(tag: string): DomNode } }).document;
const loaded = new Map<string, string>();

/** Loads each page once (its script registers the component), then renders a fresh instance. */
export function renderPage(page: string): SimulatedElement {
  let id = loaded.get(page);
  if (id === undefined) {
    id = sim.load(path.join(MP, page), { rootPath: MP });
    loaded.set(page, id);
  }
  const comp = sim.render(id);
  comp.attach(jsdomDocument.createElement('parent-wrapper'));
  return comp;
}

/** Polls events (not the clock) until the page reaches the state the test waits for. */
export async function settle(comp: SimulatedElement, done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await sim.sleep(0);
  if (!done()) throw new Error(`page did not settle: ${JSON.stringify(comp.data).slice(0, 2000)}`);
}

export function element(comp: SimulatedElement, selector: string): SimulatedElement {
  const found = comp.querySelector(selector);
  if (!found) throw new Error(`no ${selector} on the page: ${comp.dom.textContent ?? ''}`);
  return found;
}

/** Types into an <input> as WeChat does: an `input` event with the whole value. */
export async function type(comp: SimulatedElement, selector: string, value: string): Promise<void> {
  element(comp, selector).dispatchEvent('input', { detail: { value } });
  await sim.sleep(0);
}

/** The simulator delivers events on a timer, so every gesture is awaited. */
export async function tap(comp: SimulatedElement, selector: string): Promise<void> {
  element(comp, selector).dispatchEvent('tap');
  await sim.sleep(0);
}

/** A picker's `change`: region pickers give names and codes, date pickers a YYYY-MM-DD value. */
export async function pick(comp: SimulatedElement, selector: string, detail: Record<string, unknown>): Promise<void> {
  element(comp, selector).dispatchEvent('change', { detail });
  await sim.sleep(0);
}

export function textOf(comp: SimulatedElement, selector: string): string {
  return element(comp, selector).dom.textContent ?? '';
}

/** 下一步 on the filing form checks the step (before the last one also filing.precheck): waits until it moved to `to`. */
export async function nextStep(comp: SimulatedElement, to: number): Promise<void> {
  await tap(comp, '#next');
  await settle(comp, () => comp.data.step === to && comp.data.checking === false);
}

/**
 * The phone's clock: pages take "today" from the device (China time), the functions from the
 * harness clock. Pins Date alone (timers stay real, the simulator needs them) to the same instant.
 */
export function pinDeviceClock(at: Date | string): void {
  jest.useFakeTimers({
    now: new Date(at),
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
  });
}

export function releaseDeviceClock(): void {
  jest.useRealTimers();
}
