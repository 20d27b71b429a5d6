import fc from 'fast-check';
import { FILING_STATUSES, FINAL_STATUSES, type FilingStatus } from '../../core/filing/filing-status';
import { FILING_TYPES } from '../../core/filing/filing-type';
import {
  FILING_EVENT_TYPES,
  TRANSITIONS,
  transition,
  type Actor,
  type FilingEvent,
  type FilingEventType,
  type FilingState,
} from '../../core/filing/status-machine';
import { resolvePolicy } from '../../core/policy/resolve-policy';

const POLICY = resolvePolicy('320500').values;
const AT = { now: '2026-06-01T10:00:00.000+08:00', today: '2026-06-01' };

const OWNER: Actor = { role: 'resident', id: 'openid-owner' };
const STRANGER: Actor = { role: 'resident', id: 'openid-stranger' };
const PROVINCE_REVIEWER: Actor = { role: 'reviewer', id: 'staff-js', regions: ['320000'] };
const CITY_REVIEWER: Actor = { role: 'reviewer', id: 'staff-sz', regions: ['320500'] };
const OUTSIDE_REVIEWER: Actor = { role: 'reviewer', id: 'staff-bj', regions: ['110000', '320100'] };
const ADMIN: Actor = { role: 'admin', id: 'admin-sz', regions: ['320500'] };
const SYSTEM: Actor = { role: 'system', id: 'sweep' };
const ACTORS = [OWNER, STRANGER, PROVINCE_REVIEWER, CITY_REVIEWER, OUTSIDE_REVIEWER, ADMIN, SYSTEM];

const DECISIONS: readonly FilingEventType[] = ['approve', 'reject', 'return'];

function draft(type: FilingState['type'] = 'other_temporary', overrides: Partial<FilingState> = {}): FilingState {
  return {
    status: 'draft',
    type,
    applicantOpenid: OWNER.id,
    insuredRegion: '320505',
    proofKind: 'commitment',
    endDate: '2026-05-31',
    ...overrides,
  };
}

const reasonArb = fc.constantFrom(undefined, '', '  ', '材料不清晰');

/**
 * A step is either raw (any event by any actor) or guided: an event the current status allows,
 * by an actor whose role may make it. Guided steps let short sequences reach every status.
 */
const stepArb = fc.record({
  guided: fc.boolean(),
  type: fc.constantFrom(...FILING_EVENT_TYPES),
  actor: fc.nat({ max: ACTORS.length - 1 }),
  pick: fc.nat(),
  reason: reasonArb,
});
type Step = typeof stepArb extends fc.Arbitrary<infer S> ? S : never;

function resolveStep(state: FilingState, step: Step): { event: FilingEvent; actor: Actor } {
  let type = step.type;
  let actor = ACTORS[step.actor]!;
  if (step.guided) {
    const possible = FILING_EVENT_TYPES.filter((e) => TRANSITIONS[e].from.includes(state.status));
    if (possible.length > 0) type = possible[step.pick % possible.length]!;
    const able = ACTORS.filter((a) => TRANSITIONS[type].by.includes(a.role));
    actor = able[(step.pick >> 4) % able.length]!;
    return { event: { type, reason: '请补充说明' } as FilingEvent, actor };
  }
  return { event: { type, reason: step.reason } as FilingEvent, actor };
}

const startArb = fc.record({
  type: fc.constantFrom(...FILING_TYPES),
  endDate: fc.constantFrom(undefined, '2026-05-31', '2026-12-31'),
  approvedOn: fc.constantFrom(undefined, '2025-01-01'),
  changeRequest: fc.boolean(),
});

/** Runs the steps, calling `check` on every attempt with the state before it. */
function run(
  start: FilingState,
  steps: readonly Step[],
  check: (before: FilingState, step: { event: FilingEvent; actor: Actor }, result: ReturnType<typeof transition>) => void,
): FilingState {
  let state = start;
  for (const raw of steps) {
    const step = resolveStep(state, raw);
    const result = transition(state, step.event, step.actor, AT, POLICY);
    check(state, step, result);
    if (result.ok) state = result.next;
  }
  return state;
}

describe('status machine (property-based)', () => {
  const sequences = fc.record({ start: startArb, steps: fc.array(stepArb, { maxLength: 40 }) });

  it('never reaches a status outside FILING_STATUSES, and every step follows TRANSITIONS', () => {
    const reached = new Set<FilingStatus>();
    fc.assert(
      fc.property(sequences, ({ start, steps }) => {
        run(draft(start.type, { endDate: start.endDate, approvedOn: start.approvedOn, changeRequest: start.changeRequest }), steps, (before, { event }, result) => {
          if (!result.ok) return;
          const rule = TRANSITIONS[event.type];
          expect(FILING_STATUSES).toContain(result.next.status);
          expect(rule.from).toContain(before.status);
          expect(result.next.status).toBe(rule.to);
          expect(result.record).toEqual(expect.objectContaining({ event: event.type, from: before.status, to: rule.to, at: AT.now }));
          reached.add(result.next.status);
        });
      }),
      { numRuns: 1000 },
    );
    // The sequences are long enough to explore the machine, so the property is not vacuous.
    expect([...reached].sort()).toEqual([...FILING_STATUSES].filter((s) => s !== 'draft').sort());
  });

  it('never decides a filing twice and never leaves a final status', () => {
    fc.assert(
      fc.property(sequences, ({ start, steps }) => {
        let finallyDecided = false;
        run(draft(start.type, { endDate: start.endDate, changeRequest: start.changeRequest }), steps, (before, { event }, result) => {
          if (FINAL_STATUSES.includes(before.status)) expect(result.ok).toBe(false);
          if (DECISIONS.includes(event.type)) {
            if (finallyDecided || ['approved', 'rejected', 'returned'].includes(before.status)) expect(result.ok).toBe(false);
            if (result.ok && event.type !== 'return') finallyDecided = true;
          }
        });
      }),
      { numRuns: 500 },
    );
  });

  it('lets only the listed roles make each transition, and only reviewers of the region', () => {
    fc.assert(
      fc.property(sequences, ({ start, steps }) => {
        run(draft(start.type), steps, (_before, { event, actor }, result) => {
          const allowed = TRANSITIONS[event.type].by.includes(actor.role);
          if (!allowed) expect(result).toEqual({ ok: false, code: 'AUTH.FORBIDDEN' });
          if (actor === OUTSIDE_REVIEWER) {
            expect(result.ok).toBe(false);
            if (allowed) expect(result).toEqual({ ok: false, code: 'AUTH.REGION_NOT_COVERED' });
          }
          if (actor === STRANGER) expect(result.ok).toBe(false);
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe('status machine (the paths of DOMAIN §4)', () => {
  const step = (state: FilingState, event: FilingEvent, actor: Actor) => transition(state, event, actor, AT, POLICY);
  const after = (state: FilingState, ...steps: [FilingEvent, Actor][]): FilingState =>
    steps.reduce((s, [event, actor]) => {
      const result = step(s, event, actor);
      if (!result.ok) throw new Error(`${event.type} by ${actor.id} refused: ${result.code}`);
      return result.next;
    }, state);

  it('goes draft → submitted → in review → approved, recording the approval date', () => {
    const approved = after(draft(), [{ type: 'submit' }, OWNER], [{ type: 'claim' }, CITY_REVIEWER], [{ type: 'approve' }, CITY_REVIEWER]);
    expect(approved).toEqual(expect.objectContaining({ status: 'approved', approvedOn: AT.today, claimedBy: CITY_REVIEWER.id }));
  });

  it('lets one reviewer claim a filing; another cannot claim or decide it', () => {
    const claimed = after(draft(), [{ type: 'submit' }, OWNER], [{ type: 'claim' }, PROVINCE_REVIEWER]);
    expect(step(claimed, { type: 'claim' }, CITY_REVIEWER)).toEqual({ ok: false, code: 'FILING.ALREADY_CLAIMED' });
    expect(step(claimed, { type: 'approve' }, CITY_REVIEWER)).toEqual({ ok: false, code: 'FILING.NOT_CLAIMED_BY_YOU' });
    const released = after(claimed, [{ type: 'release' }, PROVINCE_REVIEWER]);
    expect(released.status).toBe('submitted');
    expect(released.claimedBy).toBeUndefined();
  });

  it('requires a reason to reject, return or cancel, and keeps it in the record', () => {
    const claimed = after(draft(), [{ type: 'submit' }, OWNER], [{ type: 'claim' }, CITY_REVIEWER]);
    expect(step(claimed, { type: 'reject', reason: '  ' }, CITY_REVIEWER)).toEqual({ ok: false, code: 'FILING.REASON_REQUIRED' });
    const returned = step(claimed, { type: 'return', reason: ' 请补充居住证 ' }, CITY_REVIEWER);
    expect(returned).toEqual(expect.objectContaining({ ok: true, record: expect.objectContaining({ reason: '请补充居住证' }) }));
  });

  it('refuses a second decision with FILING.ALREADY_DECIDED', () => {
    const approved = after(draft(), [{ type: 'submit' }, OWNER], [{ type: 'claim' }, CITY_REVIEWER], [{ type: 'approve' }, CITY_REVIEWER]);
    expect(step(approved, { type: 'reject', reason: '重复' }, CITY_REVIEWER)).toEqual({ ok: false, code: 'FILING.ALREADY_DECIDED' });
    expect(step(approved, { type: 'approve' }, CITY_REVIEWER)).toEqual({ ok: false, code: 'FILING.ALREADY_DECIDED' });
    // A colleague's claim that arrives after the decision lost the same race.
    expect(step(approved, { type: 'claim' }, CITY_REVIEWER)).toEqual({ ok: false, code: 'FILING.ALREADY_DECIDED' });
  });

  it('lets the applicant resubmit a returned filing and withdraw before a decision', () => {
    const returned = after(draft(), [{ type: 'submit' }, OWNER], [{ type: 'claim' }, CITY_REVIEWER], [{ type: 'return', reason: '补材料' }, CITY_REVIEWER]);
    const resubmitted = after(returned, [{ type: 'supplement' }, OWNER]);
    expect(resubmitted).toEqual(expect.objectContaining({ status: 'submitted' }));
    expect(resubmitted.claimedBy).toBeUndefined();
    expect(after(resubmitted, [{ type: 'withdraw' }, OWNER]).status).toBe('withdrawn');
    expect(step(resubmitted, { type: 'withdraw' }, STRANGER)).toEqual({ ok: false, code: 'FILING.NOT_FOUND' });
  });

  it('locks cancelling a long-term filing for the policy months after approval', () => {
    const approved: FilingState = { ...draft('long_term_residence'), status: 'approved', approvedOn: '2026-01-15', endDate: undefined };
    expect(step(approved, { type: 'cancel', reason: '回原籍' }, OWNER)).toEqual({ ok: false, code: 'FILING.CHANGE_LOCKED' });
    const later = transition({ ...approved, approvedOn: '2025-12-01' }, { type: 'cancel', reason: '回原籍' }, OWNER, AT, POLICY);
    expect(later.ok && later.next.status).toBe('cancelled');
  });

  it('expires an approved temporary filing only after its end date', () => {
    const approved = (endDate: string): FilingState => ({ ...draft(), status: 'approved' as FilingStatus, endDate });
    expect(step(approved('2026-06-01'), { type: 'expire' }, SYSTEM)).toEqual({ ok: false, code: 'FILING.TRANSITION_NOT_ALLOWED' });
    expect(step(approved('2026-05-31'), { type: 'expire' }, SYSTEM)).toEqual(expect.objectContaining({ ok: true }));
    expect(step(approved('2026-05-31'), { type: 'expire' }, CITY_REVIEWER)).toEqual({ ok: false, code: 'AUTH.FORBIDDEN' });
  });

  describe('closing a change request whose base is gone', () => {
    const request = (status: FilingStatus, overrides: Partial<FilingState> = {}): FilingState => ({ ...draft(), status, changeRequest: true, ...overrides });
    const CLOSE = { type: 'close', reason: '原备案已取消，变更申请随之关闭' } as const;

    it('closes a waiting, claimed or returned change request, by the system only, with its reason', () => {
      for (const status of ['submitted', 'in_review', 'returned'] as const) {
        const closed = step(request(status, { claimedBy: CITY_REVIEWER.id }), CLOSE, SYSTEM);
        expect(closed).toEqual(expect.objectContaining({ ok: true, record: expect.objectContaining({ event: 'close', from: status, to: 'closed', reason: CLOSE.reason }) }));
        // Closed is final and nobody's claim: it leaves the 我在审 tab too.
        expect(closed.ok && closed.next.claimedBy).toBeUndefined();
      }
      for (const actor of [OWNER, CITY_REVIEWER, ADMIN]) expect(step(request('submitted'), CLOSE, actor)).toEqual({ ok: false, code: 'AUTH.FORBIDDEN' });
    });

    it('needs a reason', () => {
      expect(step(request('submitted'), { type: 'close', reason: '  ' }, SYSTEM)).toEqual({ ok: false, code: 'FILING.REASON_REQUIRED' });
    });

    it('closes only change requests, and only before they are decided', () => {
      expect(step({ ...draft(), status: 'submitted' }, CLOSE, SYSTEM)).toEqual({ ok: false, code: 'FILING.TRANSITION_NOT_ALLOWED' });
      for (const status of ['draft', 'approved', 'rejected', 'withdrawn', 'closed'] as const) {
        expect(step(request(status), CLOSE, SYSTEM)).toEqual({ ok: false, code: 'FILING.TRANSITION_NOT_ALLOWED' });
      }
    });

    it('leaves nothing to do on a closed request', () => {
      const closed = after(request('in_review', { claimedBy: CITY_REVIEWER.id }), [CLOSE, SYSTEM]);
      expect(closed.status).toBe('closed');
      expect(step(closed, { type: 'claim' }, CITY_REVIEWER)).toEqual({ ok: false, code: 'FILING.TRANSITION_NOT_ALLOWED' });
      expect(step(closed, { type: 'supplement' }, OWNER)).toEqual({ ok: false, code: 'FILING.TRANSITION_NOT_ALLOWED' });
      expect(step(closed, { type: 'withdraw' }, OWNER)).toEqual({ ok: false, code: 'FILING.TRANSITION_NOT_ALLOWED' });
    });
  });
});
