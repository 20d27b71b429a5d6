/** Mainland mobile numbers: 11 digits starting 13–19 (MIIT numbering plan). */
const MOBILE = /^1[3-9]\d{9}$/;

export function isMobilePhone(value: string): boolean {
  return MOBILE.test(value);
}
