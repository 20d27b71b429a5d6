import { policyBasisOf } from '../../core/policy/policy-basis';
import type { ResolvedPolicy } from '../../core/policy/resolve-policy-at';
import type { PolicyValues } from '../../core/policy/policy-values';
import type { FilingType } from '../../core/filing/filing-type';
import type { WorkingCalendar } from '../../core/time/working-days';
import type * as WorkingDaysModule from '../../core/time/working-days';
import { workingDays as workingDaysModule } from './calendar-modules';
import type { IsoDate } from '../../core/time/china-date';
import type { Runtime } from '../runtime/runtime';
import type { FilingRecord, ReviewClock } from '../filing/filing-records';
import { policyContextOf } from './policy-context';

/** The fields of a filing that hold its review deadline and how it was counted. */
export type DeadlineFields = Pick<FilingRecord, 'reviewDeadline' | 'reviewClock'>;

/** What a new filing records about its judgement, in one spread: the version and the deadline. */
export type JudgedFields = DeadlineFields & Pick<FilingRecord, 'policyBasis'>;

/**
 * The rules a filing service judges with: the resolved values, and the record-keeping that
 * goes with them. Everything here is computed from the process's cached snapshot.
 */
export interface RulesInForce {
  values: PolicyValues;
  resolved: ResolvedPolicy;
  /** For a filing submitted on the day these rules were resolved for: its basis and deadline. */
  judgedUnder(type: FilingType, proofKind: 'commitment' | 'documents'): JudgedFields;
  /** A review deadline counted from `from` with these rules' working days (a supplement restarts it). */
  deadlineFrom(from: IsoDate): DeadlineFields;
}

type Counted = ReturnType<typeof WorkingDaysModule.countWorkingDays>;

/**
 * Counted deadlines per calendar snapshot: every submit of a day counts the same days from the
 * same date, one calendar lookup per day counted. A new snapshot (a calendar change) is a new
 * key, so nothing stale is served; a few thousand entries at most, then it starts over.
 */
const countedByCalendar = new WeakMap<WorkingCalendar, Map<string, Counted>>();

function countOnce(calendar: WorkingCalendar, from: IsoDate, workingDays: number): Counted {
  let counted = countedByCalendar.get(calendar);
  if (!counted) {
    counted = new Map();
    countedByCalendar.set(calendar, counted);
  }
  const key = `${from}|${workingDays}`;
  let result = counted.get(key);
  if (!result) {
    if (counted.size >= 4096) counted.clear();
    result = workingDaysModule().countWorkingDays(from, workingDays, calendar);
    counted.set(key, result);
  }
  return result;
}

export function deadlineFields(calendar: WorkingCalendar, from: IsoDate, workingDays: number): DeadlineFields {
  const counted = countOnce(calendar, from, workingDays);
  const reviewClock: ReviewClock = { from, workingDays };
  if (counted.weekendsOnlyYears.length > 0) reviewClock.weekendsOnlyYears = [...counted.weekendsOnlyYears];
  return { reviewDeadline: counted.date, reviewClock };
}

function rulesOf(resolved: ResolvedPolicy, calendar: WorkingCalendar): RulesInForce {
  const deadlineFrom = (from: IsoDate) => deadlineFields(calendar, from, resolved.values['review.workingDays']);
  return {
    values: resolved.values,
    resolved,
    judgedUnder: (type, proofKind) => ({ ...deadlineFrom(resolved.asOf), policyBasis: policyBasisOf(resolved, type, proofKind) }),
    deadlineFrom,
  };
}

/** The rules in force for `region` on `date` (China time): what a new submission is judged by. */
export async function rulesInForce(runtime: Runtime, region: string, date: IsoDate): Promise<RulesInForce> {
  const snapshot = await policyContextOf(runtime).cache.current();
  return rulesOf(snapshot.resolve(region, date), snapshot.calendar);
}

/**
 * The rules an existing filing was judged under, replayed from its recorded version and day;
 * a filing stored before versions existed is judged by its submission day.
 */
export async function rulesOfFiling(runtime: Runtime, filing: Pick<FilingRecord, 'insuredRegion' | 'policyBasis' | 'submittedAt'>): Promise<RulesInForce> {
  const snapshot = await policyContextOf(runtime).cache.current();
  const basis = filing.policyBasis;
  const resolved = basis
    ? snapshot.resolve(filing.insuredRegion, basis.asOf, basis.version)
    : snapshot.resolve(filing.insuredRegion, filing.submittedAt.slice(0, 10));
  return rulesOf(resolved, snapshot.calendar);
}
