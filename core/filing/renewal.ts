import { addDays, type IsoDate } from '../time/china-date';
import type { PolicyValues } from '../policy/policy-values';
import type { FilingStatus } from './filing-status';
import type { FilingType } from './filing-type';

/**
 * 续期: a temporary filing for planned treatment (referral, other temporary) is renewed by a new
 * filing that starts the day after it ends. An emergency filing is not: further treatment after an
 * emergency is a referral of its own.
 */
export const RENEWABLE_TYPES: readonly FilingType[] = ['referral', 'other_temporary'];

export interface RenewalWindow {
  /** From this day on the resident is reminded and may renew. */
  opensOn: IsoDate;
  /** The renewal's start date: the day after the filing ends. */
  startDate: IsoDate;
}

export function renewalWindow(filing: { type: FilingType; status: FilingStatus; endDate?: IsoDate }, policy: PolicyValues): RenewalWindow | undefined {
  if (!RENEWABLE_TYPES.includes(filing.type) || filing.status !== 'approved' || !filing.endDate) return undefined;
  return { opensOn: addDays(filing.endDate, -policy['renewal.reminderDays']), startDate: addDays(filing.endDate, 1) };
}
