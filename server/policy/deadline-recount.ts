import { chinaTimestamp, dateInWords } from '../../core/time/china-date';
import { sortableId } from '../kernel/sortable-id';
import { WriteConflict } from '../store/document-store';
import { Collections, type AuditRecord, type FilingRecord, type ReviewClock } from '../filing/filing-records';
import type { Runtime } from '../runtime/runtime';
import { policyContextOf } from './policy-context';
import { deadlineFields, rulesOfFiling } from './rules-in-force';
import { POLICY_CACHE_TTL_MS, type PolicySnapshot } from './policy-cache';
import { holidayYearId, type HolidayYearRecord, type PolicyAuditRecord } from './policy-records';

/** Filings recounted inline by a calendar load; the scheduled pass finishes larger loads. */
export const RECOUNT_BUDGET = 2_000;
const PAGE = 100;

const OPEN = new Set(['submitted', 'in_review']);

function sameYears(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  return (a ?? []).join(',') === (b ?? []).join(',');
}

/**
 * Recounts one open filing's deadline under the calendar now known. The new deadline, its
 * count and an audit row commit together, from the version read (a concurrent claim or
 * decision wins, and the recount reads again). Returns whether the filing changed.
 */
async function recountOne(runtime: Runtime, snapshot: PolicySnapshot, first: FilingRecord, year: number): Promise<boolean> {
  const { store } = policyContextOf(runtime);
  let filing: FilingRecord | undefined = first;
  for (let attempt = 0; attempt < 3 && filing; attempt++) {
    if (!OPEN.has(filing.status) || !filing.reviewDeadline) return false;
    const clock: ReviewClock = filing.reviewClock
      ?? { from: filing.submittedAt.slice(0, 10), workingDays: (await rulesOfFiling(runtime, filing)).values['review.workingDays'] };
    const next = deadlineFields(snapshot.calendar, clock.from, clock.workingDays);
    if (next.reviewDeadline === filing.reviewDeadline && sameYears(next.reviewClock?.weekendsOnlyYears, filing.reviewClock?.weekendsOnlyYears)) return false;
    const at = chinaTimestamp(runtime.clock.now());
    const after: FilingRecord = { ...filing, ...next, version: filing.version + 1, updatedAt: at };
    const reason = next.reviewDeadline === filing.reviewDeadline
      ? `${year}年节假日安排已导入，审核期限${dateInWords(next.reviewDeadline!)}不变`
      : `${year}年节假日安排已导入，审核期限由${dateInWords(filing.reviewDeadline)}调整为${dateInWords(next.reviewDeadline!)}`;
    const audit: AuditRecord = { id: sortableId(), filingId: filing.id, event: 'deadline_recomputed', actorRole: 'system', actorId: 'holiday-calendar', at, reason };
    try {
      await store.commit([
        { kind: 'update', collection: Collections.filings, doc: after, expectedVersion: filing.version },
        { kind: 'create', collection: Collections.audit, doc: audit },
      ]);
      return true;
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
      filing = await store.get<FilingRecord>(Collections.filings, filing.id);
    }
  }
  return false;
}

export interface RecountReport {
  recounted: number;
  done: boolean;
}

/**
 * Recounts the deadline of every open filing that a schedule for `year` can move: those due
 * on or after 1 January of that year (a count ending earlier never reached it). Idempotent, so
 * it can resume anywhere; when it has seen them all, more than a cache TTL after the load, the
 * year is marked recounted.
 */
export async function recountDeadlines(runtime: Runtime, year: number, budget = RECOUNT_BUDGET): Promise<RecountReport> {
  const { store, cache } = policyContextOf(runtime);
  // Never recount with a cached calendar older than the load being finished.
  cache.invalidate();
  const snapshot = await cache.current();
  let cursor: string | undefined;
  let seen = 0;
  let recounted = 0;
  do {
    const page = await store.openFilingsDueFrom(`${year}-01-01`, cursor, Math.min(PAGE, budget - seen));
    for (const filing of page.items) {
      seen += 1;
      if (await recountOne(runtime, snapshot, filing, year)) recounted += 1;
    }
    cursor = page.nextCursor;
  } while (cursor && seen < budget);
  const done = !cursor;
  if (done) await markRecounted(runtime, year, recounted);
  runtime.log.info('policy.deadlines_recounted', { year, seen, recounted, done });
  return { recounted, done };
}

async function markRecounted(runtime: Runtime, year: number, recounted: number): Promise<void> {
  const { store } = policyContextOf(runtime);
  const record = await store.get<HolidayYearRecord>(Collections.holidayYears, holidayYearId(year));
  if (!record || !record.recomputePending) return;
  // Another process may still count with its cached calendar for up to the TTL after the load:
  // only a recount that starts later is final, so until then the scheduled pass recounts again.
  if (runtime.clock.now().getTime() - Date.parse(record.loadedAt) <= POLICY_CACHE_TTL_MS) return;
  const at = chinaTimestamp(runtime.clock.now());
  const audit: PolicyAuditRecord = {
    id: sortableId(), event: 'deadlines_recomputed', actorRole: 'system', actorId: 'holiday-calendar', at, year,
    detail: `按${year}年节假日安排重新核定了未办结备案的审核期限，${recounted}条有变化`,
  };
  const finished: HolidayYearRecord = { ...record, version: record.version + 1, recomputePending: false };
  try {
    await store.commit([
      { kind: 'update', collection: Collections.holidayYears, doc: finished, expectedVersion: record.version },
      { kind: 'create', collection: Collections.policyAudit, doc: audit },
    ]);
  } catch (error) {
    // The year was loaded again meanwhile: that load recounts under its own schedule.
    if (!(error instanceof WriteConflict)) throw error;
  }
}

/** The scheduled pass: finish any year whose recount a load (or a crash) left unfinished. */
export async function resumeDeadlineRecounts(runtime: Runtime): Promise<number> {
  // Read fresh, not from the cache: marking a year done does not move the head.
  const years = await policyContextOf(runtime).store.holidayYears();
  let recounted = 0;
  for (const record of years) {
    if (record.recomputePending) recounted += (await recountDeadlines(runtime, record.year)).recounted;
  }
  return recounted;
}
