/**
 * @jest-environment jsdom
 */
import os from 'node:os';
import path from 'node:path';
import { FUNCTIONS } from '../../server/local-cloud/function-registry';
import { createLocalRuntime, setRuntime } from '../../server/runtime/runtime';
import { fixedClock } from '../../server/kernel/clock';
import { createLogger } from '../../server/kernel/logger';
import { routeCloudToFunctions, type CloudCall } from '../support/simulated-wx';

/** The built pages (what DevTools runs), rendered by miniprogram-simulate with the official wcc. */
const MP = path.resolve(__dirname, '../../dist/miniprogram');

/** The test tsconfig has no DOM lib; these are the few DOM members the assertions read. */
interface DomNode {
  textContent: string | null;
  innerHTML: string;
}
const jsdomDocument = (globalThis as unknown as { document: { createElement(tag: string): DomNode } }).document;

interface SimulatedElement {
  dom: DomNode;
  data: Record<string, unknown>;
  instance: Record<string, (...args: unknown[]) => unknown> & { data: Record<string, unknown> };
  querySelector(selector: string): SimulatedElement | undefined;
  querySelectorAll(selector: string): SimulatedElement[];
  attach(parent: DomNode): void;
  detach(): void;
}

interface Simulate {
  load(componentPath: string, options?: { rootPath: string }): string;
  render(id: string, properties?: Record<string, unknown>): SimulatedElement;
  sleep(ms?: number): Promise<void>;
}
// Required, not imported: the package's own typings declare WeChat's globals (wx, Require…)
// program-wide, which would retype Node's `require` in scripts/ and server/.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sim = require('miniprogram-simulate') as Simulate;

const loaded = new Map<string, string>();

/** Loads each page once (its script registers the component), then renders a fresh instance. */
function renderPage(page: string): SimulatedElement {
  let id = loaded.get(page);
  if (id === undefined) {
    id = sim.load(path.join(MP, page), { rootPath: MP });
    loaded.set(page, id);
  }
  const comp = sim.render(id);
  comp.attach(jsdomDocument.createElement('parent-wrapper'));
  return comp;
}

/** Lets the page's awaited cloud call and setData settle; polls events, not the clock. */
async function settle(comp: SimulatedElement, done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await sim.sleep(0);
  if (!done()) throw new Error(`page did not settle: ${JSON.stringify(comp.data)}`);
}

let calls: CloudCall[];

beforeAll(() => {
  setRuntime(createLocalRuntime({ clock: fixedClock('2026-06-01T02:00:00Z'), log: createLogger(() => undefined), dataDir: path.join(os.tmpdir(), 'pages-test-writes-nothing') }));
  calls = routeCloudToFunctions(FUNCTIONS);
});

afterAll(() => setRuntime(undefined));

beforeEach(() => {
  calls.length = 0;
});

describe('home page', () => {
  it('shows the three steps 先备案 → 选定点 → 持码卡就医 in order', () => {
    const comp = renderPage('pages/home/index');
    const steps = comp.querySelectorAll('.step');
    expect(steps).toHaveLength(3);
    const titles = comp.querySelectorAll('.step .title').map((title) => title.dom.textContent);
    expect(titles).toEqual(['先备案', '选定点', '持码卡就医']);
    expect(steps[0]!.dom.textContent).toContain('第1步');
    expect(comp.querySelector('#open-policy')!.dom.textContent).toContain('备案政策');
    expect(calls).toHaveLength(0);
  });

  it('toggles large text for elderly readers', () => {
    // The simulator's storage is a fixed mock, so only the toggle itself is checked here.
    const comp = renderPage('pages/home/index');
    expect(comp.dom.textContent).toContain('大字模式');
    comp.instance.toggleLargeText!();
    expect(comp.data.largeText).toBe(true);
    expect(comp.dom.textContent).toContain('标准字号');
    comp.instance.toggleLargeText!();
    expect(comp.data.largeText).toBe(false);
  });
});

describe('policy page', () => {
  it('loads the Suzhou policy through the real policy function when the picker changes', async () => {
    const comp = renderPage('pages/policy/index');
    expect(comp.data.lines).toEqual([]);
    comp.instance.onRegionChange!({ detail: { value: ['江苏省', '苏州市'], code: ['320000', '320500'] } });
    await settle(comp, () => comp.data.loading === false && (comp.data.lines as unknown[]).length > 0);

    expect(calls).toEqual([{ name: 'policy', data: { action: 'get', region: '320500' } }]);
    expect(comp.data.regionName).toBe('江苏省苏州市');
    expect(comp.data.errorMessage).toBe('');
    const text = (comp.data.lines as { title: string; text: string }[]).map((l) => `${l.title}：${l.text}`).join('\n');
    expect(text).toContain('其他临时外出就医1年');
    expect(text).toContain('按参保地报销比例的80%报销');
    const rendered = comp.dom.textContent ?? '';
    expect(rendered).toContain('江苏省苏州市的备案政策');
    expect(rendered).toContain('其他临时外出就医1年');
    expect(comp.querySelectorAll('.policy-line').length).toBe((comp.data.lines as unknown[]).length);
  });

  it('shows the Chinese error for an invalid region without calling the cloud', async () => {
    const comp = renderPage('pages/policy/index');
    comp.instance.onRegionChange!({ detail: { value: ['江苏省'], code: ['32'] } });
    await settle(comp, () => comp.data.errorMessage !== '');
    expect(comp.data.errorMessage).toBe('请选择参保地所在的省和市');
    expect(comp.querySelector('#policy-error')!.dom.textContent).toContain('请选择参保地所在的省和市');
    expect(calls).toHaveLength(0);
  });

  it('shows the server refusal in Chinese for a code the division table lacks', async () => {
    const comp = renderPage('pages/policy/index');
    comp.instance.onRegionChange!({ detail: { value: ['江苏省', '?'], code: ['320000', '329900'] } });
    await settle(comp, () => comp.data.loading === false && comp.data.errorMessage !== '');
    expect(calls).toHaveLength(1);
    expect(comp.data.errorMessage).toMatch(/行政区划代码不存在/);
    expect(comp.data.lines).toEqual([]);
  });
});
