import type { FilingInput } from '../../core/filing/filing-input.schema';
import { demoIdentity } from '../../server/demo/demo-identities';

/** The FilingInput example of the foundation issue (API v1): Suzhou → Shenzhen, long-term, commitment. */
export const EXAMPLE_FILING: FilingInput = {
  type: 'long_term_residence',
  applicant: { name: '张秀英', idNumber: '11010519491231002X', phone: '13800138000' },
  insuredRegion: '320500',
  insuranceType: 'employee',
  treatmentRegion: '440300',
  startDate: '2026-12-01',
  residenceAddress: '广东省深圳市南山区科技园路1号',
  proof: { kind: 'commitment', accepted: true },
};

/** The example with some fields replaced, as a plain payload (overrides may be deliberately wrong). */
export function exampleFiling(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...EXAMPLE_FILING, ...over };
}

/** The example filed by another person (another ID number). */
export function exampleFilingFor(idNumber: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return exampleFiling({ applicant: { ...EXAMPLE_FILING.applicant, idNumber }, ...over });
}

/** The example (with `over`) filed by a demo identity for its own verified self. */
export function exampleFilingOf(openid: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  const { self } = demoIdentity(openid);
  return exampleFiling({ ...over, applicant: { ...EXAMPLE_FILING.applicant, name: self.name, idNumber: self.idNumber } });
}
