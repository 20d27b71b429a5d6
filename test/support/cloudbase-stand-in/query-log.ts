/**
 * Every query the stand-in answered in this test file (each jest file has its own module
 * registry, so its own log): the collection, the decoded filter, the sort and, for
 * aggregations, the pipeline. test/support/index-coverage.ts checks each against the
 * declared indexes.
 */
export type QueryKind = 'find' | 'count' | 'update' | 'remove' | 'aggregate';

export interface CapturedQuery {
  collection: string;
  kind: QueryKind;
  filter: Record<string, unknown>;
  sort: [field: string, direction: 1 | -1][];
  pipeline?: Record<string, unknown>[];
}

const log: CapturedQuery[] = [];

export function recordQuery(query: CapturedQuery): void {
  log.push(query);
}

export function capturedQueries(): readonly CapturedQuery[] {
  return log;
}

/**
 * Every request the SDK sent to the stand-in, in order: each is one network round trip in
 * production (transaction start, each operation inside it and the commit included).
 * bench/round-trips and test/performance/round-trips.test.ts count them per action.
 */
export interface SentRequest {
  api: string;
  collection?: string;
}

const requests: SentRequest[] = [];

export function recordRequest(request: SentRequest): void {
  requests.push(request);
}

/** The requests sent since the last call, and a fresh start. */
export function takeRequests(): SentRequest[] {
  return requests.splice(0, requests.length);
}
