import { residentIdCheckChar } from '../../core/identity/resident-id';
import type { FamilyRelationship } from '../../core/identity/family-relationship';
import type { VerifiedPerson } from '../identity/identity-records';

/** A valid number from region, birth date and sequence (odd: male), for made-up demo people. */
function demoIdNumber(region: string, birth: string, sequence: number): string {
  const first17 = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  return `${first17}${residentIdCheckChar(first17)}`;
}

export interface DemoIdentity {
  openid: string;
  self: VerifiedPerson;
  family: (VerifiedPerson & { relationship: FamilyRelationship })[];
}

/**
 * The demo identities of the README, verified as if they had done the face check: two residents
 * (the first with her mother as a family member, so `npm start` shows both cases at once) and the
 * demo staff, whose verified identity keeps them off their own cases. All people are made up.
 */
export const DEMO_IDENTITIES: readonly DemoIdentity[] = [
  {
    openid: 'demo-resident-1',
    self: { name: '张秀英', idNumber: '11010519491231002X' },
    family: [{ name: '王桂兰', idNumber: demoIdNumber('110105', '19250715', 22), relationship: 'mother' }],
  },
  { openid: 'demo-resident-2', self: { name: '李建国', idNumber: demoIdNumber('320505', '19580301', 131) }, family: [] },
  { openid: 'demo-staff-suzhou', self: { name: '陈静', idNumber: demoIdNumber('320508', '19850612', 226) }, family: [] },
  { openid: 'demo-staff-beijing', self: { name: '刘洋', idNumber: demoIdNumber('110108', '19880920', 317) }, family: [] },
  { openid: 'demo-admin', self: { name: '周敏', idNumber: demoIdNumber('110101', '19790405', 428) }, family: [] },
];

export function demoIdentity(openid: string): DemoIdentity {
  const found = DEMO_IDENTITIES.find((d) => d.openid === openid);
  if (!found) throw new Error(`no demo identity ${openid}`);
  return found;
}
