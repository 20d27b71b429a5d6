/**
 * @jest-environment jsdom
 */
import { FUNCTIONS } from '../../server/local-cloud/function-registry';
import { seedDirectoryIfEmpty } from '../../server/institution/seed-directory';
import { routeCloudToFunctions, type CloudCall } from '../support/simulated-wx';
import { startHarness, type Harness } from '../support/filing-harness';
import { element, pick, renderPage, settle, tap, textOf, type, type SimulatedElement } from './page-driver';

/**
 * 选定点 against the real institution function on a seeded directory (3,000 generated + the
 * famous hospitals, real SQLite on a temp dir). WeChat's location API is the only other stub.
 */
let harness: Harness;
let calls: CloudCall[];

beforeAll(async () => {
  harness = await startHarness();
  await seedDirectoryIfEmpty(harness.runtime);
  calls = routeCloudToFunctions(FUNCTIONS, 'o-institution-resident');
});

afterAll(() => harness.cleanup());

beforeEach(() => {
  calls.length = 0;
});

interface Row {
  code: string;
  name: string;
  address: string;
  distanceText: string;
}

const wx = () => (globalThis as unknown as { wx: Record<string, unknown> }).wx;
const rows = (comp: SimulatedElement) => comp.data.items as Row[];
const made = (action: string) => calls.filter((c) => c.name === 'institution' && c.data.action === action);

async function openSearch(): Promise<SimulatedElement> {
  const comp = renderPage('pages/institutions/index');
  comp.instance.onLoad!({});
  return comp;
}

async function searched(comp: SimulatedElement, before: number): Promise<void> {
  await settle(comp, () => comp.data.loading === false && calls.length > before);
}

describe('institutions search', () => {
  it('finds by keyword only the matching institutions of the chosen city', async () => {
    const comp = await openSearch();
    await pick(comp, '#region-picker', { value: ['吉林省', '长春市'], code: ['220000', '220100'] });
    await searched(comp, 0);
    expect(made('search')[0]!.data).toMatchObject({ region: '220100' });
    expect(rows(comp).length).toBeGreaterThan(4);

    await type(comp, '#keyword', '大药房');
    const before = calls.length;
    await tap(comp, '#search');
    await searched(comp, before);

    const found = rows(comp);
    expect(found.length).toBeGreaterThan(0);
    for (const row of found) {
      expect(row.name).toContain('大药房');
      expect(row.code.slice(1, 5)).toBe('2201'); // district code of 长春
    }
    const cards = comp.querySelectorAll('.result');
    expect(cards).toHaveLength(found.length);
    expect(cards[0]!.dom.textContent).toContain('买药只能用医保个人账户');
    expect(textOf(comp, '#summary')).toContain(`长春市共找到${found.length}家`);

    // The same keyword across the country finds more: the city filter did the narrowing.
    const all = await harness.call<{ total: number }>('institution', undefined, { action: 'search', keyword: '大药房' });
    expect(all.ok && all.data.total).toBeGreaterThan(found.length);
  });

  it('finds 北京协和医院 in 北京 by its pinyin initials bjxh', async () => {
    const comp = await openSearch();
    await type(comp, '#keyword', 'bjxh');
    await pick(comp, '#region-picker', { value: ['北京市', '北京市'], code: ['110000', '110100'] });
    await searched(comp, 0);
    expect(made('search').at(-1)!.data).toMatchObject({ region: '110100', keyword: 'bjxh' });
    expect(rows(comp).map((r) => r.name)).toEqual(['北京协和医院']);
    const card = element(comp, '.result').dom.textContent ?? '';
    expect(card).toContain('三级甲等');
    expect(card).toContain('帅府园1号');
  });

  it('filters by kind and capability and pages with 加载更多', async () => {
    const comp = await openSearch();
    await pick(comp, '#region-picker', { value: ['吉林省', '长春市'], code: ['220000', '220100'] });
    await searched(comp, 0);
    const total = comp.data.total as number;
    expect(total).toBeGreaterThan(20);
    expect(rows(comp)).toHaveLength(20);
    let before = calls.length;
    await tap(comp, '#load-more');
    await searched(comp, before);
    expect(rows(comp)).toHaveLength(total);
    expect(new Set(rows(comp).map((r) => r.code)).size).toBe(total);
    expect(comp.querySelector('#load-more')).toBeUndefined();

    before = calls.length;
    await tap(comp, '#cap-inpatient');
    await searched(comp, before);
    expect(made('search').at(-1)!.data).toMatchObject({ region: '220100', capabilities: ['inpatient'] });
    expect(rows(comp).length).toBeGreaterThan(0);
    expect(rows(comp).every((r) => r.code.startsWith('H'))).toBe(true);

    before = calls.length;
    await tap(comp, '#kind-pharmacy');
    await searched(comp, before);
    // A pharmacy settles from the personal account only: the capability filter is dropped.
    expect(made('search').at(-1)!.data).toMatchObject({ kind: 'pharmacy' });
    expect(made('search').at(-1)!.data.capabilities).toBeUndefined();
    expect(rows(comp).every((r) => r.code.startsWith('P'))).toBe(true);
    expect(comp.dom.textContent).toContain('在药店买药只能用医保个人账户支付');
  });

  it('explains a refused location in Chinese and keeps the city results', async () => {
    const comp = await openSearch();
    await pick(comp, '#region-picker', { value: ['吉林省', '长春市'], code: ['220000', '220100'] });
    await searched(comp, 0);
    const cityRows = rows(comp);
    wx().getLocation = () => Promise.reject({ errMsg: 'getLocation:fail auth deny' });
    await tap(comp, '#nearby');
    await settle(comp, () => comp.data.locating === false);
    expect(textOf(comp, '#location-notice')).toContain('您没有允许使用位置');
    expect(textOf(comp, '#location-notice')).toContain('仍可以按城市查找');
    expect(rows(comp)).toEqual(cityRows);
    expect(made('nearby')).toHaveLength(0);
  });

  it('lists institutions near the resident, nearest first, with the distance', async () => {
    wx().getLocation = (options: { type?: string }) => Promise.resolve({ latitude: 43.88, longitude: 125.32, errMsg: `getLocation:ok ${options.type ?? ''}` });
    const comp = await openSearch();
    await tap(comp, '#nearby');
    await settle(comp, () => comp.data.locating === false && comp.data.searched === true && comp.data.loading === false);
    expect(made('nearby')[0]!.data).toMatchObject({ latitude: 43.88, longitude: 125.32, radiusKm: 10 });
    const found = rows(comp);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((r) => /^距您约[\d.]+(公里|米)$/.test(r.distanceText))).toBe(true);
    const km = found.map((r) => Number(/[\d.]+/.exec(r.distanceText)![0]) / (r.distanceText.endsWith('米') ? 1000 : 1));
    expect(km).toEqual([...km].sort((a, b) => a - b));
    expect(textOf(comp, '#summary')).toContain('您附近10公里内');
  });

  it('opens with the treatment region of an approved filing already searched', async () => {
    const comp = renderPage('pages/institutions/index');
    comp.instance.onLoad!({ region: '220100', name: encodeURIComponent('吉林省长春市') });
    await searched(comp, 0);
    expect(textOf(comp, '#region')).toBe('吉林省长春市');
    expect(made('search')[0]!.data).toMatchObject({ region: '220100' });
    expect(rows(comp).length).toBeGreaterThan(0);
  });
});

describe('institution detail', () => {
  async function openDetail(code: string): Promise<SimulatedElement> {
    const comp = renderPage('pages/institution-detail/index');
    comp.instance.onLoad!({ code });
    await settle(comp, () => comp.data.agencies !== null || comp.data.errorMessage !== '');
    return comp;
  }

  it('tells that a pharmacy takes the personal account only, with the counters and hotline of its city', async () => {
    const comp = await openDetail('P22010200103');
    expect(textOf(comp, '#name')).toContain('大参林');
    const canDo = textOf(comp, '#can-do');
    expect(canDo).toContain('只能使用医保个人账户支付');
    expect(canDo).not.toContain('住院费用可以直接结算');
    expect(comp.querySelector('.tag')!.dom.textContent).toBe('药店');
    expect(textOf(comp, '#hotline')).toContain('0431-12393');
    expect(textOf(comp, '#agencies')).toContain('长春市政务服务中心');
    expect(calls.filter((c) => c.data.action === 'agencies')[0]!.data).toMatchObject({ region: '220102' });

    const dialled: unknown[] = [];
    wx().makePhoneCall = (options: unknown) => {
      dialled.push(options);
      return Promise.resolve({ errMsg: 'makePhoneCall:ok' });
    };
    await tap(comp, '#call-hotline');
    expect(dialled).toEqual([{ phoneNumber: '0431-12393' }]);
  });

  it('says what a hospital settles in plain words and opens the map', async () => {
    const comp = await openDetail('H11010100001');
    const canDo = textOf(comp, '#can-do');
    expect(canDo).toContain('住院费用可以直接结算');
    expect(canDo).toContain('门诊慢特病可以直接结算');
    const opened: unknown[] = [];
    wx().openLocation = (options: unknown) => {
      opened.push(options);
      return Promise.resolve({ errMsg: 'openLocation:ok' });
    };
    await tap(comp, '#map');
    expect(opened).toEqual([expect.objectContaining({ name: '北京协和医院', address: '北京市东城区帅府园1号' })]);
  });

  it('shows the Chinese error for an unknown code', async () => {
    const comp = await openDetail('H99999999999');
    expect(textOf(comp, '#detail-error')).toMatch(/[\u4e00-\u9fa5]/);
    expect(comp.data.institution).toBeNull();
  });
});
