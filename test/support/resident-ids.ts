import { residentIdCheckChar } from '../../core/identity/resident-id';

/** A valid resident ID from its parts: 6-digit region, YYYYMMDD birth date, 3-digit sequence. */
export function makeResidentId(region: string, birth: string, sequence: number): string {
  const first17 = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  return `${first17}${residentIdCheckChar(first17)}`;
}

/** The n-th of a run of distinct valid IDs (Suzhou district, one birth day per 900). */
export function nthResidentId(n: number): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + Math.floor(n / 900) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  return makeResidentId('320505', birth, 100 + (n % 900));
}

/** The two examples of DOMAIN.md §6. */
export const DOMAIN_EXAMPLE_IDS = ['11010519491231002X', '440524188001010014'] as const;
