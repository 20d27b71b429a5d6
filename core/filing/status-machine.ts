import type { ErrorCode } from '../errors/error-code';
import { regionCovers } from '../region/region-code';
import { addMonths, type IsoDate } from '../time/china-date';
import type { PolicyValues } from '../policy/policy-values';
import { isLongTerm, type FilingType } from './filing-type';
import type { FilingStatus } from './filing-status';

export type ActorRole = 'resident' | 'reviewer' | 'admin' | 'system';

export interface Actor {
  role: ActorRole;
  /** openid for people, a job name for the system. */
  id: string;
  /** Regions a reviewer or admin covers (province covers its cities). */
  regions?: readonly string[];
}

/** What the machine needs to know of a filing. */
export interface FilingState {
  status: FilingStatus;
  type: FilingType;
  applicantOpenid: string;
  insuredRegion: string;
  proofKind: 'commitment' | 'documents';
  claimedBy?: string;
  /** Date of approval (China), for the change/cancel lock of long-term filings. */
  approvedOn?: IsoDate;
  endDate?: IsoDate;
  /** A change request (`changeOf` set): only such a filing can be closed when its base is gone. */
  changeRequest?: boolean;
}

export type FilingEvent =
  | { type: 'submit' }
  | { type: 'approveInstantly' }
  | { type: 'claim' }
  | { type: 'release' }
  | { type: 'approve'; reason?: string }
  | { type: 'reject'; reason: string }
  | { type: 'return'; reason: string }
  | { type: 'supplement' }
  | { type: 'withdraw'; reason?: string }
  | { type: 'cancel'; reason: string }
  | { type: 'expire' }
  | { type: 'supersede' }
  | { type: 'close'; reason: string };

export type FilingEventType = FilingEvent['type'];

export const FILING_EVENT_TYPES: readonly FilingEventType[] = [
  'submit', 'approveInstantly', 'claim', 'release', 'approve', 'reject', 'return',
  'supplement', 'withdraw', 'cancel', 'expire', 'supersede', 'close',
];

interface TransitionRule {
  from: readonly FilingStatus[];
  to: FilingStatus;
  /** Who may make it. */
  by: readonly ActorRole[];
}

/** Every transition of DOMAIN §4 and who may make it; anything not here is refused. */
export const TRANSITIONS: Readonly<Record<FilingEventType, TransitionRule>> = {
  submit: { from: ['draft'], to: 'submitted', by: ['resident'] },
  approveInstantly: { from: ['submitted'], to: 'approved', by: ['system'] },
  claim: { from: ['submitted'], to: 'in_review', by: ['reviewer', 'admin'] },
  release: { from: ['in_review'], to: 'submitted', by: ['reviewer', 'admin'] },
  approve: { from: ['in_review'], to: 'approved', by: ['reviewer', 'admin'] },
  reject: { from: ['in_review'], to: 'rejected', by: ['reviewer', 'admin'] },
  return: { from: ['in_review'], to: 'returned', by: ['reviewer', 'admin'] },
  supplement: { from: ['returned'], to: 'submitted', by: ['resident'] },
  withdraw: { from: ['submitted', 'in_review', 'returned'], to: 'withdrawn', by: ['resident'] },
  cancel: { from: ['approved'], to: 'cancelled', by: ['resident'] },
  expire: { from: ['approved'], to: 'expired', by: ['system'] },
  supersede: { from: ['approved'], to: 'superseded', by: ['system'] },
  // A change request whose base filing is cancelled, expired or superseded has nothing left to change.
  close: { from: ['submitted', 'in_review', 'returned'], to: 'closed', by: ['system'] },
};

const DECISIONS: readonly FilingEventType[] = ['approve', 'reject', 'return'];
const DECIDED: readonly FilingStatus[] = ['approved', 'rejected', 'returned'];

export interface TransitionRecord {
  event: FilingEventType;
  from: FilingStatus;
  to: FilingStatus;
  actor: Actor;
  at: string;
  reason?: string;
}

export type TransitionResult =
  | { ok: true; next: FilingState; record: TransitionRecord }
  | { ok: false; code: ErrorCode };

function refuse(code: ErrorCode): TransitionResult {
  return { ok: false, code };
}

function reasonOf(event: FilingEvent): string | undefined {
  return 'reason' in event ? event.reason?.trim() || undefined : undefined;
}

/**
 * The status machine as one pure function: the next state, or a coded refusal.
 * `now` is the instant (ISO, China offset); `today` its China date.
 */
export function transition(
  filing: FilingState,
  event: FilingEvent,
  actor: Actor,
  at: { now: string; today: IsoDate },
  policy: PolicyValues,
): TransitionResult {
  const rule = TRANSITIONS[event.type];
  if (!rule.by.includes(actor.role)) return refuse('AUTH.FORBIDDEN');

  if (actor.role === 'resident' && filing.applicantOpenid !== actor.id) return refuse('FILING.NOT_FOUND');
  if (actor.role === 'reviewer' || actor.role === 'admin') {
    const covered = (actor.regions ?? []).some((scope) => regionCovers(scope, filing.insuredRegion));
    if (!covered) return refuse('AUTH.REGION_NOT_COVERED');
  }

  if (!rule.from.includes(filing.status)) {
    // A claim that arrives after a colleague's decision is a late loser of the same race: it
    // hears that the case is decided, not that the state forbids it.
    if ((DECISIONS.includes(event.type) || event.type === 'claim') && DECIDED.includes(filing.status)) return refuse('FILING.ALREADY_DECIDED');
    if (event.type === 'claim' && filing.status === 'in_review') return refuse('FILING.ALREADY_CLAIMED');
    return refuse('FILING.TRANSITION_NOT_ALLOWED');
  }

  if ((DECISIONS.includes(event.type) || event.type === 'release') && filing.claimedBy !== actor.id) {
    return refuse('FILING.NOT_CLAIMED_BY_YOU');
  }
  const reason = reasonOf(event);
  if (event.type === 'close' && !filing.changeRequest) return refuse('FILING.TRANSITION_NOT_ALLOWED');
  if ((event.type === 'reject' || event.type === 'return' || event.type === 'cancel' || event.type === 'close') && !reason) {
    return refuse('FILING.REASON_REQUIRED');
  }
  if (event.type === 'cancel' && isLongTerm(filing.type) && filing.approvedOn) {
    const lockedUntil = addMonths(filing.approvedOn, policy['change.longTermLockMonths']);
    if (at.today < lockedUntil) return refuse('FILING.CHANGE_LOCKED');
  }
  if (event.type === 'expire' && !(filing.endDate !== undefined && filing.endDate < at.today)) {
    return refuse('FILING.TRANSITION_NOT_ALLOWED');
  }

  const next: FilingState = { ...filing, status: rule.to };
  if (event.type === 'claim') next.claimedBy = actor.id;
  if (event.type === 'release' || event.type === 'supplement' || event.type === 'close') delete next.claimedBy;
  if (rule.to === 'approved') next.approvedOn = at.today;

  const record: TransitionRecord = { event: event.type, from: filing.status, to: rule.to, actor, at: at.now };
  if (reason) record.reason = reason;
  return { ok: true, next, record };
}

/** The date until which a long-term filing cannot be changed or cancelled. */
export function changeLockedUntil(filing: FilingState, policy: PolicyValues): IsoDate | undefined {
  if (!isLongTerm(filing.type) || !filing.approvedOn) return undefined;
  return addMonths(filing.approvedOn, policy['change.longTermLockMonths']);
}
