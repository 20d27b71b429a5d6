/**
 * 备案编号 as residents read it aloud on the phone to the hotline: the China date of submission
 * and six digits, e.g. 20261202-042917. Internal IDs (UUIDs) never reach a page.
 */
export const FILING_NUMBER_SHAPE = /^\d{8}-\d{6}$/;

export function isFilingNumber(value: string): boolean {
  return FILING_NUMBER_SHAPE.test(value);
}

/** The number for a submission on `today` (YYYY-MM-DD) with the given six-digit serial. */
export function filingNumberOf(today: string, serial: number): string {
  return `${today.replaceAll('-', '')}-${String(serial).padStart(6, '0')}`;
}
