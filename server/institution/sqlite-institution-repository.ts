import type { Agency } from '../../core/institution/agency';
import { boundingBox, distanceKm } from '../../core/institution/geo';
import {
  capabilitiesOf,
  capabilityMask,
  levelRank,
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
import { capBit, DIRECTORY_MIGRATIONS } from './sqlite-directory.schema';

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
  if (kw) {
    params.kw = kw.value;
    params.kwLower = kw.value.toLowerCase();
    params.kwLength = [...kw.value].length;
    if (kw.kind === 'text') {
      if ([...kw.value].length >= TRIGRAM) {
        where.push('i.id IN (SELECT rowid FROM institution_text WHERE institution_text MATCH @match)');
        params.match = ftsPhrase(kw.value);
      } else {
        where.push('(instr(lower(i.name), @kwLower) > 0 OR instr(lower(i.address), @kwLower) > 0)');
      }
      rankExpr = `(CASE WHEN lower(substr(i.name, 1, @kwLength)) = @kwLower THEN 0
        WHEN instr(lower(i.name), @kwLower) > 0 THEN 1 ELSE 2 END)`;
    } else {
      if (kw.value.length >= TRIGRAM) {
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
      where.push(`i.id IN (SELECT id FROM institution_geo
        WHERE min_lat >= @minLat AND max_lat <= @maxLat AND min_lng >= @minLng AND max_lng <= @maxLng)`);
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
  private readonly findId;
  private readonly insertRow;
  private readonly updateRow;
  private readonly deleteText;
  private readonly insertText;
  private readonly deletePinyin;
  private readonly insertPinyin;
  private readonly putGeo;
  private open = true;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly batch: string,
  ) {
    db.exec('BEGIN IMMEDIATE');
    // Into an empty table the text and position indexes are built once at the end: much faster.
    this.fresh = db.prepare('SELECT 1 FROM institutions LIMIT 1').get() === undefined;
    this.findId = db.prepare('SELECT id FROM institutions WHERE code = ?').pluck();
    const cols = `code, name, kind, type, level, level_rank, region, city, province, address, phone,
      latitude, longitude, caps, networked, pinyin, initials, full_pinyin, batch`;
    const vals = `@code, @name, @kind, @type, @level, @level_rank, @region, @city, @province, @address, @phone,
      @latitude, @longitude, @caps, @networked, @pinyin, @initials, @full_pinyin, @batch`;
    this.insertRow = db.prepare(`INSERT INTO institutions (${cols}) VALUES (${vals})`);
    this.updateRow = db.prepare(`UPDATE institutions SET (${cols}) = (${vals}) WHERE id = @id`);
    this.deleteText = db.prepare('DELETE FROM institution_text WHERE rowid = ?');
    this.insertText = db.prepare('INSERT INTO institution_text (rowid, name, address) VALUES (?, ?, ?)');
    this.deletePinyin = db.prepare('DELETE FROM institution_pinyin WHERE rowid = ?');
    this.insertPinyin = db.prepare('INSERT INTO institution_pinyin (rowid, terms) VALUES (?, ?)');
    this.putGeo = db.prepare('INSERT OR REPLACE INTO institution_geo (id, min_lat, max_lat, min_lng, max_lng) VALUES (?, ?, ?, ?, ?)');
  }

  async add(records: readonly DirectoryRecord[]): Promise<void> {
    for (const r of records) {
      const row = {
        code: r.code,
        name: r.name,
        kind: r.kind,
        type: r.type,
        level: r.level,
        level_rank: levelRank(r.level),
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
      const existing = this.fresh ? undefined : (this.findId.get(r.code) as number | undefined);
      let id: number;
      if (existing === undefined) {
        id = Number(this.insertRow.run(row).lastInsertRowid);
      } else {
        id = existing;
        this.updateRow.run({ ...row, id });
        this.deleteText.run(id);
        this.deletePinyin.run(id);
      }
      if (!this.fresh) {
        this.insertText.run(id, row.name, row.address);
        this.insertPinyin.run(id, `${row.initials} ${row.full_pinyin}`);
        this.putGeo.run(id, r.latitude, r.latitude, r.longitude, r.longitude);
      }
    }
  }

  async finish(options: { retireOthers: boolean }): Promise<{ retired: number }> {
    if (!this.open) throw new Error('import already finished');
    if (this.fresh) {
      this.db.exec(`
        INSERT INTO institution_text (rowid, name, address) SELECT id, name, address FROM institutions;
        INSERT INTO institution_pinyin (rowid, terms) SELECT id, initials || ' ' || full_pinyin FROM institutions;
        INSERT INTO institution_geo (id, min_lat, max_lat, min_lng, max_lng)
          SELECT id, latitude, latitude, longitude, longitude FROM institutions;
      `);
    }
    let retired = 0;
    if (options.retireOthers) {
      retired = this.db
        .prepare('UPDATE institutions SET networked = 0 WHERE networked = 1 AND batch != ?')
        .run(this.batch).changes;
    }
    this.db.exec('COMMIT');
    this.open = false;
    if (this.fresh) this.db.exec('ANALYZE');
    return { retired };
  }

  async abort(): Promise<void> {
    if (this.open) this.db.exec('ROLLBACK');
    this.open = false;
  }
}

export class SqliteInstitutionRepository implements InstitutionRepository {
  constructor(readonly db: SqliteDatabase) {
    registerDirectoryFunctions(db);
  }

  static open(file: string): SqliteInstitutionRepository {
    return new SqliteInstitutionRepository(openSqlite(file, DIRECTORY_MIGRATIONS));
  }

  async search(query: DirectoryQuery): Promise<DirectoryPage> {
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

  async get(code: string): Promise<Institution | undefined> {
    const row = this.db.prepare('SELECT * FROM institutions WHERE code = ?').get(code) as Row | undefined;
    return row ? toInstitution(row) : undefined;
  }

  startImport(batch: string): DirectoryImport {
    return new SqliteDirectoryImport(this.db, batch);
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

