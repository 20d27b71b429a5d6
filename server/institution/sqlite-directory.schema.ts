import type { Migration } from '../store/sqlite/sqlite-database';
import {
  CAPABILITIES,
  CHRONIC_CAPABILITIES,
  INSTITUTION_CODE,
  INSTITUTION_KINDS,
  INSTITUTION_LEVELS,
  type Capability,
  type InstitutionKind,
} from '../../core/institution/institution';
import { regionLevel } from '../../core/region/region-code';

/** Bit of a capability in the `caps` column. */
export function capBit(capability: (typeof CAPABILITIES)[number]): number {
  return 1 << CAPABILITIES.indexOf(capability);
}

/** The 11 digits of a code span 10^11 values; `H` and `P` take one slot each per level. */
const SERIAL_SPAN = 100_000_000_000;

/**
 * An institution's row id: its place in level order, `(level_rank, code)` packed into one
 * integer (level, then `H` before `P`, then the 11 digits; at most 2.6e12, a safe integer).
 * Ordering rows by id is ordering them by level, then code — so the full-text tables, whose
 * rowid is this id, hand out their matches already in that order.
 */
export function sortKeyOf(levelRank: number, code: string): number {
  if (!INSTITUTION_CODE.test(code)) throw new Error(`not an institution code: ${code}`);
  if (!Number.isInteger(levelRank) || levelRank < 0 || levelRank >= INSTITUTION_LEVELS.length) {
    throw new Error(`not a level rank: ${levelRank}`);
  }
  return (levelRank * 2 + (code[0] === 'P' ? 1 : 0)) * SERIAL_SPAN + Number(code.slice(1));
}

/**
 * Filter tags, the third column of both full-text tables, so that a keyword with filters is one
 * FTS5 query (intersected, paged in rowid order and counted inside the index). Every tag is
 * exactly three characters — a letter and two symbols from the Private Use Area — so it is one
 * trigram with one doclist, and tags are separated by spaces, so a trigram spanning two tags
 * contains a space and can never equal a tag.
 */
const TAG_BASE = 0xe000;
const symbol = (n: number) => String.fromCharCode(TAG_BASE + n);
const symbolSql = (expr: string) => `char(${TAG_BASE} + ${expr})`;

/** The tag of a region filter: province `xx0000`, city `xxxx00` or district. */
export function regionTag(region: string): string {
  const level = regionLevel(region);
  if (level === 'province') return `p${symbol(0)}${symbol(Number(region.slice(0, 2)))}`;
  if (level === 'city') return `c${symbol(Number(region.slice(0, 2)))}${symbol(Number(region.slice(2, 4)))}`;
  return `d${symbol(Number(region.slice(0, 3)))}${symbol(Number(region.slice(3, 6)))}`;
}

export function kindTag(kind: InstitutionKind): string {
  return `k${symbol(INSTITUTION_KINDS.indexOf(kind))}${symbol(0)}`;
}

export function levelTag(rank: number): string {
  return `l${symbol(rank)}${symbol(0)}`;
}

export function capabilityTag(capability: Capability): string {
  return `x${symbol(CAPABILITIES.indexOf(capability))}${symbol(0)}`;
}

/** The tags of a row of `institutions`, in SQL (the only place rows get them: imports and migrations). */
export const TAGS_SQL = [
  `'p' || ${symbolSql('0')} || ${symbolSql('CAST(province AS INTEGER)')}`,
  `' c' || ${symbolSql('CAST(substr(city, 1, 2) AS INTEGER)')} || ${symbolSql('CAST(substr(city, 3, 2) AS INTEGER)')}`,
  `' d' || ${symbolSql('CAST(substr(region, 1, 3) AS INTEGER)')} || ${symbolSql('CAST(substr(region, 4, 3) AS INTEGER)')}`,
  `' k' || ${symbolSql(`CASE kind ${INSTITUTION_KINDS.map((k, n) => `WHEN '${k}' THEN ${n}`).join(' ')} END`)} || ${symbolSql('0')}`,
  `' l' || ${symbolSql('level_rank')} || ${symbolSql('0')}`,
  ...CAPABILITIES.map((c, n) => `CASE WHEN caps & ${capBit(c)} != 0 THEN ' x' || ${symbolSql(String(n))} || ${symbolSql('0')} ELSE '' END`),
].join(' || ');

const FTS_OPTIMIZE = `
      INSERT INTO institution_text (institution_text) VALUES ('optimize');
      INSERT INTO institution_pinyin (institution_pinyin) VALUES ('optimize');`;

/** `sortKeyOf` in SQL, for rebuilding existing rows. */
const SORT_KEY_SQL = `(level_rank * 2 + (substr(code, 1, 1) = 'P')) * ${SERIAL_SPAN} + CAST(substr(code, 2) AS INTEGER)`;

const INSTITUTION_COLUMNS = `
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
        batch TEXT NOT NULL`;

const INSTITUTION_INDEXES = `
      CREATE INDEX institutions_by_province ON institutions(province, networked, level_rank, code, caps);
      CREATE INDEX institutions_by_city ON institutions(city, networked, level_rank, code, caps);
      CREATE INDEX institutions_by_region ON institutions(region, networked, level_rank, code, caps);
      CREATE INDEX institutions_by_level ON institutions(networked, level_rank, code, caps);
      CREATE INDEX institutions_by_batch ON institutions(batch, networked);
      ${CHRONIC_CAPABILITIES.map(
        (c) => `CREATE INDEX institutions_cap_${c} ON institutions(level_rank, code) WHERE networked = 1 AND caps & ${capBit(c)} != 0;`,
      ).join('\n')}`;

/**
 * `directory.sqlite`. Text search: FTS5 trigram over name + address (Chinese substrings of 3+
 * characters) and over the pinyin; contentless with delete support, the base table holds the
 * values. Positions: an R*Tree box per institution. Filters: one index per region level,
 * ordered by level so the first page needs no sort, plus partial indexes for the rare
 * chronic-disease capabilities (a query names the same `caps & bit != 0` term to use one).
 *
 * Since 002 the row id is the sort key (`sortKeyOf`) and the full-text tables hold networked
 * rows only, so a keyword's matches come out of FTS5 in level order and are counted there
 * without touching the base table. `institution_pinyin` has the initials and the full pinyin
 * with `#` before every syllable (`#bei#jing#xie#he…`): a keyword that starts at a syllable is
 * a phrase starting with `#`. `pinyin_syllables` lists every syllable seen, to split keywords.
 *
 * Since 003 both full-text tables carry the filter tags (`TAGS_SQL`), and `phrase_stats` holds
 * the exact counts of every frequent phrase (`phrase-stats.ts`), recomputed by each import;
 * `directory_meta.phrase_stats = 'stale'` asks the repository to compute them when it opens.
 */
export const DIRECTORY_MIGRATIONS: readonly Migration[] = [
  {
    id: '001-institutions',
    sql: `
      CREATE TABLE institutions (
        id INTEGER PRIMARY KEY,${INSTITUTION_COLUMNS}
      );
      ${INSTITUTION_INDEXES}
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
  {
    id: '002-sort-key-rowid',
    sql: `
      CREATE TABLE institutions_by_sort_key (
        id INTEGER PRIMARY KEY,${INSTITUTION_COLUMNS}
      );
      INSERT INTO institutions_by_sort_key
        SELECT ${SORT_KEY_SQL}, code, name, kind, type, level, level_rank, region, city, province, address, phone,
          latitude, longitude, caps, networked, pinyin, initials, full_pinyin, batch
        FROM institutions ORDER BY 1;
      DROP TABLE institutions;
      ALTER TABLE institutions_by_sort_key RENAME TO institutions;
      ${INSTITUTION_INDEXES}
      DROP TABLE institution_text;
      DROP TABLE institution_pinyin;
      DROP TABLE institution_geo;
      CREATE VIRTUAL TABLE institution_text USING fts5(name, address, content='', contentless_delete=1, tokenize='trigram');
      CREATE VIRTUAL TABLE institution_pinyin USING fts5(initials, syllables, content='', contentless_delete=1, tokenize='trigram');
      CREATE VIRTUAL TABLE institution_geo USING rtree(id, min_lat, max_lat, min_lng, max_lng);
      INSERT INTO institution_text (rowid, name, address) SELECT id, name, address FROM institutions WHERE networked = 1;
      INSERT INTO institution_pinyin (rowid, initials, syllables)
        SELECT id, initials, '#' || replace(pinyin, ' ', '#') FROM institutions WHERE networked = 1;
      INSERT INTO institution_geo (id, min_lat, max_lat, min_lng, max_lng)
        SELECT id, latitude, latitude, longitude, longitude FROM institutions;
      CREATE TABLE pinyin_syllables (syllable TEXT PRIMARY KEY) WITHOUT ROWID;
      WITH RECURSIVE split(rest, syllable) AS (
        SELECT DISTINCT pinyin || ' ', NULL FROM institutions
        UNION ALL
        SELECT substr(rest, instr(rest, ' ') + 1), substr(rest, 1, instr(rest, ' ') - 1) FROM split WHERE rest != ''
      )
      INSERT OR IGNORE INTO pinyin_syllables (syllable) SELECT syllable FROM split WHERE syllable IS NOT NULL AND syllable != '';
      -- Dropping the table dropped its statistics; without them the planner misjudges the R*Tree.
      ANALYZE;
    `,
  },
  {
    id: '003-filter-tags-phrase-stats',
    sql: `
      DROP TABLE institution_text;
      DROP TABLE institution_pinyin;
      CREATE VIRTUAL TABLE institution_text USING fts5(name, address, tags, content='', contentless_delete=1, tokenize='trigram');
      CREATE VIRTUAL TABLE institution_pinyin USING fts5(initials, syllables, tags, content='', contentless_delete=1, tokenize='trigram');
      INSERT INTO institution_text (rowid, name, address, tags)
        SELECT id, name, address, ${TAGS_SQL} FROM institutions WHERE networked = 1;
      INSERT INTO institution_pinyin (rowid, initials, syllables, tags)
        SELECT id, initials, '#' || replace(pinyin, ' ', '#'), ${TAGS_SQL} FROM institutions WHERE networked = 1;
      ${FTS_OPTIMIZE}
      CREATE TABLE phrase_stats (
        phrase TEXT PRIMARY KEY,
        total INTEGER NOT NULL,
        in_name INTEGER NOT NULL,
        name_starts INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE directory_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO directory_meta (key, value) VALUES ('phrase_stats', 'stale');
    `,
  },
];

/** The full-text tables' index merged into one segment each, after a bulk write. */
export const FTS_OPTIMIZE_SQL = FTS_OPTIMIZE;

/** The full-text rows of one institution, from its row in `institutions` (imports). */
export const FTS_ROW_SQL = {
  text: `INSERT INTO institution_text (rowid, name, address, tags) SELECT id, name, address, ${TAGS_SQL} FROM institutions WHERE id = ?`,
  pinyin: `INSERT INTO institution_pinyin (rowid, initials, syllables, tags)
    SELECT id, initials, '#' || replace(pinyin, ' ', '#'), ${TAGS_SQL} FROM institutions WHERE id = ?`,
};
