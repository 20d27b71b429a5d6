import { sortableId } from '../kernel/sortable-id';
import { seedVersion } from '../../core/policy/policy-version';
import { resolvePolicyAt, type ResolvedPolicy } from '../../core/policy/resolve-policy-at';
import type { PolicyVersion } from '../../core/policy/policy-version';
import type { WorkingCalendar } from '../../core/time/working-days';
import { workingDays } from './calendar-modules';
import { chinaTimestamp, dateInWords, type IsoDate } from '../../core/time/china-date';
import { WriteConflict } from '../store/document-store';
import { Collections } from '../filing/filing-records';
import type { Clock } from '../kernel/clock';
import type { PolicyStore } from './policy-store.port';
import {
  POLICY_HEAD_ID,
  versionId,
  type HolidayYearRecord,
  type PolicyAuditRecord,
  type PolicyHeadRecord,
  type PolicyVersionRecord,
} from './policy-records';

/**
 * How long a process trusts what it read before asking the head document again. Approvals
 * must come at least this long before their first day (earliestEffectiveDate), so no process
 * can judge a filing with a cache that misses a version already in force.
 */
export const POLICY_CACHE_TTL_MS = 30_000;

/** Versions per query while (re)loading; CloudBase answers at most 1,000. */
const VERSION_PAGE = 500;

/** What one process knows of the versions and the calendar, and resolutions made from it. */
export interface PolicySnapshot {
  head: PolicyHeadRecord;
  versions: readonly PolicyVersion[];
  years: ReadonlyMap<number, HolidayYearRecord>;
  calendar: WorkingCalendar;
  /** resolvePolicyAt over these versions, memoised (many filings share a region and a day). */
  resolve(region: string, date: IsoDate, upTo?: number): ResolvedPolicy;
}

export interface PolicyCache {
  /** The snapshot, read again only when the TTL ran out and the head moved. */
  current(): Promise<PolicySnapshot>;
  /** This process wrote: the next `current()` asks the head at once. */
  invalidate(): void;
}

const RESOLVED_LIMIT = 10_000;

function snapshotOf(head: PolicyHeadRecord, versions: readonly PolicyVersion[], yearRecords: readonly HolidayYearRecord[]): PolicySnapshot {
  const years = new Map(yearRecords.map((y) => [y.year, y]));
  const resolved = new Map<string, ResolvedPolicy>();
  let calendar: WorkingCalendar | undefined;
  return {
    head,
    versions,
    years,
    // Built on first use: the calendar loads chinese-days (calendar-modules.ts).
    get calendar() {
      calendar ??= workingDays().workingCalendar(yearRecords.map((y) => ({ year: y.year, days: y.days })));
      return calendar;
    },
    resolve(region, date, upTo) {
      const key = `${region}|${date}|${upTo ?? ''}`;
      let hit = resolved.get(key);
      if (!hit) {
        if (resolved.size >= RESOLVED_LIMIT) resolved.clear();
        hit = resolvePolicyAt(region, date, versions, upTo);
        resolved.set(key, hit);
      }
      return hit;
    },
  };
}

function asVersion(record: PolicyVersionRecord): PolicyVersion {
  return { number: record.number, effectiveFrom: record.effectiveFrom, rules: record.rules };
}

/**
 * Writes version 1 (the seeded table) and the head once per deployment; a concurrent seeder's
 * batch makes this one's fail, which is fine: either way the store then holds version 1.
 */
export async function ensurePolicySeeded(store: PolicyStore, clock: Clock): Promise<void> {
  if (await store.get<PolicyHeadRecord>(Collections.policyHead, POLICY_HEAD_ID)) return;
  const at = chinaTimestamp(clock.now());
  const seed = seedVersion();
  const version: PolicyVersionRecord = { id: versionId(1), version: 1, ...seed, approvedBy: 'system', approvedAt: at };
  const head: PolicyHeadRecord = { id: POLICY_HEAD_ID, version: 1, latestVersion: 1, calendarRevision: 0, updatedAt: at };
  const audit: PolicyAuditRecord = {
    id: sortableId(), event: 'policy_seeded', actorRole: 'system', actorId: 'seed', at,
    detail: `第1版：内置政策表，${seed.rules.length}条规定，自${dateInWords(seed.effectiveFrom)}起`, policyVersion: 1,
  };
  try {
    await store.commit([
      { kind: 'create', collection: Collections.policyVersions, doc: version },
      { kind: 'create', collection: Collections.policyHead, doc: head },
      { kind: 'create', collection: Collections.policyAudit, doc: audit },
    ]);
  } catch (error) {
    if (!(error instanceof WriteConflict)) throw error;
  }
}

/**
 * The per-process cache of the hot path: submit, decisions, policy.check and policy.get
 * resolve from memory; after the TTL one read of the head tells whether anything changed, and
 * only then are the new versions (immutable, so only those above the last known) and, if the
 * calendar moved, the years read. Concurrent callers share one refresh.
 */
export function createPolicyCache(store: PolicyStore, clock: Clock, ttlMs = POLICY_CACHE_TTL_MS): PolicyCache {
  let snapshot: PolicySnapshot | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let refreshing: Promise<PolicySnapshot> | undefined;

  async function loadVersionsAfter(number: number): Promise<PolicyVersion[]> {
    const out: PolicyVersion[] = [];
    let after = number;
    for (;;) {
      const batch = await store.versionsAfter(after, VERSION_PAGE);
      out.push(...batch.map(asVersion));
      if (batch.length < VERSION_PAGE) return out;
      after = batch[batch.length - 1]!.number;
    }
  }

  async function refresh(): Promise<PolicySnapshot> {
    let head = await store.get<PolicyHeadRecord>(Collections.policyHead, POLICY_HEAD_ID);
    if (!head) {
      await ensurePolicySeeded(store, clock);
      head = await store.get<PolicyHeadRecord>(Collections.policyHead, POLICY_HEAD_ID);
      if (!head) throw new Error('policy head missing after seeding');
    }
    const previous = snapshot;
    if (previous && previous.head.version === head.version) return previous;
    const versions = previous && head.latestVersion >= previous.head.latestVersion
      ? [...previous.versions, ...(await loadVersionsAfter(previous.head.latestVersion))]
      : await loadVersionsAfter(0);
    const years = previous && previous.head.calendarRevision === head.calendarRevision
      ? [...previous.years.values()]
      : await store.holidayYears();
    return snapshotOf(head, versions, years);
  }

  return {
    async current() {
      const now = clock.now().getTime();
      // abs: a test clock set back must not make a stale snapshot look fresh for ever.
      if (snapshot && Math.abs(now - checkedAt) < ttlMs) return snapshot;
      refreshing ??= refresh().then(
        (next) => {
          snapshot = next;
          checkedAt = clock.now().getTime();
          refreshing = undefined;
          return next;
        },
        (error: unknown) => {
          refreshing = undefined;
          throw error;
        },
      );
      return refreshing;
    },
    invalidate() {
      checkedAt = Number.NEGATIVE_INFINITY;
    },
  };
}
