import { fail, ok, type Result } from '../../core/errors/result';
import { addDays, chinaToday, type IsoDate } from '../../core/time/china-date';
import type { Runtime } from '../runtime/runtime';
import { filingContextOf } from '../filing/filing-context';
import { staffOf } from '../filing/staff-directory';
import type { StaffRecord } from '../filing/filing-records';
import { identityContextOf } from '../identity/identity-context';
import { identityService } from '../identity/identity.service';
import { POLICY_CACHE_TTL_MS } from './policy-cache';

/** Rules and calendars change only by admins: staff records with role `admin`. */
export async function adminOf(runtime: Runtime, openid: string | undefined): Promise<Result<StaffRecord>> {
  const staff = await staffOf(filingContextOf(runtime), openid);
  if (!staff.ok) return staff;
  if (staff.data.role !== 'admin') return fail('AUTH.FORBIDDEN');
  return ok(staff.data);
}

export interface VerifiedAdmin {
  staff: StaffRecord;
  /** The verified person behind the account: four eyes are two people, not two accounts. */
  person: string;
}

/** Changing rules or the calendar also needs a verified person (实名), like deciding a filing. */
export async function verifiedAdminOf(runtime: Runtime, openid: string | undefined): Promise<Result<VerifiedAdmin>> {
  const admin = await adminOf(runtime, openid);
  if (!admin.ok) return admin;
  const person = await identityService(identityContextOf(runtime)).selfHashOf(admin.data.id);
  if (!person) return fail('POLICY.ADMIN_NOT_VERIFIED');
  return ok({ staff: admin.data, person });
}

/**
 * The first day a change approved now may take effect: tomorrow, China time — or the day after
 * in the last TTL before midnight, so that every process's cache holds the new version before
 * its first day begins (docs/policy.md).
 */
export function earliestEffectiveDate(now: Date): IsoDate {
  return addDays(chinaToday(new Date(now.getTime() + POLICY_CACHE_TTL_MS)), 1);
}
