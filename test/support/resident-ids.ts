import { residentIdCheckChar } from '../../core/identity/resident-id';

/** A valid resident ID from its parts: 6-digit region, YYYYMMDD birth date, 3-digit sequence. */
export function makeResidentId(region: string, birth: string, sequence: number): string {
  const first17 = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  return `${first17}${residentIdCheckChar(first17)}`;
}

/** The two examples of DOMAIN.md §6. */
export const DOMAIN_EXAMPLE_IDS = ['11010519491231002X', '440524188001010014'] as const;
