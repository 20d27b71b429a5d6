import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AgenciesView, InstitutionDetail, InstitutionPage } from '../../core/api/institution-api';
import type { Result } from '../../core/errors/result';
import { distanceKm } from '../../core/institution/geo';
import { createMain } from '../../server/kernel/cloud-function';
import { createLogger } from '../../server/kernel/logger';
import { institutionFunction } from '../../server/institution/institution.function';
import { closeInstitutionRepository } from '../../server/institution/institution-store';
import { seedDirectoryIfEmpty } from '../../server/institution/seed-directory';
import { createLocalRuntime, type Runtime } from '../../server/runtime/runtime';

/** Through the real handler: createMain + a local runtime on a temp DATA_DIR, seeded as `npm start` seeds. */
let runtime: Runtime;
let main: ReturnType<typeof createMain>;

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'institution-fn-'));
  runtime = createLocalRuntime({ dataDir, log: createLogger(() => undefined) });
  main = createMain(institutionFunction, () => runtime);
  const { seeded } = await seedDirectoryIfEmpty(runtime);
  expect(seeded).toBeGreaterThan(3000);
  expect(await seedDirectoryIfEmpty(runtime)).toEqual({ seeded: 0 });
});

describe('the seeded demo directory answers what residents search for', () => {
  it.each([
    ['人民医院 in 苏州', { region: '320500', keyword: '人民医院' }, '苏州市人民医院'],
    ['pinyin initials in 广州', { region: '440100', keyword: 'gzsrmyy' }, '广州市人民医院'],
    ['妇幼 in 深圳', { region: '440300', keyword: '妇幼' }, '深圳市妇幼保健院'],
    ['中医院 in 长沙 by initials', { region: '430100', keyword: 'csszyy' }, '长沙市中医院'],
  ])('%s', async (_label, query, name) => {
    const result = await call<InstitutionPage>({ action: 'search', ...query });
    expect(result.ok && result.data.items.map((i) => i.name)).toContain(name);
  });

  it('gives a big city more than a handful of places, pharmacies and community centres among them', async () => {
    const shenzhen = await allPages({ action: 'search', region: '440300' });
    expect(shenzhen.length).toBeGreaterThanOrEqual(20);
    expect(shenzhen.some((i) => i.kind === 'pharmacy')).toBe(true);
    expect(shenzhen.some((i) => i.type === '社区卫生服务中心')).toBe(true);
  });
});

afterAll(() => closeInstitutionRepository(runtime));

async function call<T>(event: Record<string, unknown>): Promise<Result<T>> {
  return (await main(event)) as Result<T>;
}

async function allPages(event: Record<string, unknown>): Promise<InstitutionPage['items']> {
  const items: InstitutionPage['items'] = [];
  let cursor: string | null = null;
  do {
    const result: Result<InstitutionPage> = await call<InstitutionPage>({ ...event, pageSize: 50, ...(cursor ? { cursor } : {}) });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    items.push(...result.data.items);
    cursor = result.data.nextCursor;
  } while (cursor);
  return items;
}

describe('institution.search', () => {
  it.each(['人民', '人民医院', '药房'])('keyword %s within 长春 returns only 长春 institutions containing it, all of them', async (keyword) => {
    const items = await allPages({ action: 'search', region: '220100', keyword });
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(item.region.startsWith('2201')).toBe(true);
      expect(item.name.includes(keyword) || item.address.includes(keyword)).toBe(true);
    }
    const first = await call<InstitutionPage>({ action: 'search', region: '220100', keyword });
    expect(first.ok && first.data.total).toBe(items.length);
    expect(new Set(items.map((i) => i.code)).size).toBe(items.length);
  });

  it.each(['bjxh', 'BJXH', 'xiehe', 'bei jing xie he'])('pinyin %s finds 北京协和医院 first', async (keyword) => {
    const result = await call<InstitutionPage>({ action: 'search', keyword });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.data.items[0]).toMatchObject({ code: 'H11010100001', name: '北京协和医院', regionName: '北京市东城区' });
  });

  it('combines filters and gives the distance when a position is given', async () => {
    const result = await call<InstitutionPage>({
      action: 'search',
      region: '220000',
      kind: 'hospital',
      capabilities: ['inpatient', 'dialysis'],
      position: { latitude: 43.88, longitude: 125.32 },
      sort: 'distance',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.items.length).toBeGreaterThan(0);
    for (const item of result.data.items) {
      expect(item.kind).toBe('hospital');
      expect(item.capabilities).toEqual(expect.arrayContaining(['inpatient', 'dialysis']));
      expect(typeof item.distanceKm).toBe('number');
    }
  });
});

describe('institution.nearby', () => {
  it('returns institutions inside the radius, nearest first, across pages', async () => {
    const origin = { latitude: 43.88, longitude: 125.32 };
    const items = await allPages({ action: 'nearby', ...origin, radiusKm: 8 });
    expect(items.length).toBeGreaterThan(10);
    let previous = 0;
    for (const item of items) {
      const d = distanceKm(origin.latitude, origin.longitude, item.latitude, item.longitude);
      expect(d).toBeLessThanOrEqual(8);
      expect(item.distanceKm).toBeCloseTo(d, 2);
      expect(item.distanceKm!).toBeGreaterThanOrEqual(previous);
      previous = item.distanceKm!;
    }
  });
});

describe('institution.get', () => {
  it('says what the resident can settle there', async () => {
    const result = await call<InstitutionDetail>({ action: 'get', code: 'H11010100001' });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.data.canDo).toEqual(expect.arrayContaining(['住院费用可以直接结算']));
  });

  it('tells pharmacy customers they can use the personal account only', async () => {
    const page = await call<InstitutionPage>({ action: 'search', kind: 'pharmacy', region: '220100', pageSize: 1 });
    if (!page.ok) throw new Error('search failed');
    const result = await call<InstitutionDetail>({ action: 'get', code: page.data.items[0]!.code });
    expect(result.ok && result.data.canDo.join('')).toContain('只能使用医保个人账户');
  });

  it('answers INSTITUTION.NOT_FOUND for an unknown code', async () => {
    const result = await call({ action: 'get', code: 'H99999999999' });
    expect(result).toEqual({ ok: false, error: { code: 'INSTITUTION.NOT_FOUND', message: '没有找到这家医药机构' } });
  });
});

describe('institution.agencies', () => {
  it('returns the ten Changchun counters and the hotline for 220100', async () => {
    const result = await call<AgenciesView>({ action: 'agencies', region: '220100' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const names = result.data.agencies.map((a) => a.name);
    expect(names).toEqual(expect.arrayContaining(['长春市政务服务中心', '长春医保人民大街服务大厅', '长春新区政务服务中心']));
    expect(result.data.agencies.filter((a) => a.id.startsWith('220100-'))).toHaveLength(10);
    expect(result.data.agencies.find((a) => a.name === '长春市政务服务中心')?.address).toBe('长春市南关区华新街700号');
    expect(result.data.hotline).toEqual({ areaCode: '0431', number: '0431-12393', text: '医保服务热线：0431-12393' });
  });

  it('has an entry for each seeded policy region', async () => {
    for (const region of ['110000', '320000', '320500', '220000', '430000', '440000', '441900']) {
      const result = await call<AgenciesView>({ action: 'agencies', region });
      expect(result.ok && result.data.agencies.some((a) => a.region === region)).toBe(true);
    }
  });
});

describe('bad filters get coded Chinese errors', () => {
  const CHINESE = /[\u4e00-\u9fff]/;

  it.each([
    ['unknown region', { action: 'search', region: '110199' }, 'REGION.UNKNOWN', 'region'],
    ['malformed region', { action: 'search', region: '12' }, 'REQUEST.INVALID', 'region'],
    ['radius 0', { action: 'nearby', latitude: 43.88, longitude: 125.32, radiusKm: 0 }, 'REQUEST.INVALID', 'radiusKm'],
    ['radius -3', { action: 'nearby', latitude: 43.88, longitude: 125.32, radiusKm: -3 }, 'REQUEST.INVALID', 'radiusKm'],
    ['radius 1000', { action: 'nearby', latitude: 43.88, longitude: 125.32, radiusKm: 1000 }, 'REQUEST.INVALID', 'radiusKm'],
    ['latitude 95', { action: 'nearby', latitude: 95, longitude: 125.32, radiusKm: 5 }, 'REQUEST.INVALID', 'latitude'],
    ['page size 500', { action: 'search', pageSize: 500 }, 'REQUEST.INVALID', 'pageSize'],
    ['10,000-character keyword', { action: 'search', keyword: '医'.repeat(10000) }, 'REQUEST.INVALID', 'keyword'],
    ['unknown capability', { action: 'search', capabilities: ['teleport'] }, 'REQUEST.INVALID', 'capabilities.0'],
    ['distance sort without position', { action: 'search', sort: 'distance' }, 'REQUEST.INVALID', 'position'],
    ['forged cursor', { action: 'search', cursor: 'bm90LWEtY3Vyc29y' }, 'REQUEST.INVALID', 'cursor'],
    ['bad code', { action: 'get', code: 'DROP TABLE' }, 'REQUEST.INVALID', 'code'],
    ['unknown agency region', { action: 'agencies', region: '220199' }, 'REGION.UNKNOWN', 'region'],
  ])('%s', async (_label, event, code, field) => {
    const result = await call(event);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toMatch(CHINESE);
    expect(result.error.fields?.[field]).toMatch(CHINESE);
  });
});
