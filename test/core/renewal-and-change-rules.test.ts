import { checkHistory, type PastFiling } from '../../core/filing/check-history';
import { isContactChange } from '../../core/filing/change-rules';
import { renewalWindow } from '../../core/filing/renewal';
import { TIMELINE_LABELS, timelineLabel } from '../../core/filing/timeline-labels';
import { FILING_EVENT_TYPES } from '../../core/filing/status-machine';
import { resolvePolicy } from '../../core/policy/resolve-policy';

const policy = resolvePolicy('320500').values;

describe('续期 window', () => {
  it('opens the policy\'s days before the end and starts the renewal the day after', () => {
    expect(policy['renewal.reminderDays']).toBe(30);
    expect(renewalWindow({ type: 'referral', status: 'approved', endDate: '2026-12-31' }, policy)).toEqual({ opensOn: '2026-12-01', startDate: '2027-01-01' });
    expect(renewalWindow({ type: 'other_temporary', status: 'approved', endDate: '2026-03-01' }, { ...policy, 'renewal.reminderDays': 10 })).toEqual({ opensOn: '2026-02-19', startDate: '2026-03-02' });
  });

  it('is only for approved filings of the renewable temporary types', () => {
    expect(renewalWindow({ type: 'emergency', status: 'approved', endDate: '2026-12-31' }, policy)).toBeUndefined();
    expect(renewalWindow({ type: 'long_term_residence', status: 'approved' }, policy)).toBeUndefined();
    expect(renewalWindow({ type: 'referral', status: 'submitted', endDate: '2026-12-31' }, policy)).toBeUndefined();
  });
});

describe('history rules and renewals', () => {
  const active: PastFiling = { id: 'old', type: 'referral', status: 'approved', treatmentProvince: '440000', proofKind: 'documents', approvedOn: '2026-06-01', endDate: '2026-12-31' };
  const next = { type: 'referral' as const, treatmentProvince: '440000', proofKind: 'documents' as const };

  it('lets the renewal of an active filing through when it starts after that one ends', () => {
    expect(checkHistory({ ...next, renewalOf: 'old', startDate: '2027-01-01' }, [active], policy, '2026-12-10')).toBeNull();
  });

  it('is still a duplicate when it overlaps, continues another filing, or is no renewal at all', () => {
    expect(checkHistory({ ...next, renewalOf: 'old', startDate: '2026-12-31' }, [active], policy, '2026-12-10')?.code).toBe('FILING.DUPLICATE_ACTIVE');
    expect(checkHistory({ ...next, renewalOf: 'other', startDate: '2027-01-01' }, [active], policy, '2026-12-10')?.code).toBe('FILING.DUPLICATE_ACTIVE');
    expect(checkHistory(next, [active], policy, '2026-12-10')?.code).toBe('FILING.DUPLICATE_ACTIVE');
  });
});

describe('change rules', () => {
  it('counts a new phone or address as a contact change, never held by the long-term lock', () => {
    expect(isContactChange({ phone: '13900139000' })).toBe(true);
    expect(isContactChange({ phone: '13900139000', residenceAddress: '深圳市福田区1号' })).toBe(true);
    expect(isContactChange({ phone: '13900139000', hospital: { name: '深圳市人民医院' } })).toBe(false);
    expect(isContactChange({ hospital: undefined, phone: '13900139000' })).toBe(true);
    expect(isContactChange({})).toBe(false);
  });
});

describe('timeline words', () => {
  it('names every event in words, and a change request\'s submission as what it is', () => {
    for (const event of FILING_EVENT_TYPES) expect(TIMELINE_LABELS[event]).toMatch(/^[\u4e00-\u9fff，]+$/);
    expect(timelineLabel('submit', false)).toBe('提交申请');
    expect(timelineLabel('submit', true)).toBe('提交变更申请');
    expect(timelineLabel('claim', true)).toBe('开始审核');
    expect(Object.values(TIMELINE_LABELS).some((label) => label.includes('→'))).toBe(false);
  });
});
