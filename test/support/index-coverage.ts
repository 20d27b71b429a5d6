import type { IndexSpec } from '../../server/institution/cloudbase-directory.schema';
import { cloudbaseCollections, LOCAL_ONLY_COLLECTIONS } from '../../server/runtime/cloudbase-collections';
import { capturedQueries, type CapturedQuery } from './cloudbase-stand-in';

/**
 * Whether a declared index serves a query the CloudBase adapters sent, by the rule MongoDB (and
 * so CloudBase) plans with: the index starts with fields the query fixes by equality (in any
 * order), then carries the sort fields in order (all in the index's direction or all reversed);
 * a query without a sort needs an index whose first field it constrains. Equality fields the
 * index leaves out are filtered after the index scan, which is fine; a sort the index cannot
 * give, or a filter no index can narrow, is what this catches. Every collection has `_id`.
 * An `$or` is served when each of its branches is; a `geoNear` needs a 2dsphere index on its key;
 * a sort on a field computed in the pipeline is done in memory over the rows the match found.
 */
interface Branch {
  eq: Set<string>;
  range: Set<string>;
  geo: Set<string>;
}

type Doc = Record<string, unknown>;

const EQUALITY = new Set(['$eq', '$in', '$all', '$elemMatch']);
const RANGE = new Set(['$gt', '$gte', '$lt', '$lte', '$ne', '$nin']);
const GEO = new Set(['$geoWithin', '$geoIntersects', '$near', '$nearSphere']);

function isOperatorObject(value: unknown): value is Doc {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value) && !(value instanceof RegExp) && !(value instanceof Date) && Object.keys(value as Doc).some((k) => k.startsWith('$'));
}

const emptyBranch = (): Branch => ({ eq: new Set(), range: new Set(), geo: new Set() });

function merge(a: Branch, b: Branch): Branch {
  return { eq: new Set([...a.eq, ...b.eq]), range: new Set([...a.range, ...b.range]), geo: new Set([...a.geo, ...b.geo]) };
}

function product(lists: Branch[][]): Branch[] {
  return lists.reduce<Branch[]>((acc, list) => acc.flatMap((a) => list.map((b) => merge(a, b))), [emptyBranch()]);
}

/** How one field's condition can use an index: equality, a range, geo, or not at all. */
function fieldBranches(field: string, value: unknown): Branch[] {
  const only = (kind: keyof Branch): Branch[] => {
    const b = emptyBranch();
    b[kind].add(field);
    return [b];
  };
  if (value instanceof RegExp) return value.source.startsWith('^') ? only('range') : [emptyBranch()];
  if (!isOperatorObject(value)) return only('eq');
  const parts: Branch[][] = [];
  for (const [op, operand] of Object.entries(value)) {
    if (op === '$and') parts.push(product((operand as unknown[]).map((o) => fieldBranches(field, o))));
    else if (op === '$or') parts.push((operand as unknown[]).flatMap((o) => fieldBranches(field, o)));
    else if (EQUALITY.has(op)) parts.push(only('eq'));
    else if (RANGE.has(op)) parts.push(only('range'));
    else if (GEO.has(op)) parts.push(only('geo'));
    else if (op === '$regex') parts.push(String(operand).startsWith('^') ? only('range') : [emptyBranch()]);
    else parts.push([emptyBranch()]);
  }
  return product(parts);
}

/** The filter in disjunctive form: each branch is what one index scan would have to narrow. */
export function branchesOf(filter: Doc): Branch[] {
  const parts: Branch[][] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and') parts.push(product((value as Doc[]).map(branchesOf)));
    else if (key === '$or') parts.push((value as Doc[]).flatMap(branchesOf));
    else if (key.startsWith('$')) parts.push([emptyBranch()]);
    else parts.push(fieldBranches(key, value));
  }
  return product(parts);
}

const ID_INDEX: IndexSpec = { name: '_id_', keys: [['_id', 1]] };

function serves(index: IndexSpec, branch: Branch, sort: readonly [string, 1 | -1][]): boolean {
  const keys = index.keys;
  if (keys.some(([field, dir]) => dir === '2dsphere' && branch.geo.has(field))) return true;
  let i = 0;
  while (i < keys.length && branch.eq.has(keys[i]![0])) i += 1;
  const rest = sort.filter(([field]) => !branch.eq.has(field));
  if (rest.length > 0) {
    const window = keys.slice(i, i + rest.length);
    if (window.length < rest.length || window.some(([field], n) => field !== rest[n]![0])) return false;
    const same = window.every(([, dir], n) => dir === rest[n]![1]);
    const reversed = window.every(([, dir], n) => dir === -rest[n]![1]);
    return same || reversed;
  }
  if (i > 0) return true;
  const first = keys[0]?.[0];
  return first !== undefined && branch.range.has(first);
}

function branchServed(indexes: readonly IndexSpec[], branch: Branch, sort: readonly [string, 1 | -1][]): boolean {
  const unconstrained = branch.eq.size === 0 && branch.range.size === 0 && branch.geo.size === 0;
  if (unconstrained && sort.length === 0) return true;
  return [ID_INDEX, ...indexes].some((index) => serves(index, branch, sort));
}

/** The part of an aggregation an index can serve: its leading match(es), and the sort if nothing computed it. */
function aggregateShape(pipeline: readonly Doc[]): { filter: Doc; sort: [string, 1 | -1][]; geoKey?: string } {
  const [first, ...rest] = pipeline;
  if (first && '$geoNear' in first) {
    const geo = first.$geoNear as { key?: string };
    return { filter: {}, sort: [], geoKey: geo.key ?? 'location' };
  }
  const matches: Doc[] = [];
  let stage = 0;
  const stages = first ? [first, ...rest] : [];
  while (stage < stages.length && '$match' in stages[stage]!) matches.push(stages[stage++]!.$match as Doc);
  const next = stages[stage];
  const sort = next && '$sort' in next ? (Object.entries(next.$sort as Doc) as [string, 1 | -1][]) : [];
  return { filter: matches.length === 1 ? matches[0]! : { $and: matches }, sort };
}

export interface UnservedQuery {
  collection: string;
  kind: string;
  filter: string;
  sort: string;
}

function describeFilter(filter: Doc): string {
  return JSON.stringify(filter, (_key, value: unknown) => (value instanceof RegExp ? `/${value.source}/` : value));
}

/**
 * The captured queries no declared index serves (empty when the declarations are complete).
 * Collections only the local cloud uses (the local face verifier's, in the suites that run
 * identity over the stand-in) never reach CloudBase, so their queries are not production's.
 */
export function unservedQueries(queries: readonly CapturedQuery[], declared = cloudbaseCollections()): UnservedQuery[] {
  const indexesOf = new Map(declared.map((c) => [c.name, c.indexes]));
  const unserved: UnservedQuery[] = [];
  for (const q of queries) {
    if (LOCAL_ONLY_COLLECTIONS.has(q.collection)) continue;
    const indexes = indexesOf.get(q.collection);
    let ok: boolean;
    let filter = q.filter;
    let sort = q.sort;
    if (!indexes) ok = false;
    else if (q.kind === 'aggregate') {
      const shape = aggregateShape(q.pipeline ?? []);
      filter = shape.filter;
      sort = shape.sort;
      ok = shape.geoKey
        ? indexes.some((i) => i.keys.some(([field, dir]) => field === shape.geoKey && dir === '2dsphere'))
        : branchesOf(filter).every((b) => branchServed(indexes, b, sort));
    } else ok = branchesOf(filter).every((b) => branchServed(indexes, b, sort));
    if (!ok) unserved.push({ collection: q.collection, kind: q.kind, filter: describeFilter(filter), sort: JSON.stringify(sort) });
  }
  // One line per distinct query shape.
  return [...new Map(unserved.map((u) => [JSON.stringify(u), u])).values()];
}

/**
 * The proof, for a suite that ran the CloudBase adapters through the stand-in: defined last in
 * the file, it runs after the suite's tests and checks every query they made CloudBase answer.
 */
export function itServedEveryQueryFromADeclaredIndex(): void {
  it('sent CloudBase only queries that a declared index serves (equality fields, then the sort)', () => {
    const queries = capturedQueries();
    expect(queries.length).toBeGreaterThan(0);
    expect(unservedQueries(queries)).toEqual([]);
  });
}
