import { checkFiling, type FilingCheck } from '../../core/filing/check-filing';
import type { FilingInput } from '../../core/filing/filing-input.schema';
import { FILING_TYPES, FILING_TYPE_RULES, type FilingType } from '../../core/filing/filing-type';
import type { PolicyValues } from '../../core/policy/policy-values';
import { resolvePolicy } from '../../core/policy/resolve-policy';
import { makeResidentId } from '../support/resident-ids';
import { EXAMPLE_FILING } from '../support/example-filing';

const TODAY = '2026-06-01';
const NATIONAL = resolvePolicy('650100').values;

const EXAMPLE = EXAMPLE_FILING;

const DOCUMENTS: FilingInput['proof'] = { kind: 'documents', fileIds: ['cloud://env/proof-1.jpg'] };

/** A complete, acceptable filing of each type (insured in Suzhou, treated in Shenzhen). */
function filingOf(type: FilingType, overrides: Partial<FilingInput> = {}): FilingInput {
  const base: FilingInput = { ...EXAMPLE, type, startDate: TODAY, proof: type === 'other_temporary' ? EXAMPLE.proof : DOCUMENTS };
  delete base.residenceAddress;
  for (const field of FILING_TYPE_RULES[type].requiredFields) {
    if (field === 'residenceAddress') base.residenceAddress = EXAMPLE.residenceAddress;
    if (field === 'hospital') base.hospital = { code: 'H44030000001', name: '深圳市人民医院' };
    if (field === 'diagnosis') base.diagnosis = '急性心肌梗死';
    if (field === 'admissionDate') base.admissionDate = TODAY;
  }
  return { ...base, ...overrides };
}

function check(input: FilingInput, policy: PolicyValues = resolvePolicy(input.insuredRegion).values, regionExists?: (c: string) => boolean): FilingCheck {
  return checkFiling(input, { policy, today: TODAY, regionExists });
}

function refusal(result: FilingCheck) {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.filing)}`);
  return result.error;
}

describe('checkFiling', () => {
  it('accepts the example of the issue as it is, with no end date (long-term)', () => {
    const result = check(EXAMPLE);
    expect(result).toEqual({ ok: true, filing: EXAMPLE });
  });

  it('accepts a complete filing of every type', () => {
    for (const type of FILING_TYPES) expect(check(filingOf(type)).ok).toBe(true);
  });

  it('refuses insured and treatment regions in the same province', () => {
    const error = refusal(check({ ...EXAMPLE, treatmentRegion: '320100' }));
    expect(error.code).toBe('REGION.SAME_PROVINCE');
    expect(error.fields?.treatmentRegion).toMatch(/同一省份/);
    expect(error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses a district as the treatment region: filings go to a province or city', () => {
    const error = refusal(check({ ...EXAMPLE, treatmentRegion: '440305' }));
    expect(error.code).toBe('REGION.TREATMENT_LEVEL');
    expect(error.fields).toHaveProperty('treatmentRegion');
    expect(check({ ...EXAMPLE, treatmentRegion: '440000' }).ok).toBe(true);
  });

  it('refuses regions the division table does not know, when the server can ask it', () => {
    const error = refusal(check({ ...EXAMPLE, insuredRegion: '329900' }, NATIONAL, (code) => code !== '329900'));
    expect(error.code).toBe('REGION.UNKNOWN');
    expect(error.fields).toHaveProperty('insuredRegion');
  });

  it('requires the fields of each type', () => {
    for (const type of FILING_TYPES) {
      for (const field of FILING_TYPE_RULES[type].requiredFields) {
        const input = filingOf(type);
        delete input[field];
        const error = refusal(check(input));
        expect(error.code).toBe('FILING.FIELD_REQUIRED');
        expect(error.fields?.[field]).toMatch(/^请/);
      }
    }
  });

  it('refuses a commitment where the type or the policy wants documents', () => {
    for (const type of ['retired_resettled', 'referral', 'emergency'] as const) {
      const error = refusal(check(filingOf(type, { proof: EXAMPLE.proof })));
      expect(error.code).toBe('FILING.TYPE_NEEDS_PROOF');
      expect(error.fields?.proof).toContain(FILING_TYPE_RULES[type].documents[0]);
    }
    const strict: PolicyValues = { ...NATIONAL, 'commitment.long_term_residence': false };
    expect(refusal(check(EXAMPLE, strict)).code).toBe('FILING.TYPE_NEEDS_PROOF');
    const lenient: PolicyValues = { ...NATIONAL, 'commitment.retired_resettled': true };
    expect(check(filingOf('retired_resettled', { proof: EXAMPLE.proof }), lenient).ok).toBe(true);
    const noCommitment: PolicyValues = { ...NATIONAL, 'commitment.other_temporary': false };
    expect(refusal(check(filingOf('other_temporary'), noCommitment)).code).toBe('FILING.COMMITMENT_NOT_ALLOWED');
  });

  it('refuses documents for other temporary filings, which go by commitment only', () => {
    const error = refusal(check(filingOf('other_temporary', { proof: DOCUMENTS })));
    expect(error.code).toBe('FILING.COMMITMENT_REQUIRED');
    expect(error.fields?.proof).toContain('承诺');
  });

  it('fills in the end date of a temporary filing from the insured region policy', () => {
    const national = check(filingOf('other_temporary', { insuredRegion: '650100', startDate: '2026-07-01' }));
    expect(national).toEqual({ ok: true, filing: expect.objectContaining({ endDate: '2026-12-31' }) });
    const suzhou = check(filingOf('other_temporary', { startDate: '2026-07-01' }));
    expect(suzhou).toEqual({ ok: true, filing: expect.objectContaining({ endDate: '2027-06-30' }) });
    const guangdong = check(filingOf('emergency', { insuredRegion: '440100', treatmentRegion: '110000' }));
    expect(guangdong).toEqual({ ok: true, filing: expect.objectContaining({ endDate: '2026-06-10' }) });
  });

  it('checks a given temporary end date against the validity period', () => {
    expect(check(filingOf('other_temporary', { startDate: '2026-07-01', endDate: '2027-06-30' })).ok).toBe(true);
    const tooLate = refusal(check(filingOf('other_temporary', { startDate: '2026-07-01', endDate: '2027-07-01' })));
    expect(tooLate.code).toBe('FILING.END_DATE_OUT_OF_RANGE');
    expect(tooLate.fields?.endDate).toContain('2027年6月30日');
    const beforeStart = refusal(check(filingOf('other_temporary', { startDate: '2026-07-01', endDate: '2026-06-30' })));
    expect(beforeStart.code).toBe('FILING.DATE_INVALID');
    const past = refusal(check(filingOf('other_temporary', { startDate: '2026-05-01', endDate: '2026-05-31' })));
    expect(past.fields).toHaveProperty('endDate');
    const expired = refusal(check(filingOf('emergency', { insuredRegion: '440100', treatmentRegion: '110000', startDate: '2026-05-01', admissionDate: '2026-05-31' })));
    expect(expired.fields).toHaveProperty('startDate');
  });

  it('refuses an end date on a long-term filing, and a start more than a year ahead', () => {
    expect(refusal(check({ ...EXAMPLE, endDate: '2027-12-01' })).fields).toHaveProperty('endDate');
    const farAhead = refusal(check({ ...EXAMPLE, startDate: '2027-06-02' }));
    expect(farAhead.code).toBe('FILING.DATE_INVALID');
    expect(farAhead.fields).toHaveProperty('startDate');
  });

  it('applies the emergency filing deadline: Hunan 3 days, Dongguan 10, none nationally', () => {
    const emergency = (insuredRegion: string, admissionDate: string) =>
      check(filingOf('emergency', { insuredRegion, treatmentRegion: '110000', admissionDate }));
    expect(emergency('430100', '2026-05-29').ok).toBe(true);
    const hunanLate = refusal(emergency('430100', '2026-05-28'));
    expect(hunanLate.code).toBe('FILING.EMERGENCY_DEADLINE_PASSED');
    expect(hunanLate.fields?.admissionDate).toContain('3天');
    expect(emergency('441900', '2026-05-22').ok).toBe(true);
    expect(refusal(emergency('441900', '2026-05-21')).fields?.admissionDate).toContain('10天');
    expect(emergency('650100', '2026-01-02').ok).toBe(true);
    expect(refusal(emergency('430100', '2026-06-02')).code).toBe('FILING.DATE_INVALID');
  });

  it('refuses an agent who is the applicant, accepts another person', () => {
    const agent = { name: '张四', idNumber: EXAMPLE.applicant.idNumber, phone: '13900139000', relationship: '子女' };
    const error = refusal(check({ ...EXAMPLE, agent }));
    expect(error.code).toBe('FILING.AGENT_IS_APPLICANT');
    expect(error.fields).toHaveProperty(['agent.idNumber']);
    expect(check({ ...EXAMPLE, agent: { ...agent, idNumber: makeResidentId('110105', '19800101', 11) } }).ok).toBe(true);
  });

  it('names every wrong field at once, the first rule giving the code', () => {
    const error = refusal(check(filingOf('referral', { treatmentRegion: '320505', proof: EXAMPLE.proof, diagnosis: undefined })));
    expect(error.code).toBe('REGION.SAME_PROVINCE');
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(['diagnosis', 'proof', 'treatmentRegion']);
  });
});
