import type { Db } from '@cloudbase/database';
import type { Agency } from '../../core/institution/agency';
import { distanceKm, EARTH_RADIUS_KM } from '../../core/institution/geo';
import {
  levelRank,
  type Capability,
  type Institution,
  type InstitutionKind,
  type InstitutionLevel,
} from '../../core/institution/institution';
import { pinyinSuffixes } from '../../core/institution/keyword';
import { regionLevel } from '../../core/region/region-code';
import type {
  DirectoryHit,
  DirectoryImport,
  DirectoryPage,
  DirectoryQuery,
  DirectoryRecord,
  InstitutionRepository,
  SortKey,
} from './institution-repository.port';
import { AGENCIES_COLLECTION, INSTITUTIONS_COLLECTION } from './cloudbase-directory.schema';

/** The stored document: the institution plus the derived fields CloudBase's indexes serve. */
interface InstitutionDoc {
  _id: string;
  code: string;
  name: string;
  kind: InstitutionKind;
  type: string;
  level: InstitutionLevel;
  levelRank: number;
  region: string;
  city: string;
  province: string;
  address: string;
  phone: string;
  latitude: number;
  longitude: number;
  location: unknown;
  capabilities: Capability[];
  networked: boolean;
  batch: string;
  initials: string;
  fullPinyin: string;
  pinyinTerms: string[];
  grams: string[];
  distanceMeters?: number;
  rank?: number;
}

/** Characters and bigrams, lower-cased: an `all` over a keyword's bigrams narrows by index. */
export function gramsOf(...texts: string[]): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    const chars = [...text.toLowerCase()];
    chars.forEach((c, i) => {
      if (c.trim() === '') return;
      out.add(c);
      const next = chars[i + 1];
      if (next !== undefined && next.trim() !== '') out.add(c + next);
    });
  }
  return [...out];
}

function keywordGrams(keyword: string): string[] {
  const chars = [...keyword.toLowerCase()].filter((c) => c.trim() !== '');
  if (chars.length === 1) return chars;
  const grams = new Set<string>();
  const raw = [...keyword.toLowerCase()];
  raw.forEach((c, i) => {
    const next = raw[i + 1];
    if (c.trim() !== '' && next !== undefined && next.trim() !== '') grams.add(c + next);
  });
  return grams.size > 0 ? [...grams] : chars;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function toInstitution(doc: InstitutionDoc): Institution {
  return {
    code: doc.code,
    name: doc.name,
    kind: doc.kind,
    type: doc.type,
    level: doc.level,
    region: doc.region,
    address: doc.address,
    phone: doc.phone,
    latitude: doc.latitude,
    longitude: doc.longitude,
    capabilities: [...doc.capabilities],
    networked: doc.networked,
  };
}

/** Writes per document; CloudBase has no multi-document upsert. A few in flight at a time. */
const WRITE_CONCURRENCY = 16;

/**
 * CloudBase adapter (production). Queries go through the SDK (`db.command`, `db.RegExp`,
 * `aggregate().geoNear`), each shaped to be served by an index in cloudbase-directory.schema.ts.
 */
export class CloudbaseInstitutionRepository implements InstitutionRepository {
  constructor(private readonly db: Db) {}

  private get institutions() {
    return this.db.collection(INSTITUTIONS_COLLECTION);
  }

  private conditions(q: DirectoryQuery): object[] {
    const _ = this.db.command;
    const conds: object[] = [{ networked: true }];
    if (q.region) {
      const level = regionLevel(q.region);
      if (level === 'province') conds.push({ province: q.region.slice(0, 2) });
      else if (level === 'city') conds.push({ city: q.region.slice(0, 4) });
      else conds.push({ region: q.region });
    }
    if (q.kind) conds.push({ kind: q.kind });
    if (q.level) conds.push({ levelRank: levelRank(q.level) });
    if (q.capabilities.length > 0) conds.push({ capabilities: _.all([...q.capabilities]) });
    const kw = q.keyword;
    if (kw?.kind === 'text') {
      const grams = keywordGrams(kw.value);
      conds.push({ grams: grams.length === 1 ? grams[0] : _.all(grams) });
      // Bigrams narrow by index; the regular expression keeps only true substrings.
      const re = this.db.RegExp({ regexp: escapeRegExp(kw.value), options: 'i' });
      conds.push(_.or([{ name: re }, { address: re }]));
    } else if (kw?.kind === 'pinyin') {
      conds.push({ pinyinTerms: this.db.RegExp({ regexp: `^${kw.value}`, options: '' }) });
    }
    if (q.origin && q.radiusKm !== undefined) {
      conds.push({
        location: _.geoWithin({
          centerSphere: [[q.origin.longitude, q.origin.latitude], q.radiusKm / EARTH_RADIUS_KM],
        }),
      });
    }
    return conds;
  }

  private rankExpression(q: DirectoryQuery): object | undefined {
    const kw = q.keyword;
    if (!kw || q.sort !== 'relevance') return undefined;
    // $indexOfBytes: a prefix at byte 0 is a prefix at character 0, and it is what mingo has too.
    if (kw.kind === 'text') {
      const at = { $indexOfBytes: [{ $toLower: '$name' }, kw.value.toLowerCase()] };
      return { $cond: { if: { $eq: [at, 0] }, then: 0, else: { $cond: { if: { $gte: [at, 0] }, then: 1, else: 2 } } } };
    }
    return {
      $cond: {
        if: {
          $or: [
            { $eq: [{ $indexOfBytes: ['$initials', kw.value] }, 0] },
            { $eq: [{ $indexOfBytes: ['$fullPinyin', kw.value] }, 0] },
          ],
        },
        then: 0,
        else: 1,
      },
    };
  }

  async search(q: DirectoryQuery): Promise<DirectoryPage> {
    const _ = this.db.command;
    const conds = this.conditions(q);
    const where = conds.length === 1 ? conds[0]! : _.and(conds);
    const countRes = await this.institutions.where(where).count();
    const total = countRes.total ?? 0;

    const rank = this.rankExpression(q);
    const keyFields =
      q.sort === 'distance' && q.origin
        ? ['distanceMeters', 'code']
        : rank
          ? ['rank', 'levelRank', 'code']
          : ['levelRank', 'code'];

    let pipeline = this.institutions.aggregate();
    if (q.origin) {
      pipeline = pipeline.geoNear({
        near: new this.db.Geo.Point(q.origin.longitude, q.origin.latitude),
        distanceField: 'distanceMeters',
        spherical: true,
        key: 'location',
        query: where,
      });
    } else {
      pipeline = pipeline.match(where);
    }
    if (rank) pipeline = pipeline.addFields({ rank });
    if (q.after) {
      const after = q.after;
      // Keyset: (k0 > a0) or (k0 = a0 and k1 > a1) or …
      const branches = keyFields.map((field, n) => {
        const branch: Record<string, unknown> = {};
        keyFields.slice(0, n).forEach((f, m) => (branch[f] = after[m]));
        branch[field] = _.gt(after[n]);
        return branch;
      });
      pipeline = pipeline.match(_.or(branches));
    }
    const sort: Record<string, 1> = {};
    for (const f of keyFields) sort[f] = 1;
    const res = (await pipeline.sort(sort).limit(q.limit).project({ grams: 0, pinyinTerms: 0 }).end()) as {
      data?: InstitutionDoc[];
    };
    const hits: DirectoryHit[] = (res.data ?? []).map((doc) => {
      const record = doc as unknown as Record<string, number | string>;
      const key: SortKey = keyFields.map((f) => record[f] as number | string);
      const hit: DirectoryHit = { institution: toInstitution(doc), key };
      if (q.origin) hit.distanceKm = distanceKm(q.origin.latitude, q.origin.longitude, doc.latitude, doc.longitude);
      return hit;
    });
    return { hits, total };
  }

  async get(code: string): Promise<Institution | undefined> {
    const res = await this.institutions.where({ code }).limit(1).get();
    const doc = (res.data as InstitutionDoc[])[0];
    return doc ? toInstitution(doc) : undefined;
  }

  private toDoc(r: DirectoryRecord, batch: string): Omit<InstitutionDoc, '_id'> {
    return {
      code: r.code,
      name: r.name,
      kind: r.kind,
      type: r.type,
      level: r.level,
      levelRank: levelRank(r.level),
      region: r.region,
      city: r.region.slice(0, 4),
      province: r.region.slice(0, 2),
      address: r.address,
      phone: r.phone,
      latitude: r.latitude,
      longitude: r.longitude,
      location: new this.db.Geo.Point(r.longitude, r.latitude),
      capabilities: [...r.capabilities],
      networked: r.networked,
      batch,
      initials: r.syllables.map((s) => s[0]).join(''),
      fullPinyin: r.syllables.join(''),
      pinyinTerms: pinyinSuffixes(r.syllables),
      grams: gramsOf(r.name, r.address),
    };
  }

  startImport(batch: string): DirectoryImport {
    const _ = this.db.command;
    const institutions = this.institutions;
    const toDoc = (r: DirectoryRecord) => this.toDoc(r, batch);
    return {
      async add(records) {
        for (let i = 0; i < records.length; i += WRITE_CONCURRENCY) {
          // The code is the document id: `set` is an upsert by code.
          await Promise.all(records.slice(i, i + WRITE_CONCURRENCY).map((r) => institutions.doc(r.code).set(toDoc(r))));
        }
      },
      async finish({ retireOthers }) {
        if (!retireOthers) return { retired: 0 };
        const res = await institutions.where({ networked: true, batch: _.neq(batch) }).update({ networked: false });
        return { retired: res.updated ?? 0 };
      },
      async abort() {
        // Documents already written stay; a re-run of the same file overwrites them.
      },
    };
  }

  async count(): Promise<number> {
    const res = await this.institutions.count();
    return res.total ?? 0;
  }

  async agencies(region: string): Promise<Agency[]> {
    const _ = this.db.command;
    const level = regionLevel(region);
    const prefix = level === 'province' ? region.slice(0, 2) : level === 'city' ? region.slice(0, 4) : region;
    const res = await this.db
      .collection(AGENCIES_COLLECTION)
      .where(
        _.or([
          { region: this.db.RegExp({ regexp: `^${prefix}`, options: '' }) },
          { region: _.in([`${region.slice(0, 4)}00`, `${region.slice(0, 2)}0000`]) },
        ]),
      )
      .limit(200)
      .get();
    const specificity = (code: string) => code.replace(/0+$/, '').length;
    return (res.data as Array<Agency & { _id: string }>)
      .map(({ _id: _unused, ...agency }) => agency)
      .sort((a, b) => specificity(b.region) - specificity(a.region) || a.id.localeCompare(b.id));
  }

  async putAgencies(agencies: readonly Agency[]): Promise<void> {
    const collection = this.db.collection(AGENCIES_COLLECTION);
    await Promise.all(agencies.map(({ id, ...rest }) => collection.doc(id).set({ id, ...rest })));
  }
}
