import type { Statement } from 'better-sqlite3';
import type { Agency } from '../../core/institution/agency';
import { boundingBox, distanceKm } from '../../core/institution/geo';
import {
  capabilitiesOf,
  capabilityMask,
  levelRank,
  INSTITUTION_CODE,
  INSTITUTION_LEVELS,
  type Institution,
  type InstitutionKind,
  type InstitutionLevel,
} from '../../core/institution/institution';
import { pinyinMatches } from '../../core/institution/keyword';
import { regionLevel } from '../../core/region/region-code';
import { openSqlite, type SqliteDatabase } from '../store/sqlite/sqlite-database';
import type {
  DirectoryHit,
  DirectoryImport,
  DirectoryPage,
  DirectoryQuery,
  DirectoryRecord,
  InstitutionRepository,
  SortKey,
} from './institution-repository.port';
import { SyllableSplitter } from './pinyin-phrases';
import { countablePhrase, frequentPhrases, type PhraseStats } from './phrase-stats';
import {
  capabilityTag,
  capBit,
  DIRECTORY_MIGRATIONS,
  FTS_OPTIMIZE_SQL,
  FTS_ROW_SQL,
  kindTag,
  levelTag,
  regionTag,
  sortKeyOf,
  TAGS_SQL,
} from './sqlite-directory.schema';

interface Row {
  id: number;
  code: string;
  name: string;
  kind: string;
  type: string;
  level: string;
  level_rank: number;
  region: string;
  address: string;
  phone: string;
  latitude: number;
  longitude: number;
  caps: number;
  networked: number;
  dist?: number;
  rank?: number;
  matched?: number;
}

/** FTS5 trigram needs three characters; shorter keywords are checked row by row. */
const TRIGRAM = 3;
const SYLLABLE = /^[a-z]+$/;
/** Beyond this many ways to split a pinyin keyword into syllables, rows are checked one by one. */
const MAX_PINYIN_PHRASES = 32;
/** Phrases matching at least this many institutions get exact counts in `phrase_stats`. */
export const PHRASE_STATS_MIN_DOCS = 2000;
/**
 * A radius search with a keyword reads the keyword's matches when there are at most this many
 * (counted with a LIMIT, so the probe itself stays cheap), else the positions in the box.
 */
const KEYWORD_DRIVES_UP_TO = 5000;

function ftsPhrase(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

function toInstitution(row: Row): Institution {
  return {
    code: row.code,
    name: row.name,
    kind: row.kind as InstitutionKind,
    type: row.type,
    level: row.level as InstitutionLevel,
    region: row.region,
    address: row.address,
    phone: row.phone,
    latitude: row.latitude,
    longitude: row.longitude,
    capabilities: capabilitiesOf(row.caps),
    networked: row.networked === 1,
  };
}

/** The SQL functions the queries use: exact distance and the pinyin syllable-boundary check. */
export function registerDirectoryFunctions(db: SqliteDatabase): void {
  db.function('distance_km', { deterministic: true }, (lat1, lng1, lat2, lng2) =>
    distanceKm(Number(lat1), Number(lng1), Number(lat2), Number(lng2)),
  );
  db.function('pinyin_hit', { deterministic: true }, (pinyin, keyword) =>
    pinyinMatches(String(keyword), String(pinyin).split(' ')) ? 1 : 0,
  );
}

/** One relevance group as an FTS5 expression: what matches, minus what an earlier group took. */
interface MatchGroup {
  match: string;
  not?: string;
}

/** A keyword as FTS5 expressions over one full-text table; `all` is every match. */
interface KeywordMatch {
  table: 'institution_text' | 'institution_pinyin';
  all: string;
  /** Relevance order: text starts / contains / address only; pinyin starts / the rest. */
  groups: MatchGroup[];
}

interface KeywordPlan {
  match: KeywordMatch;
  /** The groups this sort pages through (one, `all`, for the level sort). */
  groups: MatchGroup[];
  /** `tags : "…"` terms of the filters, ANDed into every group. */
  tags: string[];
  /**
   * Exact counts of the keyword over the whole directory, when `phrase_stats` holds them: the
   * total when no filter narrows it, and with filters still an upper bound of every group.
   */
  stats?: PhraseStats;
  after?: { group: number; key: number };
}

/** The filter tags of a query (`sqlite-directory.schema.ts`), as FTS5 terms on the tags column. */
function filterTags(q: DirectoryQuery): string[] {
  const tags: string[] = [];
  if (q.region) tags.push(regionTag(q.region));
  if (q.kind) tags.push(kindTag(q.kind));
  if (q.level) tags.push(levelTag(levelRank(q.level)));
  for (const c of q.capabilities) tags.push(capabilityTag(c));
  return tags.map((tag) => `tags : "${tag}"`);
}

/** A group with the filters intersected inside its positive side, where FTS5 leapfrogs the doclists. */
function groupExpression(group: MatchGroup, tags: readonly string[]): string {
  const match = tags.length > 0 ? `(${group.match}) AND ${tags.join(' AND ')}` : group.match;
  return group.not ? `(${match}) NOT (${group.not})` : match;
}

export interface CompiledQuery {
  sql: string;
  countSql: string;
  params: Record<string, unknown>;
  keyColumns: string[];
  /** The page's rows carry the total (`matched`); the count query is needed only for an empty page. */
  countsInPage: boolean;
}

/**
 * How the general query finds its candidates: the keyword's full-text matches with the filter
 * tags (exact, so no per-row keyword check); the rows carrying all the filter tags, for a
 * keyword too short for the index, checked row by row; or the indexes of the base table
 * (region, R*Tree).
 */
type Driver =
  | { kind: 'keyword'; table: KeywordMatch['table']; match: string }
  | { kind: 'tags'; match: string }
  | { kind: 'filters' };

/** Builds the general query: filters and rank on the base table, candidates from the driver. */
function compileDirectoryQuery(q: DirectoryQuery, driver: Driver): CompiledQuery {
  const where: string[] = ['i.networked = 1'];
  const params: Record<string, unknown> = {};
  if (q.region) {
    const level = regionLevel(q.region);
    if (level === 'province') {
      where.push('i.province = @province');
      params.province = q.region.slice(0, 2);
    } else if (level === 'city') {
      where.push('i.city = @city');
      params.city = q.region.slice(0, 4);
    } else {
      where.push('i.region = @region');
      params.region = q.region;
    }
  }
  if (q.kind) {
    where.push('i.kind = @kind');
    params.kind = q.kind;
  }
  if (q.level) {
    where.push('i.level_rank = @levelRank');
    params.levelRank = levelRank(q.level);
  }
  // Literal bits, so the partial capability indexes match the query's terms.
  for (const c of q.capabilities) where.push(`i.caps & ${capBit(c)} != 0`);

  let rankExpr = '0';
  const kw = q.keyword;
  // Within a city or district the region index leaves a few thousand rows: checking a keyword
  // the full-text index cannot answer on each is cheaper than the country's matches.
  const narrow = q.region !== undefined && regionLevel(q.region) !== 'province';
  if (kw) {
    params.kw = kw.value;
    params.kwLower = kw.value.toLowerCase();
    params.kwLength = [...kw.value].length;
    if (driver.kind === 'keyword') {
      where.push(`i.id IN (SELECT rowid FROM ${driver.table} WHERE ${driver.table} MATCH @match)`);
      params.match = driver.match;
    } else if (driver.kind === 'tags') {
      where.push('i.id IN (SELECT rowid FROM institution_text WHERE institution_text MATCH @match)');
      params.match = driver.match;
    }
    if (driver.kind === 'keyword') {
      // The full-text match is exact.
    } else if (kw.kind === 'text') {
      where.push('(instr(lower(i.name), @kwLower) > 0 OR instr(lower(i.address), @kwLower) > 0)');
    } else {
      if (kw.value.length >= TRIGRAM && !narrow && q.radiusKm === undefined && driver.kind === 'filters') {
        where.push('i.id IN (SELECT rowid FROM institution_pinyin WHERE institution_pinyin MATCH @match)');
        params.match = `{initials syllables} : ${ftsPhrase(kw.value)}`;
      }
      where.push('pinyin_hit(i.pinyin, @kw) = 1');
    }
    rankExpr =
      kw.kind === 'text'
        ? `(CASE WHEN lower(substr(i.name, 1, @kwLength)) = @kwLower THEN 0
        WHEN instr(lower(i.name), @kwLower) > 0 THEN 1 ELSE 2 END)`
        : `(CASE WHEN substr(i.initials, 1, @kwLength) = @kw OR substr(i.full_pinyin, 1, @kwLength) = @kw THEN 0 ELSE 1 END)`;
  }

  let distExpr = 'NULL';
  if (q.origin) {
    params.lat = q.origin.latitude;
    params.lng = q.origin.longitude;
    distExpr = 'distance_km(i.latitude, i.longitude, @lat, @lng)';
    if (q.radiusKm !== undefined) {
      const box = boundingBox(q.origin.latitude, q.origin.longitude, q.radiusKm);
      Object.assign(params, box, { radius: q.radiusKm });
      // Inside a city the region index is the better driver, with a keyword its matches; elsewhere the R*Tree box.
      if (!narrow && driver.kind === 'filters') {
        where.push(`i.id IN (SELECT id FROM institution_geo
          WHERE min_lat >= @minLat AND max_lat <= @maxLat AND min_lng >= @minLng AND max_lng <= @maxLng)`);
      }
      // Native comparisons first, so the exact distance is computed for the box only.
      where.push('i.latitude BETWEEN @minLat AND @maxLat AND i.longitude BETWEEN @minLng AND @maxLng');
      where.push(`${distExpr} <= @radius`);
    }
  }

  let keys: string[];
  let keyColumns: string[];
  if (q.sort === 'distance' && q.origin) {
    keys = [distExpr, 'i.code'];
    keyColumns = ['dist', 'code'];
  } else if (q.sort === 'relevance' && kw) {
    keys = [rankExpr, 'i.level_rank', 'i.code'];
    keyColumns = ['rank', 'level_rank', 'code'];
  } else {
    keys = ['i.level_rank', 'i.code'];
    keyColumns = ['level_rank', 'code'];
  }
  const countSql = `SELECT count(*) FROM institutions i WHERE ${where.join(' AND ')}`;
  const past = q.after ? `(${keys.join(', ')}) > (${keys.map((_, n) => `@after${n}`).join(', ')})` : undefined;
  q.after?.forEach((v, n) => (params[`after${n}`] = v));
  params.limit = q.limit;
  const columns = `i.*, ${distExpr} AS dist, ${rankExpr} AS rank`;
  // By distance or relevance every candidate is read and sorted anyway: count them in that same
  // pass (a window over all of them) rather than in a second query. Level order stops early.
  if (keyColumns[0] === 'dist' || keyColumns[0] === 'rank') {
    const sql = `SELECT * FROM (SELECT ${columns}, count(*) OVER () AS matched, ${past ?? '1'} AS past
      FROM institutions i WHERE ${where.join(' AND ')}) WHERE past ORDER BY ${keyColumns.join(', ')} LIMIT @limit`;
    return { sql, countSql, params, keyColumns, countsInPage: true };
  }
  const sql = `SELECT ${columns} FROM institutions i
    WHERE ${[...where, ...(past ? [past] : [])].join(' AND ')} ORDER BY ${keys.join(', ')} LIMIT @limit`;
  return { sql, countSql, params, keyColumns, countsInPage: false };
}

/** Replaces the keyword counts with those of the rows networked now (inside the caller's transaction). */
function refreshPhraseStats(db: SqliteDatabase, minDocs: number): void {
  const rows = db.prepare('SELECT name, address FROM institutions WHERE networked = 1').iterate() as Iterable<{ name: string; address: string }>;
  const stats = frequentPhrases(rows, minDocs);
  db.exec('DELETE FROM phrase_stats');
  const put = db.prepare('INSERT INTO phrase_stats (phrase, total, in_name, name_starts) VALUES (?, ?, ?, ?)');
  for (const [phrase, s] of stats) put.run(phrase, s.total, s.inName, s.nameStarts);
  const meta = db.prepare('INSERT OR REPLACE INTO directory_meta (key, value) VALUES (?, ?)');
  meta.run('phrase_stats', 'fresh');
  meta.run('phrase_stats_min_docs', String(minDocs));
}

class SqliteDirectoryImport implements DirectoryImport {
  private readonly fresh: boolean;
  private readonly findRow;
  private readonly insertRow;
  private readonly updateRow;
  private readonly deleteText;
  private readonly insertText;
  private readonly deletePinyin;
  private readonly insertPinyin;
  private readonly deleteGeo;
  private readonly putGeo;
  private readonly syllables = new Set<string>();
  private open = true;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly batch: string,
    private readonly phraseStatsMinDocs: number,
    private readonly onCommit: () => void,
  ) {
    db.exec('BEGIN IMMEDIATE');
    // Into an empty table the text and position indexes are built once at the end: much faster.
    this.fresh = db.prepare('SELECT 1 FROM institutions LIMIT 1').get() === undefined;
    this.findRow = db.prepare('SELECT id, networked FROM institutions WHERE code = ?');
    const cols = `code, name, kind, type, level, level_rank, region, city, province, address, phone,
      latitude, longitude, caps, networked, pinyin, initials, full_pinyin, batch`;
    const vals = `@code, @name, @kind, @type, @level, @level_rank, @region, @city, @province, @address, @phone,
      @latitude, @longitude, @caps, @networked, @pinyin, @initials, @full_pinyin, @batch`;
    this.insertRow = db.prepare(`INSERT INTO institutions (id, ${cols}) VALUES (@id, ${vals})`);
    // The id is the sort key: a new level moves the row.
    this.updateRow = db.prepare(`UPDATE institutions SET (id, ${cols}) = (@id, ${vals}) WHERE id = @oldId`);
    this.deleteText = db.prepare('DELETE FROM institution_text WHERE rowid = ?');
    this.insertText = db.prepare(FTS_ROW_SQL.text);
    this.deletePinyin = db.prepare('DELETE FROM institution_pinyin WHERE rowid = ?');
    this.insertPinyin = db.prepare(FTS_ROW_SQL.pinyin);
    this.deleteGeo = db.prepare('DELETE FROM institution_geo WHERE id = ?');
    this.putGeo = db.prepare('INSERT OR REPLACE INTO institution_geo (id, min_lat, max_lat, min_lng, max_lng) VALUES (?, ?, ?, ?, ?)');
  }

  async add(records: readonly DirectoryRecord[]): Promise<void> {
    for (const r of records) {
      for (const s of r.syllables) {
        if (!SYLLABLE.test(s)) throw new Error(`${r.code}: pinyin syllable "${s}" is not lower-case letters`);
        this.syllables.add(s);
      }
      const rank = levelRank(r.level);
      const row = {
        id: sortKeyOf(rank, r.code),
        code: r.code,
        name: r.name,
        kind: r.kind,
        type: r.type,
        level: r.level,
        level_rank: rank,
        region: r.region,
        city: r.region.slice(0, 4),
        province: r.region.slice(0, 2),
        address: r.address,
        phone: r.phone,
        latitude: r.latitude,
        longitude: r.longitude,
        caps: capabilityMask(r.capabilities),
        networked: r.networked ? 1 : 0,
        pinyin: r.syllables.join(' '),
        initials: r.syllables.map((s) => s[0]).join(''),
        full_pinyin: r.syllables.join(''),
        batch: this.batch,
      };
      if (this.fresh) {
        this.insertRow.run(row);
        continue;
      }
      const existing = this.findRow.get(r.code) as { id: number; networked: number } | undefined;
      if (existing === undefined) {
        this.insertRow.run(row);
      } else {
        if (existing.networked === 1) {
          this.deleteText.run(existing.id);
          this.deletePinyin.run(existing.id);
        }
        this.deleteGeo.run(existing.id);
        this.updateRow.run({ ...row, oldId: existing.id });
      }
      if (row.networked === 1) {
        this.insertText.run(row.id);
        this.insertPinyin.run(row.id);
      }
      this.putGeo.run(row.id, r.latitude, r.latitude, r.longitude, r.longitude);
    }
  }

  async finish(options: { retireOthers: boolean }): Promise<{ retired: number }> {
    if (!this.open) throw new Error('import already finished');
    if (this.fresh) {
      this.db.exec(`
        INSERT INTO institution_text (rowid, name, address, tags)
          SELECT id, name, address, ${TAGS_SQL} FROM institutions WHERE networked = 1;
        INSERT INTO institution_pinyin (rowid, initials, syllables, tags)
          SELECT id, initials, '#' || replace(pinyin, ' ', '#'), ${TAGS_SQL} FROM institutions WHERE networked = 1;
        INSERT INTO institution_geo (id, min_lat, max_lat, min_lng, max_lng)
          SELECT id, latitude, latitude, longitude, longitude FROM institutions;
      `);
    }
    const putSyllable = this.db.prepare('INSERT OR IGNORE INTO pinyin_syllables (syllable) VALUES (?)');
    for (const s of this.syllables) putSyllable.run(s);
    let retired = 0;
    if (options.retireOthers) {
      // The full-text tables hold networked rows only.
      const leaving = 'SELECT id FROM institutions WHERE networked = 1 AND batch != @batch';
      this.db.prepare(`DELETE FROM institution_text WHERE rowid IN (${leaving})`).run({ batch: this.batch });
      this.db.prepare(`DELETE FROM institution_pinyin WHERE rowid IN (${leaving})`).run({ batch: this.batch });
      retired = this.db
        .prepare('UPDATE institutions SET networked = 0 WHERE networked = 1 AND batch != ?')
        .run(this.batch).changes;
    }
    refreshPhraseStats(this.db, this.phraseStatsMinDocs);
    // A bulk build or a whole-list upsert leaves many FTS5 segments (and delete markers): merged
    // into one, every keyword query reads half as much (about 25 s for a million rows).
    this.db.exec(FTS_OPTIMIZE_SQL);
    this.db.exec('COMMIT');
    this.open = false;
    this.onCommit();
    if (this.fresh) this.db.exec('ANALYZE');
    return { retired };
  }

  async abort(): Promise<void> {
    if (this.open) this.db.exec('ROLLBACK');
    this.open = false;
  }
}

export interface SqliteDirectoryOptions {
  /** Phrases matching at least this many institutions get exact counts (tests lower it). */
  phraseStatsMinDocs?: number;
}

export class SqliteInstitutionRepository implements InstitutionRepository {
  private splitter: { dataVersion: number; splitter: SyllableSplitter } | undefined;
  private readonly phraseStatsMinDocs: number;
  /** Prepared search statements by SQL text: preparing the general query costs ~70 µs a search. */
  private readonly statements = new Map<string, Statement<unknown[]>>();

  constructor(
    readonly db: SqliteDatabase,
    options: SqliteDirectoryOptions = {},
  ) {
    registerDirectoryFunctions(db);
    this.phraseStatsMinDocs = options.phraseStatsMinDocs ?? PHRASE_STATS_MIN_DOCS;
    this.ensurePhraseStats();
  }

  static open(file: string, options: SqliteDirectoryOptions = {}): SqliteInstitutionRepository {
    return new SqliteInstitutionRepository(openSqlite(file, DIRECTORY_MIGRATIONS), options);
  }

  /** A directory migrated to 003 (or counted with another threshold) gets its keyword counts when opened. */
  private ensurePhraseStats(): void {
    const stale = () => {
      const meta = new Map(this.db.prepare('SELECT key, value FROM directory_meta').raw().all() as Array<[string, string]>);
      return meta.get('phrase_stats') !== 'fresh' || meta.get('phrase_stats_min_docs') !== String(this.phraseStatsMinDocs);
    };
    if (!stale()) return;
    this.db.exec('BEGIN IMMEDIATE');
    try {
      if (stale()) refreshPhraseStats(this.db, this.phraseStatsMinDocs);
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** A cached statement; each SQL text is always run in one mode (rows, or plucked values). */
  private statement(sql: string) {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= 256) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async search(query: DirectoryQuery): Promise<DirectoryPage> {
    const match = this.keywordMatch(query);
    const plan = match && this.keywordPlan(query, match);
    if (plan) return this.searchKeywordIndex(query, plan);
    const compiled = compileDirectoryQuery(query, this.driver(query, match));
    const rows = this.statement(compiled.sql).all(compiled.params) as Row[];
    let total: number;
    if (compiled.countsInPage && rows.length > 0) total = rows[0]!.matched!;
    else if (compiled.countsInPage && !query.after) total = 0;
    else {
      const { limit: _limit, ...countParams } = compiled.params;
      for (let n = 0; query.after && n < query.after.length; n++) delete countParams[`after${n}`];
      total = this.statement(compiled.countSql).pluck().get(countParams) as number;
    }
    const hits: DirectoryHit[] = rows.map((row) => {
      const record = row as unknown as Record<string, number | string>;
      const key: SortKey = compiled.keyColumns.map((c) => record[c] as number | string);
      const hit: DirectoryHit = { institution: toInstitution(row), key };
      if (typeof row.dist === 'number') hit.distanceKm = row.dist;
      return hit;
    });
    return { hits, total };
  }

  /**
   * The keyword as exact FTS5 expressions: text of 3+ characters (trigrams), or pinyin of 3+
   * letters split over the known syllables. Undefined when only a row-by-row check can answer.
   */
  private keywordMatch(q: DirectoryQuery): KeywordMatch | undefined {
    const kw = q.keyword;
    if (!kw) return undefined;
    if (kw.kind === 'text') {
      if ([...kw.value].length < TRIGRAM) return undefined;
      const phrase = ftsPhrase(kw.value);
      return {
        table: 'institution_text',
        all: `{name address} : ${phrase}`,
        groups: [
          { match: `name : ^${phrase}` },
          { match: `name : ${phrase}`, not: `name : ^${phrase}` },
          { match: `address : ${phrase}`, not: `name : ${phrase}` },
        ],
      };
    }
    if (kw.value.length < TRIGRAM || !SYLLABLE.test(kw.value)) return undefined;
    const phrases = this.syllableSplitter().phrases(kw.value, MAX_PINYIN_PHRASES);
    if (!phrases) return undefined;
    const anywhere = [`initials : "${kw.value}"`, ...phrases.map((p) => `syllables : "${p}"`)].join(' OR ');
    const atStart = [`initials : ^"${kw.value}"`, ...phrases.map((p) => `syllables : ^"${p}"`)].join(' OR ');
    return { table: 'institution_pinyin', all: anywhere, groups: [{ match: atStart }, { match: anywhere, not: atStart }] };
  }

  /**
   * A keyword with any filters but no position (the common search) is answered inside the
   * full-text tables: their rowid is the level order and their tags column carries the filters,
   * so each relevance group is one FTS5 query read from the cursor on and stopped at the page,
   * and the total is counted there too — or read from `phrase_stats` for a frequent phrase.
   * Undefined when the query needs the base table (a position, a cursor of another path).
   */
  private keywordPlan(q: DirectoryQuery, match: KeywordMatch): KeywordPlan | undefined {
    if (q.origin) return undefined;
    if (q.sort !== 'relevance' && q.sort !== 'level') return undefined;
    const relevance = q.sort === 'relevance';
    const plan: KeywordPlan = { match, groups: relevance ? match.groups : [{ match: match.all }], tags: filterTags(q) };
    if (q.after) {
      // Only cursors this path can have made; anything else is answered by the general query.
      const [rank, level, code] = relevance ? q.after : [0, ...q.after];
      if (q.after.length !== (relevance ? 3 : 2)) return undefined;
      if (!Number.isInteger(rank) || (rank as number) < 0 || (rank as number) >= plan.groups.length) return undefined;
      if (!Number.isInteger(level) || (level as number) < 0 || (level as number) >= INSTITUTION_LEVELS.length) return undefined;
      if (typeof code !== 'string' || !INSTITUTION_CODE.test(code)) return undefined;
      plan.after = { group: rank as number, key: sortKeyOf(level as number, code) };
    }
    const kw = q.keyword!;
    if (kw.kind === 'text' && countablePhrase(kw.value)) {
      const row = this.statement('SELECT total, in_name, name_starts FROM phrase_stats WHERE phrase = ?').get(kw.value) as
        | { total: number; in_name: number; name_starts: number }
        | undefined;
      if (row) plan.stats = { total: row.total, inName: row.in_name, nameStarts: row.name_starts };
    }
    return plan;
  }

  private searchKeywordIndex(q: DirectoryQuery, plan: KeywordPlan): DirectoryPage {
    const { table } = plan.match;
    const s = plan.stats;
    // With the counts known, a group known to be empty (over the whole directory, so with any
    // filter too) is not read at all: proving it empty would mean reading every match.
    const sizes = s ? (plan.groups.length === 3 ? [s.nameStarts, s.inName - s.nameStarts, s.total - s.inName] : [s.total]) : undefined;
    const found: Array<{ id: number; group: number }> = [];
    for (let group = plan.after?.group ?? 0; group < plan.groups.length && found.length < q.limit; group++) {
      if (sizes?.[group] === 0) continue;
      const after = plan.after && group === plan.after.group ? plan.after.key : -1;
      const ids = this
        .statement(`SELECT rowid FROM ${table} WHERE ${table} MATCH ? AND rowid > ? ORDER BY rowid LIMIT ?`)
        .pluck()
        .all(groupExpression(plan.groups[group]!, plan.tags), after, q.limit - found.length) as number[];
      for (const id of ids) found.push({ id, group });
    }
    const rows = new Map<number, Row>();
    if (found.length > 0) {
      const list = this
        .statement(`SELECT * FROM institutions WHERE id IN (${found.map(() => '?').join(', ')})`)
        .all(...found.map((f) => f.id)) as Row[];
      for (const row of list) rows.set(row.id, row);
    }
    const hits = found.map(({ id, group }): DirectoryHit => {
      const row = rows.get(id);
      if (!row) throw new Error(`directory index out of step: row ${id} missing`);
      return { institution: toInstitution(row), key: q.sort === 'relevance' ? [group, row.level_rank, row.code] : [row.level_rank, row.code] };
    });
    const total =
      (plan.tags.length === 0 ? s?.total : undefined) ??
      (this.statement(`SELECT count(*) FROM ${table} WHERE ${table} MATCH ?`).pluck().get(groupExpression({ match: plan.match.all }, plan.tags)) as number);
    return { hits, total };
  }

  /**
   * The general query's candidates. A keyword the full-text index answers drives, with the
   * filter tags; a shorter keyword is checked on the rows carrying every filter tag. Either way
   * a radius box drives instead when it is the smaller set: when the full-text side has more
   * than KEYWORD_DRIVES_UP_TO rows, probed with a LIMIT so the probe never reads them all.
   */
  private driver(q: DirectoryQuery, match: KeywordMatch | undefined): Driver {
    const tags = filterTags(q);
    if (!match && (!q.keyword || tags.length === 0)) return { kind: 'filters' };
    const table = match?.table ?? 'institution_text';
    const expression = match ? groupExpression({ match: match.all }, tags) : tags.join(' AND ');
    // Inside a city or district the alternative is the region's rows, not the box: no probe.
    const narrow = q.region !== undefined && regionLevel(q.region) !== 'province';
    if (q.origin && q.radiusKm !== undefined && !narrow) {
      const probed = this
        .statement(`SELECT count(*) FROM (SELECT rowid FROM ${table} WHERE ${table} MATCH ? LIMIT ${KEYWORD_DRIVES_UP_TO + 1})`)
        .pluck()
        .get(expression) as number;
      if (probed > KEYWORD_DRIVES_UP_TO) return { kind: 'filters' };
    }
    return match ? { kind: 'keyword', table, match: expression } : { kind: 'tags', match: expression };
  }

  /** The syllables seen so far, reloaded when another connection committed an import. */
  private syllableSplitter(): SyllableSplitter {
    const dataVersion = this.db.pragma('data_version', { simple: true }) as number;
    if (!this.splitter || this.splitter.dataVersion !== dataVersion) {
      const syllables = this.db.prepare('SELECT syllable FROM pinyin_syllables').pluck().all() as string[];
      this.splitter = { dataVersion, splitter: new SyllableSplitter(syllables) };
    }
    return this.splitter.splitter;
  }

  async get(code: string): Promise<Institution | undefined> {
    const row = this.db.prepare('SELECT * FROM institutions WHERE code = ?').get(code) as Row | undefined;
    return row ? toInstitution(row) : undefined;
  }

  startImport(batch: string): DirectoryImport {
    return new SqliteDirectoryImport(this.db, batch, this.phraseStatsMinDocs, () => (this.splitter = undefined));
  }

  async count(): Promise<number> {
    return this.db.prepare('SELECT count(*) FROM institutions').pluck().get() as number;
  }

  async agencies(region: string): Promise<Agency[]> {
    const level = regionLevel(region);
    const prefix = level === 'province' ? region.slice(0, 2) : level === 'city' ? region.slice(0, 4) : region;
    const city = `${region.slice(0, 4)}00`;
    const province = `${region.slice(0, 2)}0000`;
    return this.db
      .prepare(
        `SELECT id, region, name, address, phone, hours FROM agencies
         WHERE substr(region, 1, ?) = ? OR region IN (?, ?)
         ORDER BY length(rtrim(region, '0')) DESC, id`,
      )
      .all(prefix.length, prefix, city, province) as Agency[];
  }

  async putAgencies(agencies: readonly Agency[]): Promise<void> {
    const put = this.db.prepare(
      'INSERT OR REPLACE INTO agencies (id, region, name, address, phone, hours) VALUES (@id, @region, @name, @address, @phone, @hours)',
    );
    this.db.transaction(() => agencies.forEach((a) => put.run(a)))();
  }
}

