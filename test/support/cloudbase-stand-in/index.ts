import { randomBytes } from 'node:crypto';
import { Db } from '@cloudbase/database';
import { BSONRegExp, EJSON } from 'bson';
import { aggregate, Context, find, update } from 'mingo';
import { StandInTransactions } from './transactions';
import { recordQuery, recordRequest, type QueryKind } from './query-log';

export { capturedQueries, takeRequests, type CapturedQuery, type SentRequest } from './query-log';

/**
 * An in-process stand-in for CloudBase's document database, at the SDK boundary.
 *
 * It returns the real `Db` of `@cloudbase/database` (what `app.database()` of
 * `@cloudbase/node-sdk` returns) with only its request layer replaced: the SDK still builds and
 * serialises every query, command, RegExp, Geo.Point and pipeline exactly as in production,
 * and this stand-in answers the serialised requests from in-memory collections with mingo.
 *
 * Supported surface (everything else throws "stand-in does not support …"):
 * - `db.collection(name)` (collections spring into existence), `.doc(id)`: `get`, `set`
 *   (replace/upsert), `update` (merge, update commands), `remove`;
 * - `.add(doc | docs)` (`_id` generated unless given; duplicate `_id` fails);
 * - queries: `where`, `orderBy` (several), `skip`, `limit` (SDK default 100, max 1000), `field`,
 *   `get`, `count`, and where-`update` / where-`remove` (multi);
 * - `db.command`: comparison, `in`/`nin`, `all`, `elemMatch`, `exists`, `size`, `and`/`or`/`nor`/`not`,
 *   update commands (`set`, `inc`, `push`, `remove`, …) as far as mingo implements them;
 *   `geoWithin({ centerSphere: [[lng, lat], radians] })` (GeoJSON points; not `geoNear` in `where`);
 * - `db.RegExp({ regexp, options })` (options i, m, s);
 * - `collection.aggregate()`: `geoNear` as first stage ({ near: Geo.Point, distanceField,
 *   spherical, query, key, maxDistance, minDistance } — metres on a 6378.1 km sphere, as MongoDB),
 *   then any stage mingo implements (`match`, `addFields`, `sort`, `skip`, `limit`, `project`,
 *   `lookup` of another collection…),
 *   `end()` resolving to `{ data }`. Note: `$indexOfCP` is not in mingo; use `$indexOfBytes`.
 * - transactions (`startTransaction` / `runTransaction`): see transactions.ts.
 * No watch, no indexes (a query is a scan; speed is not the point here) — but every query is
 * recorded (query-log.ts), so a test can prove a declared index serves each one.
 */
type Doc = Record<string, unknown>;
type Collections = Map<string, Doc[]>;

interface StandInConfig {
  env: string;
  standIn: Collections;
}

const EARTH_RADIUS_M = 6378100;
const RAD = Math.PI / 180;

function sphereMetres(a: readonly number[], b: readonly number[]): number {
  const [lng1 = 0, lat1 = 0] = a;
  const [lng2 = 0, lat2 = 0] = b;
  const h =
    Math.sin(((lat2 - lat1) * RAD) / 2) ** 2 +
    Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(((lng2 - lng1) * RAD) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

function valueAt(doc: unknown, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Doc)[part];
  }
  return value;
}

function coordinatesOf(value: unknown): number[] | undefined {
  if (value && typeof value === 'object' && Array.isArray((value as Doc).coordinates)) {
    return (value as { coordinates: number[] }).coordinates;
  }
  return undefined;
}

/** `$geoWithin: { $centerSphere: [[lng, lat], radians] }`, which mingo does not have. */
const geoContext = Context.init().addQueryOps({
  $geoWithin: ((selector: string, value: unknown) => {
    const sphere = (value as { $centerSphere?: [number[], number] }).$centerSphere;
    if (!sphere) throw new Error('stand-in does not support $geoWithin without $centerSphere');
    const [centre, radians] = sphere;
    return (doc: unknown) => {
      const point = coordinatesOf(valueAt(doc, selector));
      return point !== undefined && sphereMetres(point, centre) / EARTH_RADIUS_M <= radians;
    };
  }) as never,
});
const options = { context: geoContext };

/** EJSON from the SDK → plain values mingo understands (BSON regexes → JS RegExp). */
function decode(text: string | undefined): Doc {
  if (!text) return {};
  return toPlain(EJSON.parse(text, { relaxed: true })) as Doc;
}

function toPlain(value: unknown): unknown {
  if (value instanceof BSONRegExp) return new RegExp(value.pattern, value.options.replace(/[^imsu]/g, ''));
  if (Array.isArray(value)) return value.map(toPlain);
  if (value && typeof value === 'object' && !(value instanceof Date) && !(value instanceof RegExp)) {
    const out: Doc = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
    return out;
  }
  return value;
}

function encode(doc: Doc): string {
  return EJSON.stringify(doc, { relaxed: true });
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

interface RequestParams {
  collectionName: string;
  query?: string;
  data?: string | string[];
  order?: string;
  offset?: number;
  limit?: number;
  projection?: string;
  multi?: boolean;
  merge?: boolean;
  upsert?: boolean;
  stages?: Array<{ stageKey: string; stageValue: string }>;
}

/** One transaction table per stand-in database (requests are constructed per call). */
const transactionTables = new WeakMap<Collections, StandInTransactions>();

class StandInRequest {
  private readonly collections: Collections;
  private readonly transactions: StandInTransactions;

  constructor(config: StandInConfig) {
    this.collections = config.standIn;
    let transactions = transactionTables.get(config.standIn);
    if (!transactions) {
      transactions = new StandInTransactions((name) => this.docs(name));
      transactionTables.set(config.standIn, transactions);
    }
    this.transactions = transactions;
  }

  private docs(name: string): Doc[] {
    let docs = this.collections.get(name);
    if (!docs) {
      docs = [];
      this.collections.set(name, docs);
    }
    return docs;
  }

  async send(api: string, params: RequestParams): Promise<unknown> {
    recordRequest(params?.collectionName ? { api, collection: params.collectionName } : { api });
    if (this.transactions.handles(api, params)) return this.transactions.send(api, params);
    this.record(api, params);
    const requestId = `stand-in-${randomBytes(4).toString('hex')}`;
    const docs = this.docs(params.collectionName);
    switch (api) {
      case 'database.insertDocument': {
        const incoming = (params.data as string[]).map(decode);
        const ids: string[] = [];
        for (const doc of incoming) {
          doc._id ??= randomBytes(16).toString('hex');
          if (docs.some((d) => d._id === doc._id)) {
            return { code: 'DATABASE_DUPLICATE_WRITE', message: `duplicate _id ${String(doc._id)}`, requestId };
          }
        }
        for (const doc of incoming) {
          docs.push(doc);
          ids.push(String(doc._id));
        }
        return { requestId, data: { insertedIds: ids } };
      }
      case 'database.getDocument': {
        let cursor = find(docs, decode(params.query), undefined, options);
        const order = decode(params.order);
        if (Object.keys(order).length > 0) cursor = cursor.sort(order as Record<string, 1 | -1>);
        if (params.offset) cursor = cursor.skip(params.offset);
        cursor = cursor.limit(Math.min(params.limit ?? 100, 1000));
        let list = cursor.all().map((d) => clone(d as Doc));
        const projection = decode(params.projection);
        if (Object.keys(projection).length > 0) list = aggregate(list, [{ $project: projection }], options) as Doc[];
        return { requestId, data: { list: list.map(encode) } };
      }
      case 'database.calculateDocument':
        return { requestId, data: { total: find(docs, decode(params.query), undefined, options).all().length } };
      case 'database.modifyDocument': {
        const matched = find(docs, decode(params.query), undefined, options).all() as Doc[];
        const targets = params.multi ? matched : matched.slice(0, 1);
        const data = decode(params.data as string);
        if (params.merge) {
          for (const doc of targets) update(doc, data);
          return { requestId, data: { updated: targets.length } };
        }
        const target = targets[0];
        if (target) {
          const id = target._id;
          for (const key of Object.keys(target)) delete target[key];
          Object.assign(target, data, { _id: id });
          return { requestId, data: { updated: 1 } };
        }
        if (!params.upsert) return { requestId, data: { updated: 0 } };
        const id = decode(params.query)._id ?? randomBytes(16).toString('hex');
        docs.push({ ...data, _id: id });
        return { requestId, data: { updated: 0, upsert_id: id } };
      }
      case 'database.removeDocument': {
        const matched = new Set(find(docs, decode(params.query), undefined, options).all());
        const doomed = params.multi ? matched : new Set([...matched].slice(0, 1));
        const kept = docs.filter((d) => !doomed.has(d));
        docs.splice(0, docs.length, ...kept);
        return { requestId, data: { deleted: doomed.size } };
      }
      case 'database.aggregateDocuments':
        return { requestId, data: { list: this.aggregate(docs, params.stages ?? []).map(encode) } };
      default:
        throw new Error(`stand-in does not support ${api}`);
    }
  }

  private record(api: string, params: RequestParams): void {
    const kinds: Record<string, QueryKind> = {
      'database.getDocument': 'find',
      'database.calculateDocument': 'count',
      'database.modifyDocument': 'update',
      'database.removeDocument': 'remove',
      'database.aggregateDocuments': 'aggregate',
    };
    const kind = kinds[api];
    if (!kind) return;
    const order = decode(params.order) as Record<string, 1 | -1>;
    recordQuery({
      collection: params.collectionName,
      kind,
      filter: decode(params.query),
      sort: Object.entries(order),
      ...(kind === 'aggregate' ? { pipeline: (params.stages ?? []).map((s) => ({ [s.stageKey]: toPlain(EJSON.parse(s.stageValue, { relaxed: true })) })) } : {}),
    });
  }

  private aggregate(docs: Doc[], stages: Array<{ stageKey: string; stageValue: string }>): Doc[] {
    const pipeline = stages.map((s) => ({ [s.stageKey]: toPlain(EJSON.parse(s.stageValue, { relaxed: true })) }) as Doc);
    let input = docs.map((d) => clone(d));
    const first = pipeline[0];
    if (first && '$geoNear' in first) {
      input = geoNear(input, first.$geoNear as GeoNear);
      pipeline.shift();
    }
    if (pipeline.some((stage) => '$geoNear' in stage)) throw new Error('stand-in: $geoNear must be the first stage');
    // `lookup` joins another collection of this database, as CloudBase's does.
    return aggregate(input, pipeline, { ...options, collectionResolver: (name: string) => this.docs(name).map((d) => clone(d)) }) as Doc[];
  }
}

interface GeoNear {
  near: { coordinates: number[] };
  distanceField: string;
  key?: string;
  query?: Doc;
  maxDistance?: number;
  minDistance?: number;
}

function geoNear(docs: Doc[], spec: GeoNear): Doc[] {
  const key = spec.key ?? 'location';
  const matching = spec.query ? (find(docs, spec.query, undefined, options).all() as Doc[]) : docs;
  const out: Doc[] = [];
  for (const doc of matching) {
    const point = coordinatesOf(valueAt(doc, key));
    if (!point) continue;
    const distance = sphereMetres(point, spec.near.coordinates);
    if (spec.maxDistance !== undefined && distance > spec.maxDistance) continue;
    if (spec.minDistance !== undefined && distance < spec.minDistance) continue;
    out.push({ ...doc, [spec.distanceField]: distance });
  }
  return out.sort((a, b) => (a[spec.distanceField] as number) - (b[spec.distanceField] as number));
}

/** A fresh, empty database: the SDK's own `Db` class, the type `app.database()` returns. Each call gets its own collections. */
export function createCloudbaseStandIn(): Db {
  (Db as unknown as { reqClass: unknown }).reqClass = StandInRequest;
  const config: StandInConfig = { env: 'stand-in', standIn: new Map() };
  return new Db(config);
}
