import type { Migration } from '../store/sqlite/sqlite-database';
import { CAPABILITIES, CHRONIC_CAPABILITIES } from '../../core/institution/institution';

/** Bit of a capability in the `caps` column. */
export function capBit(capability: (typeof CAPABILITIES)[number]): number {
  return 1 << CAPABILITIES.indexOf(capability);
}

/**
 * `directory.sqlite`. Text search: FTS5 trigram over name + address (Chinese substrings of 3+
 * characters) and over the pinyin (initials + full); contentless with delete support, the base
 * table holds the values. Positions: an R*Tree box per institution. Filters: one index per
 * region level, ordered by level so the first page needs no sort, plus partial indexes for the
 * rare chronic-disease capabilities (a query names the same `caps & bit != 0` term to use one).
 */
export const DIRECTORY_MIGRATIONS: readonly Migration[] = [
  {
    id: '001-institutions',
    sql: `
      CREATE TABLE institutions (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        type TEXT NOT NULL,
        level TEXT NOT NULL,
        level_rank INTEGER NOT NULL,
        region TEXT NOT NULL,
        city TEXT NOT NULL,
        province TEXT NOT NULL,
        address TEXT NOT NULL,
        phone TEXT NOT NULL,
        latitude REAL NOT NULL,
        longitude REAL NOT NULL,
        caps INTEGER NOT NULL,
        networked INTEGER NOT NULL,
        pinyin TEXT NOT NULL,
        initials TEXT NOT NULL,
        full_pinyin TEXT NOT NULL,
        batch TEXT NOT NULL
      );
      CREATE INDEX institutions_by_province ON institutions(province, networked, level_rank, code, caps);
      CREATE INDEX institutions_by_city ON institutions(city, networked, level_rank, code, caps);
      CREATE INDEX institutions_by_region ON institutions(region, networked, level_rank, code, caps);
      CREATE INDEX institutions_by_level ON institutions(networked, level_rank, code, caps);
      CREATE INDEX institutions_by_batch ON institutions(batch, networked);
      ${CHRONIC_CAPABILITIES.map(
        (c) => `CREATE INDEX institutions_cap_${c} ON institutions(level_rank, code) WHERE networked = 1 AND caps & ${capBit(c)} != 0;`,
      ).join('\n')}
      CREATE VIRTUAL TABLE institution_text USING fts5(name, address, content='', contentless_delete=1, tokenize='trigram');
      CREATE VIRTUAL TABLE institution_pinyin USING fts5(terms, content='', contentless_delete=1, tokenize='trigram');
      CREATE VIRTUAL TABLE institution_geo USING rtree(id, min_lat, max_lat, min_lng, max_lng);
      CREATE TABLE agencies (
        id TEXT PRIMARY KEY,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        address TEXT NOT NULL,
        phone TEXT NOT NULL,
        hours TEXT NOT NULL
      );
      CREATE INDEX agencies_by_region ON agencies(region);
    `,
  },
];
