import fc from 'fast-check';
import {
  isValidResidentId,
  normalizeResidentId,
  residentIdCheckChar,
  residentIdProblem,
} from '../../core/identity/resident-id';
import { PROVINCE_PREFIXES } from '../../core/region/province-codes';
import { DOMAIN_EXAMPLE_IDS, makeResidentId } from '../support/resident-ids';

const TODAY = '2026-06-01';

/** Birth dates from 1900 up to today, as YYYYMMDD. */
const birthDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10).replace(/-/g, ''));

const validId = fc
  .record({
    province: fc.constantFrom(...PROVINCE_PREFIXES),
    rest: fc.integer({ min: 0, max: 9999 }),
    birth: birthDate,
    sequence: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ province, rest, birth, sequence }) => makeResidentId(`${province}${String(rest).padStart(4, '0')}`, birth, sequence));

describe('resident ID (GB 11643-1999)', () => {
  it('accepts the two examples of DOMAIN.md', () => {
    for (const id of DOMAIN_EXAMPLE_IDS) expect(residentIdProblem(id, TODAY)).toBeNull();
  });

  it('accepts a lower-case x check character, normalised to X', () => {
    expect(normalizeResidentId(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(isValidResidentId('11010519491231002x', TODAY)).toBe(true);
  });

  it('computes the check character from the 17 weighted digits', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
  });

  it('accepts every ID built from a province prefix, a real birth date and a sequence', () => {
    fc.assert(fc.property(validId, (id) => residentIdProblem(id, TODAY) === null));
  });

  it('catches every single-character change of a valid ID', () => {
    const change = fc.record({ id: validId, position: fc.integer({ min: 0, max: 17 }), replacement: fc.constantFrom(...'0123456789X') });
    fc.assert(
      fc.property(change, ({ id, position, replacement }) => {
        fc.pre(id[position] !== replacement);
        const changed = `${id.slice(0, position)}${replacement}${id.slice(position + 1)}`;
        return residentIdProblem(changed, TODAY) !== null;
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses birth dates that do not exist or lie in the future, with the checksum right', () => {
    for (const birth of ['19490230', '19490229', '19491301', '19490100', '17991231']) {
      expect(residentIdProblem(makeResidentId('110105', birth, 2), TODAY)).toBe('birthDate');
    }
    expect(residentIdProblem(makeResidentId('110105', '20000229', 2), TODAY)).toBeNull();
    expect(residentIdProblem(makeResidentId('110105', '20260602', 2), TODAY)).toBe('birthDate');
    expect(residentIdProblem(makeResidentId('110105', '20260601', 2), TODAY)).toBeNull();
  });

  it('names what is wrong: shape, region prefix, checksum', () => {
    expect(residentIdProblem('1101051949123100', TODAY)).toBe('shape');
    expect(residentIdProblem('11010519491231002Y', TODAY)).toBe('shape');
    expect(residentIdProblem('', TODAY)).toBe('shape');
    expect(residentIdProblem(makeResidentId('990105', '19491231', 2), TODAY)).toBe('region');
    expect(residentIdProblem('110105194912310021', TODAY)).toBe('checksum');
  });
});
