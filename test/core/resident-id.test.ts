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

describe('numbers people really hold (issue 11)', () => {
  const permitPrefix = fc.constantFrom('810000', '820000', '830000');
  /** Codes no longer (or never) in today's table: abolished counties, 市辖区 ending in 01. */
  const heldCodes = fc.constantFrom('320502', '320503', '320504', '110103', '110104', '440401', '320501', '110101', '510101', '420101', '330102', '370901', '652101');
  const rest = fc.record({ birth: birthDate, sequence: fc.integer({ min: 0, max: 999 }) });

  it('accepts Hong Kong, Macao and Taiwan residence permits (810000/820000/830000)', () => {
    fc.assert(fc.property(permitPrefix, rest, (prefix, { birth, sequence }) => residentIdProblem(makeResidentId(prefix, birth, sequence), TODAY) === null));
  });

  it('accepts abandoned county codes and the 市辖区 codes ending in 01', () => {
    fc.assert(fc.property(heldCodes, rest, (code, { birth, sequence }) => residentIdProblem(makeResidentId(code, birth, sequence), TODAY) === null));
  });

  it('still checks the checksum and the birth date of these numbers', () => {
    const change = fc.record({ prefix: fc.oneof(permitPrefix, heldCodes), r: rest, position: fc.integer({ min: 6, max: 17 }), replacement: fc.constantFrom(...'0123456789X') });
    fc.assert(
      fc.property(change, ({ prefix, r, position, replacement }) => {
        const id = makeResidentId(prefix, r.birth, r.sequence);
        fc.pre(id[position] !== replacement);
        return residentIdProblem(`${id.slice(0, position)}${replacement}${id.slice(position + 1)}`, TODAY) !== null;
      }),
      { numRuns: 2000 },
    );
    expect(residentIdProblem(makeResidentId('830000', '19490230', 2), TODAY)).toBe('birthDate');
    expect(residentIdProblem(makeResidentId('830000', '20260602', 2), TODAY)).toBe('birthDate');
    expect(residentIdProblem(`${makeResidentId('830000', '19800101', 2).slice(0, 17)}0`, TODAY)).not.toBeNull();
  });

  it('refuses prefixes that are neither a province nor a permit (83 only as 830000)', () => {
    for (const code of ['830100', '831234', '900000', '000000', '990101', '840000']) {
      expect(residentIdProblem(makeResidentId(code, '19800101', 2), TODAY)).toBe('region');
    }
  });
});
