import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseKeyword, type Keyword } from '../../core/institution/keyword';
import { AGENCY_SEED } from '../../server/institution/agency-seed';
import { CloudbaseInstitutionRepository } from '../../server/institution/cloudbase-institution-repository';
import { generateDirectory } from '../../server/institution/directory-generator';
import { FAMOUS_INSTITUTIONS } from '../../server/institution/famous-institutions';
import type {
  DirectoryQuery,
  DirectoryRecord,
  InstitutionRepository,
} from '../../server/institution/institution-repository.port';
import { toRecord } from '../../server/institution/seed-directory';
import { SqliteInstitutionRepository } from '../../server/institution/sqlite-institution-repository';
import { sharedRegionDirectory } from '../../server/runtime/runtime';
import { createCloudbaseStandIn } from '../support/cloudbase-stand-in';
import { oracle } from './directory-oracle';
import { itServedEveryQueryFromADeclaredIndex } from '../support/index-coverage';

/**
 * The repository contract, run against SQLite (real file) and the CloudBase adapter (real SDK,
 * stand-in at its request boundary). Each answer is compared with a plain-array oracle,
 * including the order across pages.
 */
const regions = sharedRegionDirectory();
const records: DirectoryRecord[] = [...FAMOUS_INSTITUTIONS.map(toRecord)];
for (const chunk of generateDirectory(regions, { count: 1500, seed: 7 })) records.push(...chunk.map(toRecord));
// A dense cluster in Changchun so city, keyword and radius queries have real answers.
for (const chunk of generateDirectory(regions, { count: 60000, seed: 11 })) {
  records.push(...chunk.filter((r) => r.region.startsWith('2201')).slice(0, 400).map(toRecord));
}
const unique = new Map(records.map((r) => [r.code, r]));
const all = [...unique.values()];

const kw = (raw: string): Keyword => parseKeyword(raw)!;
const CHANGCHUN = { latitude: 43.88, longitude: 125.32 };

const QUERIES: Array<[string, Omit<DirectoryQuery, 'limit' | 'after'>]> = [
  ['level order, nothing else', { sort: 'level', capabilities: [] }],
  ['city + capability', { region: '220100', capabilities: ['dialysis'], sort: 'level' }],
  ['province + two capabilities', { region: '220000', capabilities: ['hypertension', 'diabetes'], sort: 'level' }],
  ['district + kind', { region: '220104', kind: 'pharmacy', capabilities: [], sort: 'level' }],
  ['level filter', { level: '三级甲等', capabilities: [], sort: 'level' }],
  ['Chinese keyword (3+ chars) by relevance', { keyword: kw('人民医院'), capabilities: [], sort: 'relevance' }],
  ['Chinese keyword (2 chars) in a city', { region: '220100', keyword: kw('人民'), capabilities: [], sort: 'relevance' }],
  ['one-character keyword', { region: '220100', keyword: kw('院'), capabilities: [], sort: 'relevance' }],
  ['address keyword', { keyword: kw('帅府园'), capabilities: [], sort: 'relevance' }],
  ['keyword starting, inside and only in the address', { keyword: kw('长春市'), capabilities: [], sort: 'relevance' }],
  ['Chinese keyword in level order', { keyword: kw('人民医院'), capabilities: [], sort: 'level' }],
  ['pinyin initials', { keyword: kw('bjxh'), capabilities: [], sort: 'relevance' }],
  ['full pinyin from a syllable', { keyword: kw('xiehe'), capabilities: [], sort: 'relevance' }],
  ['full pinyin over several syllables', { keyword: kw('changchun'), capabilities: [], sort: 'relevance' }],
  ['pinyin with more than one syllable split', { keyword: kw('xian'), capabilities: [], sort: 'relevance' }],
  ['pinyin initials inside the name', { keyword: kw('rmyy'), capabilities: [], sort: 'relevance' }],
  ['pinyin in level order', { keyword: kw('yiyuan'), capabilities: [], sort: 'level' }],
  ['two-letter pinyin in a city', { region: '220100', keyword: kw('cc'), capabilities: [], sort: 'relevance' }],
  ['nearby 5 km', { origin: CHANGCHUN, radiusKm: 5, capabilities: [], sort: 'distance' }],
  ['nearby 20 km, level order', { origin: CHANGCHUN, radiusKm: 20, capabilities: [], sort: 'level' }],
  ['keyword + province + kind + capability', { region: '220000', kind: 'hospital', capabilities: ['inpatient'], keyword: kw('人民医院'), sort: 'relevance' }],
  ['keyword + city (filter tags)', { region: '220100', keyword: kw('长春市'), capabilities: [], sort: 'relevance' }],
  ['keyword + district + level', { region: '220104', level: '未定级', keyword: kw('大药房'), capabilities: [], sort: 'relevance' }],
  ['keyword + capability, level order', { keyword: kw('医院（'), capabilities: ['generalOutpatient'], sort: 'level' }],
  ['broad category word', { keyword: kw('社区卫生服务中心'), capabilities: [], sort: 'relevance' }],
  ['broad word + kind', { keyword: kw('大药房'), kind: 'pharmacy', capabilities: [], sort: 'relevance' }],
  ['pinyin + province + kind', { region: '220000', kind: 'pharmacy', keyword: kw('dyf'), capabilities: [], sort: 'relevance' }],
  ['two-character keyword + province + kind', { region: '220000', kind: 'clinic', keyword: kw('卫生'), capabilities: [], sort: 'relevance' }],
  ['keyword + radius, no region', { keyword: kw('长春市'), origin: CHANGCHUN, radiusKm: 10, capabilities: [], sort: 'distance' }],
  ['keyword + position, relevance order', { keyword: kw('人民医院'), origin: CHANGCHUN, capabilities: [], sort: 'relevance' }],
  [
    'everything combined, three-character keyword',
    { region: '220100', kind: 'clinic', capabilities: [], keyword: kw('卫生服务'), origin: CHANGCHUN, radiusKm: 30, sort: 'distance' },
  ],
  [
    'everything combined',
    { region: '220100', kind: 'hospital', capabilities: ['inpatient'], keyword: kw('医院'), origin: CHANGCHUN, radiusKm: 30, sort: 'distance' },
  ],
];

const sqliteFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'directory-')), 'directory.sqlite');

const ADAPTERS: Array<[string, () => InstitutionRepository]> = [
  ['SQLite', () => SqliteInstitutionRepository.open(sqliteFile())],
  // Low enough that the phrases of this small directory get counts, so the counted path is checked too.
  ['SQLite with phrase counts', () => SqliteInstitutionRepository.open(sqliteFile(), { phraseStatsMinDocs: 8 })],
  ['CloudBase (SDK + stand-in)', () => new CloudbaseInstitutionRepository(createCloudbaseStandIn())],
];

describe.each(ADAPTERS)('institution repository contract: %s', (_name, create) => {
  let repo: InstitutionRepository;

  beforeAll(async () => {
    repo = create();
    const run = repo.startImport('contract-1');
    await run.add(all);
    await run.finish({ retireOthers: false });
    await repo.putAgencies(AGENCY_SEED);
  });

  it('holds every imported institution', async () => {
    expect(await repo.count()).toBe(all.length);
    const pumch = await repo.get('H11010100001');
    expect(pumch).toMatchObject({ name: '北京协和医院', region: '110101', networked: true });
    expect(await repo.get('H99999999999')).toBeUndefined();
  });

  it.each(QUERIES)('%s: same rows, same order, same total as the oracle, across pages', async (_label, query) => {
    const expected = oracle(all, query);
    expect(expected.length).toBeGreaterThan(0);
    const seen: string[] = [];
    let after: DirectoryQuery['after'];
    let total = -1;
    for (let page = 0; page < 400; page++) {
      const result = await repo.search({ ...query, limit: 37, after });
      total = result.total;
      // Every page carries the whole total, however the adapter counted it.
      expect(total).toBe(expected.length);
      for (const hit of result.hits) {
        seen.push(hit.institution.code);
        if (query.origin) {
          const want = expected.find((e) => e.code === hit.institution.code)!;
          expect(hit.distanceKm).toBeCloseTo(want.distanceKm, 6);
        }
      }
      if (result.hits.length < 37) break;
      after = result.hits[result.hits.length - 1]!.key;
      if (seen.length >= 400) break; // broad queries: the first ten pages make the point
    }
    expect(total).toBe(expected.length);
    expect(seen).toEqual(expected.slice(0, seen.length).map((e) => e.code));
    if (seen.length < 400) expect(seen.length).toBe(expected.length);
  });

  it('re-importing upserts by code and retires what the new list lacks', async () => {
    const kept = all.slice(0, 50).map((r) => (r.code === 'H11010100001' ? { ...r, phone: '010-00000000' } : r));
    const run = repo.startImport('contract-2');
    await run.add(kept);
    const { retired } = await run.finish({ retireOthers: true });
    expect(retired).toBe(all.length - 50);
    expect(await repo.count()).toBe(all.length);
    expect((await repo.get('H11010100001'))?.phone).toBe('010-00000000');
    const gone = all[60]!;
    expect((await repo.get(gone.code))?.networked).toBe(false);
    const page = await repo.search({ sort: 'level', capabilities: [], limit: 100 });
    expect(page.total).toBe(50);
    expect(page.hits.every((h) => h.institution.networked)).toBe(true);
  });

  it('after re-imports that retire rows, change levels and bring rows back, keyword answers follow', async () => {
    // State from the previous test: the first 50 networked, the rest retired.
    const changed = new Map(
      all.slice(0, 50).map((r, n) => [r.code, n % 3 === 0 ? { ...r, level: n % 2 === 0 ? ('未定级' as const) : ('三级甲等' as const) } : r]),
    );
    const back = all.slice(60, 70);
    for (const r of back) changed.set(r.code, r);
    const run = repo.startImport('contract-3');
    await run.add([...changed.values()]);
    await run.finish({ retireOthers: true });
    const now = all.map((r) => changed.get(r.code) ?? { ...r, networked: false });
    const queries: Array<Omit<DirectoryQuery, 'limit' | 'after'>> = [
      { keyword: kw('医院'), capabilities: [], sort: 'relevance' },
      { keyword: kw('人民医院'), capabilities: [], sort: 'relevance' },
      { keyword: kw('yiyuan'), capabilities: [], sort: 'relevance' },
      { keyword: kw('长春市'), capabilities: [], sort: 'level' },
    ];
    for (const query of queries) {
      const expected = oracle(now, query).map((e) => e.code);
      const seen: string[] = [];
      let after: DirectoryQuery['after'];
      for (let page = 0; page < 20; page++) {
        const result = await repo.search({ ...query, limit: 7, after });
        expect(result.total).toBe(expected.length);
        seen.push(...result.hits.map((h) => h.institution.code));
        if (result.hits.length < 7) break;
        after = result.hits[result.hits.length - 1]!.key;
      }
      expect(seen).toEqual(expected);
    }
    const moved = [...changed.values()].find((r, n) => n % 6 === 0 && r.name.includes('医院'));
    if (moved) expect((await repo.get(moved.code))?.level).toBe('未定级');
  });

  it('lists the agencies of a city, most specific first, with its province', async () => {
    const list = await repo.agencies('220100');
    expect(list.filter((a) => a.id.startsWith('220100-')).map((a) => a.id).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `220100-${String(i + 1).padStart(2, '0')}`),
    );
    expect(list[list.length - 1]?.region).toBe('220000');
    expect((await repo.agencies('220104')).map((a) => a.id)).toEqual(['220100-02', '220100-10', '220000-01']);
  });
});

itServedEveryQueryFromADeclaredIndex();
