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
import { SyllableSplitter, syllableTerms } from './pinyin-phrases';
import { capBit, DIRECTORY_MIGRATIONS, sortKeyOf } from './sqlite-directory.schema';

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
}

/** FTS5 trigram needs three characters; shorter keywords are checked row by row. */
const TRIGRAM = 3;
const SYLLABLE = /^[a-z]+$/;
/** Beyond this many ways to split a pinyin keyword into syllables, rows are checked one by one. */
const MAX_PINYIN_PHRASES = 32;

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

interface KeywordPlan {
  table: 'institution_text' | 'institution_pinyin';
  /** Every match. */
  all: string;
  /** One FTS5 query per relevance group, in order (one group for the level sort). */
  groups: string[];
  after?: { group: number; key: number };
}

export interface CompiledQuery {
  sql: string;
  countSql: string;
  params: Record<string, unknown>;
  keyColumns: string[];
}

/** Builds the indexed query (exported for the benchmark, which times it against a scan). */
export function compileDirectoryQuery(q: DirectoryQuery): CompiledQuery {
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
  // Within a city or district the region index leaves a few thousand rows: checking the keyword
  // on each is cheaper than materialising every full-text match in the country.
  const narrow = q.region !== undefined && regionLevel(q.region) !== 'province';
  if (kw) {
    params.kw = kw.value;
    params.kwLower = kw.value.toLowerCase();
    params.kwLength = [...kw.value].length;
    if (kw.kind === 'text') {
      if ([...kw.value].length >= TRIGRAM && !narrow) {
        where.push('i.id IN (SELECT rowid FROM institution_text WHERE institution_text MATCH @match)');
        params.match = ftsPhrase(kw.value);
      } else {
        where.push('(instr(lower(i.name), @kwLower) > 0 OR instr(lower(i.address), @kwLower) > 0)');
      }
      rankExpr = `(CASE WHEN lower(substr(i.name, 1, @kwLength)) = @kwLower THEN 0
        WHEN instr(lower(i.name), @kwLower) > 0 THEN 1 ELSE 2 END)`;
    } else {
      if (kw.value.length >= TRIGRAM && !narrow) {
        where.push('i.id IN (SELECT rowid FROM institution_pinyin WHERE institution_pinyin MATCH @match)');
        params.match = ftsPhrase(kw.value);
      }
      where.push('pinyin_hit(i.pinyin, @kw) = 1');
      rankExpr = `(CASE WHEN substr(i.initials, 1, @kwLength) = @kw OR substr(i.full_pinyin, 1, @kwLength) = @kw THEN 0 ELSE 1 END)`;
    }
  }

  let distExpr = 'NULL';
  if (q.origin) {
    params.lat = q.origin.latitude;
    params.lng = q.origin.longitude;
    distExpr = 'distance_km(i.latitude, i.longitude, @lat, @lng)';
    if (q.radiusKm !== undefined) {
      const box = boundingBox(q.origin.latitude, q.origin.longitude, q.radiusKm);
      Object.assign(params, box, { radius: q.radiusKm });
      // Inside a city the region index is the better driver; elsewhere the R*Tree box is.
      if (!narrow) {
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
  const pageWhere = [...where];
  if (q.after) {
    pageWhere.push(`(${keys.join(', ')}) > (${keys.map((_, n) => `@after${n}`).join(', ')})`);
    q.after.forEach((v, n) => (params[`after${n}`] = v));
  }
  params.limit = q.limit;
  const sql = `SELECT i.*, ${distExpr} AS dist, ${rankExpr} AS rank FROM institutions i
    WHERE ${pageWhere.join(' AND ')} ORDER BY ${keys.join(', ')} LIMIT @limit`;
  return { sql, countSql, params, keyColumns };
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
    this.insertText = db.prepare('INSERT INTO institution_text (rowid, name, address) VALUES (?, ?, ?)');
    this.deletePinyin = db.prepare('DELETE FROM institution_pinyin WHERE rowid = ?');
    this.insertPinyin = db.prepare('INSERT INTO institution_pinyin (rowid, initials, syllables) VALUES (?, ?, ?)');
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
        this.insertText.run(row.id, row.name, row.address);
        this.insertPinyin.run(row.id, row.initials, syllableTerms(r.syllables));
      }
      this.putGeo.run(row.id, r.latitude, r.latitude, r.longitude, r.longitude);
    }
  }

  async finish(options: { retireOthers: boolean }): Promise<{ retired: number }> {
    if (!this.open) throw new Error('import already finished');
    if (this.fresh) {
      this.db.exec(`
        INSERT INTO institution_text (rowid, name, address) SELECT id, name, address FROM institutions WHERE networked = 1;
        INSERT INTO institution_pinyin (rowid, initials, syllables)
          SELECT id, initials, '#' || replace(pinyin, ' ', '#') FROM institutions WHERE networked = 1;
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

export class SqliteInstitutionRepository implements InstitutionRepository {
  private splitter: { dataVersion: number; splitter: SyllableSplitter } | undefined;

  constructor(readonly db: SqliteDatabase) {
    registerDirectoryFunctions(db);
  }

  static open(file: string): SqliteInstitutionRepository {
    return new SqliteInstitutionRepository(openSqlite(file, DIRECTORY_MIGRATIONS));
  }

  async search(query: DirectoryQuery): Promise<DirectoryPage> {
    const plan = this.keywordPlan(query);
    if (plan) return this.searchKeywordIndex(query, plan);
    const compiled = compileDirectoryQuery(query);
    const rows = this.db.prepare(compiled.sql).all(compiled.params) as Row[];
    const { limit: _limit, ...countParams } = compiled.params;
    for (let n = 0; query.after && n < query.after.length; n++) delete countParams[`after${n}`];
    const total = this.db.prepare(compiled.countSql).pluck().get(countParams) as number;
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
   * A keyword and nothing else (the common search): answered inside the full-text tables, whose
   * rowid is the level order. Each relevance group is one FTS5 query read in rowid order up to
   * the page; the total is counted in FTS5 alone. Undefined when the query needs the base table.
   */
  private keywordPlan(q: DirectoryQuery): KeywordPlan | undefined {
    const kw = q.keyword;
    if (!kw || q.region !== undefined || q.kind || q.level || q.capabilities.length > 0 || q.origin) return undefined;
    if (q.sort !== 'relevance' && q.sort !== 'level') return undefined;
    let plan: KeywordPlan;
    if (kw.kind === 'text') {
      if ([...kw.value].length < TRIGRAM) return undefined;
      const phrase = ftsPhrase(kw.value);
      plan = {
        table: 'institution_text',
        all: phrase,
        groups: [`name : ^${phrase}`, `name : ${phrase} NOT name : ^${phrase}`, `${phrase} NOT name : ${phrase}`],
      };
    } else {
      if (kw.value.length < TRIGRAM || !SYLLABLE.test(kw.value)) return undefined;
      const phrases = this.syllableSplitter().phrases(kw.value, MAX_PINYIN_PHRASES);
      if (!phrases) return undefined;
      const anywhere = [`initials : "${kw.value}"`, ...phrases.map((p) => `syllables : "${p}"`)].join(' OR ');
      const atStart = [`initials : ^"${kw.value}"`, ...phrases.map((p) => `syllables : ^"${p}"`)].join(' OR ');
      plan = { table: 'institution_pinyin', all: anywhere, groups: [atStart, `(${anywhere}) NOT (${atStart})`] };
    }
    if (q.sort === 'level') plan.groups = [plan.all];
    const relevance = q.sort === 'relevance';
    if (q.after) {
      // Only cursors this path can have made; anything else is answered by the general query.
      const [rank, level, code] = relevance ? q.after : [0, ...q.after];
      if (q.after.length !== (relevance ? 3 : 2)) return undefined;
      if (!Number.isInteger(rank) || (rank as number) < 0 || (rank as number) >= plan.groups.length) return undefined;
      if (!Number.isInteger(level) || (level as number) < 0 || (level as number) >= INSTITUTION_LEVELS.length) return undefined;
      if (typeof code !== 'string' || !INSTITUTION_CODE.test(code)) return undefined;
      plan.after = { group: rank as number, key: sortKeyOf(level as number, code) };
    }
    return plan;
  }

  private searchKeywordIndex(q: DirectoryQuery, plan: KeywordPlan): DirectoryPage {
    const found: Array<{ id: number; group: number }> = [];
    for (let group = plan.after?.group ?? 0; group < plan.groups.length && found.length < q.limit; group++) {
      const after = plan.after && group === plan.after.group ? plan.after.key : -1;
      const ids = this.db
        .prepare(`SELECT rowid FROM ${plan.table} WHERE ${plan.table} MATCH ? AND rowid > ? ORDER BY rowid LIMIT ?`)
        .pluck()
        .all(plan.groups[group], after, q.limit - found.length) as number[];
      for (const id of ids) found.push({ id, group });
    }
    const rows = new Map<number, Row>();
    if (found.length > 0) {
      const list = this.db
        .prepare(`SELECT * FROM institutions WHERE id IN (${found.map(() => '?').join(', ')})`)
        .all(...found.map((f) => f.id)) as Row[];
      for (const row of list) rows.set(row.id, row);
    }
    const hits = found.map(({ id, group }): DirectoryHit => {
      const row = rows.get(id);
      if (!row) throw new Error(`directory index out of step: row ${id} missing`);
      return { institution: toInstitution(row), key: q.sort === 'relevance' ? [group, row.level_rank, row.code] : [row.level_rank, row.code] };
    });
    const total = this.db.prepare(`SELECT count(*) FROM ${plan.table} WHERE ${plan.table} MATCH ?`).pluck().get(plan.all) as number;
    return { hits, total };
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
    return new SqliteDirectoryImport(this.db, batch, () => (this.splitter = undefined));
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

