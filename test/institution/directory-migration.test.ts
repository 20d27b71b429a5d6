import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { capabilityMask, levelRank } from '../../core/institution/institution';
import { parseKeyword, type Keyword } from '../../core/institution/keyword';
import { generateDirectory } from '../../server/institution/directory-generator';
import { FAMOUS_INSTITUTIONS } from '../../server/institution/famous-institutions';
import type { DirectoryQuery, DirectoryRecord } from '../../server/institution/institution-repository.port';
import { toRecord } from '../../server/institution/seed-directory';
import { DIRECTORY_MIGRATIONS } from '../../server/institution/sqlite-directory.schema';
import { SqliteInstitutionRepository } from '../../server/institution/sqlite-institution-repository';
import { sharedRegionDirectory } from '../../server/runtime/runtime';
import { openSqlite } from '../../server/store/sqlite/sqlite-database';
import { oracle } from './directory-oracle';

/**
 * A directory written by the first schema (row ids in import order, full-text tables holding
 * retired rows too, pinyin as one `terms` column) opens under the current one (002 sort-key
 * rowids, 003 filter tags and phrase counts) with the same answers, and takes imports afterwards.
 */
const kw = (raw: string): Keyword => parseKeyword(raw)!;

function firstSchemaFile(records: readonly DirectoryRecord[]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'directory-v1-')), 'directory.sqlite');
  const db = openSqlite(file, DIRECTORY_MIGRATIONS.slice(0, 1));
  const insert = db.prepare(`INSERT INTO institutions (code, name, kind, type, level, level_rank, region, city, province,
    address, phone, latitude, longitude, caps, networked, pinyin, initials, full_pinyin, batch)
    VALUES (@code, @name, @kind, @type, @level, @level_rank, @region, @city, @province, @address, @phone,
    @latitude, @longitude, @caps, @networked, @pinyin, @initials, @full_pinyin, 'v1')`);
  db.transaction(() => {
    for (const r of records) {
      insert.run({
        ...r,
        level_rank: levelRank(r.level),
        city: r.region.slice(0, 4),
        province: r.region.slice(0, 2),
        caps: capabilityMask(r.capabilities),
        networked: r.networked ? 1 : 0,
        pinyin: r.syllables.join(' '),
        initials: r.syllables.map((s) => s[0]).join(''),
        full_pinyin: r.syllables.join(''),
      });
    }
    db.exec(`
      INSERT INTO institution_text (rowid, name, address) SELECT id, name, address FROM institutions;
      INSERT INTO institution_pinyin (rowid, terms) SELECT id, initials || ' ' || full_pinyin FROM institutions;
      INSERT INTO institution_geo (id, min_lat, max_lat, min_lng, max_lng) SELECT id, latitude, latitude, longitude, longitude FROM institutions;
    `);
  })();
  db.close();
  return file;
}

describe('directory schema migration', () => {
  const regions = sharedRegionDirectory();
  const records: DirectoryRecord[] = [...FAMOUS_INSTITUTIONS.map(toRecord)];
  for (const chunk of generateDirectory(regions, { count: 1200, seed: 3 })) records.push(...chunk.map(toRecord));
  // Every seventh one has left the list.
  const all = records.map((r, n) => (n % 7 === 3 ? { ...r, networked: false } : r));

  const QUERIES: Array<Omit<DirectoryQuery, 'limit' | 'after'>> = [
    { keyword: kw('人民医院'), capabilities: [], sort: 'relevance' },
    { keyword: kw('大药房'), capabilities: [], sort: 'level' },
    { keyword: kw('yiyuan'), capabilities: [], sort: 'relevance' },
    { keyword: kw('rmyy'), capabilities: [], sort: 'relevance' },
    { region: '220000', capabilities: ['inpatient'], sort: 'level' },
    // Since 003: filters travel as tags in the full-text tables, broad phrases have counts.
    { region: '220000', kind: 'hospital', capabilities: ['inpatient'], keyword: kw('人民医院'), sort: 'relevance' },
    { keyword: kw('社区卫生服务中心'), capabilities: [], sort: 'relevance' },
    { region: '320000', kind: 'pharmacy', keyword: kw('dyf'), capabilities: [], sort: 'relevance' },
  ];

  it('rebuilds ids and indexes and answers as before', async () => {
    const repo = SqliteInstitutionRepository.open(firstSchemaFile(all), { phraseStatsMinDocs: 5 });
    try {
      expect(await repo.count()).toBe(all.length);
      // The counts were computed when the migrated file was first opened.
      expect(repo.db.prepare("SELECT value FROM directory_meta WHERE key = 'phrase_stats'").pluck().get()).toBe('fresh');
      expect(repo.db.prepare("SELECT total FROM phrase_stats WHERE phrase = '社区卫生服务中心'").pluck().get()).toBe(
        oracle(all, { keyword: kw('社区卫生服务中心'), capabilities: [], sort: 'level' }).length,
      );
      for (const query of QUERIES) {
        const expected = oracle(all, query).map((e) => e.code);
        expect(expected.length).toBeGreaterThan(0);
        const page = await repo.search({ ...query, limit: 1000 });
        expect(page.total).toBe(expected.length);
        expect(page.hits.map((h) => h.institution.code)).toEqual(expected);
      }
      // Imports keep working on the migrated file: everything back on the list.
      const run = repo.startImport('v2');
      await run.add(records);
      await run.finish({ retireOthers: true });
      for (const query of QUERIES) {
        const expected = oracle(records, query).map((e) => e.code);
        const page = await repo.search({ ...query, limit: 1000 });
        expect(page.total).toBe(expected.length);
        expect(page.hits.map((h) => h.institution.code)).toEqual(expected);
      }
    } finally {
      repo.db.close();
    }
  });
});
