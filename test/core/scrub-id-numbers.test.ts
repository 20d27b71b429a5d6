import fc from 'fast-check';
import { holdsIdNumber, scrubIdNumbers } from '../../core/identity/scrub-id-numbers';
import { maskResidentId } from '../../core/identity/mask';
import { FilingInputSchema } from '../../core/filing/filing-input.schema';
import { FilingActions } from '../../core/api/filing-api';
import { ReviewActions } from '../../core/api/review-api';
import { InstitutionActions } from '../../core/institution/institution-actions.schema';
import { makeResidentId } from '../support/resident-ids';
import { EXAMPLE_FILING } from '../support/example-filing';

const validId = fc
  .record({ region: fc.constantFrom('110105', '320505', '440401', '830000', '810000'), year: fc.integer({ min: 1900, max: 2025 }), day: fc.integer({ min: 1, max: 28 }), seq: fc.integer({ min: 0, max: 999 }) })
  .map(({ region, year, day, seq }) => makeResidentId(region, `${year}01${String(day).padStart(2, '0')}`, seq));
/** What a resident may glue a number to: letters, Chinese, digits, punctuation, nothing. */
const glue = fc.oneof(fc.constant(''), fc.string({ maxLength: 6 }), fc.constantFrom('身份证', '号码:', 'abc', 'ID', '0', '12345', 'x', '（', '\n'));
const oldFifteen = fc.stringMatching(/^\d{15}$/);

describe('ID numbers in free text', () => {
  it('masks an 18-character number glued to anything, digits and letters included, keeping the length', () => {
    fc.assert(
      fc.property(validId, glue, glue, fc.boolean(), (id, before, after, lower) => {
        const typed = lower ? id.toLowerCase() : id;
        const text = `${before}${typed}${after}`;
        const scrubbed = scrubIdNumbers(text);
        return !scrubbed.toUpperCase().includes(id) && scrubbed.length === text.length && !holdsIdNumber(scrubbed);
      }),
      { numRuns: 2000 },
    );
  });

  it('masks the old 15-digit form, full-width digits and two numbers typed together', () => {
    fc.assert(fc.property(oldFifteen, glue, (id, g) => !scrubIdNumbers(`${g}${id}${g}`).includes(id)));
    expect(scrubIdNumbers('３２０５０５１９５００１０１１０００')).not.toContain('１９５００１０１');
    const two = `${makeResidentId('320505', '19500101', 100)}${makeResidentId('110105', '19491231', 2)}`;
    expect(scrubIdNumbers(two)).not.toMatch(/\d{15}/);
    expect(scrubIdNumbers(`身份证${makeResidentId('320505', '19500101', 100)}号`)).toBe(`身份证${maskResidentId(makeResidentId('320505', '19500101', 100))}号`);
  });

  it('leaves ordinary text alone: phones, dates, amounts', () => {
    for (const text of ['电话13800138000', '2026-12-01至2027-05-31', '金额12345.67元', '张三 李四', '']) expect(scrubIdNumbers(text)).toBe(text);
  });

  it('is applied by every free-text field of the shared schema, never to the idNumber fields', () => {
    const id = makeResidentId('320505', '19500101', 123);
    const planted = `见${id}号`;
    const filing = FilingInputSchema.parse({
      ...EXAMPLE_FILING,
      residenceAddress: planted, memo: planted, diagnosis: planted, hospital: { name: planted },
      agent: { name: '李四', idNumber: makeResidentId('110105', '19491231', 2), phone: '13900139000', relationship: planted },
    });
    expect(JSON.stringify([filing.residenceAddress, filing.memo, filing.diagnosis, filing.hospital, filing.agent?.relationship])).not.toContain(id);
    expect(filing.applicant.idNumber).toBe(EXAMPLE_FILING.applicant.idNumber);
    expect(filing.agent?.idNumber).toBe(makeResidentId('110105', '19491231', 2));
    for (const [schema, event] of [
      [FilingActions.withdraw, { id: 'f', reason: planted }],
      [FilingActions.cancel, { id: 'f', reason: planted }],
      [FilingActions.registerMaterial, { fileId: 'cloud://local/x', name: planted }],
      [ReviewActions.reject, { id: 'f', reason: planted }],
      [ReviewActions.return, { id: 'f', reason: planted }],
      [ReviewActions.approve, { id: 'f', reason: planted }],
      [InstitutionActions.nearby, { latitude: 1, longitude: 1, radiusKm: 1, keyword: planted }],
    ] as const) {
      const parsed = (schema as { parse(v: unknown): unknown }).parse(event);
      expect(JSON.stringify(parsed)).not.toContain(id);
    }
  });

  it('keeps staff openids free of ID numbers (they are stored and listed as they are)', () => {
    const id = makeResidentId('320505', '19500101', 123);
    expect(ReviewActions.staffRemove.safeParse({ openid: id }).success).toBe(false);
    expect(ReviewActions.staffRemove.safeParse({ openid: `o${id}` }).success).toBe(false);
    expect(ReviewActions.staffRemove.safeParse({ openid: 'oAbC-123_xyz' }).success).toBe(true);
  });
});
