import fc from 'fast-check';
import { fitField } from '../../core/notification/fit-field';
import { FIELD_LIMITS, isValidFieldValue, type FieldKind } from '../../core/notification/field-kind';
import { chinaTimestamp, chinaToday } from '../../core/time/china-date';

const TEXT_KINDS: FieldKind[] = ['thing', 'phrase', 'character_string', 'name'];
/** Any text a message could carry: Chinese, ASCII, emoji, control characters, masked names. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: fc.constantFrom(...'张三丰某*·，。；、 abcXYZ019-_:()【】\n\t😀'.split('')), maxLength: 60 }),
  fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
);

describe('fitField: every value WeChat gets is one it accepts (no 47003)', () => {
  it.each(TEXT_KINDS)('%s: any input fits, and fitting again changes nothing', (kind) => {
    fc.assert(fc.property(anyText, (text) => {
      const fitted = fitField(kind, text);
      expect(fitted).toBeDefined();
      expect(isValidFieldValue(kind, fitted!)).toBe(true);
      expect(fitField(kind, fitted!)).toBe(fitted);
    }), { numRuns: 500 });
  });

  it('thing: a value already valid is kept as it is', () => {
    fc.assert(fc.property(anyText, (text) => {
      fc.pre(isValidFieldValue('thing', text) && text === text.trim() && !text.includes('  '));
      expect(fitField('thing', text)).toBe(text);
    }));
  });

  it('thing: a long text keeps its beginning and says it goes on (…)', () => {
    const plain = fc.string({ unit: fc.constantFrom(...'备案材料补充居住证明，。；、abc0 '.split('')), minLength: 21, maxLength: 80 });
    fc.assert(fc.property(plain, (text) => {
      const normal = text.replace(/ {2,}/g, ' ').trim();
      fc.pre(Array.from(normal).length > FIELD_LIMITS.thing);
      const fitted = fitField('thing', text)!;
      expect(fitted.endsWith('…')).toBe(true);
      expect(normal.startsWith(fitted.slice(0, -1))).toBe(true);
      expect(Array.from(fitted).length).toBeLessThanOrEqual(FIELD_LIMITS.thing);
    }));
  });

  it('thing: cuts at a clause boundary when one keeps enough', () => {
    expect(fitField('thing', '请补充居住证正反面照片，并确认地址与户口簿上的一致')).toBe('请补充居住证正反面照片…');
    expect(fitField('thing', '这是一段没有任何标点符号但是非常长的退回原因说明文字')).toBe('这是一段没有任何标点符号但是非常长的退…');
  });

  it('phrase: status words of more than five characters take their short form', () => {
    expect(fitField('phrase', '需要补充材料')).toBe('需补充材料');
    expect(fitField('phrase', '备案成功')).toBe('已通过');
    expect(fitField('phrase', '已通过!')).toBe('已通过');
  });

  it('character_string: a UUID drops its hyphens; longer IDs keep head and tail', () => {
    expect(fitField('character_string', '0d6c72bf-2180-4ce1-b7ce-8ce62fe3d647')).toBe('0d6c72bf21804ce1b7ce8ce62fe3d647');
    const long = 'A'.repeat(20) + '中' + 'B'.repeat(20);
    const fitted = fitField('character_string', long)!;
    expect(fitted).toBe(`${'A'.repeat(15)}..${'B'.repeat(15)}`);
  });

  it('name: a masked name reads the Chinese way (张某丰), never with *', () => {
    expect(fitField('name', '张*丰')).toBe('张某丰');
    expect(fitField('name', '李*')).toBe('李某');
    expect(fitField('name', '欧阳**娜')).toBe('欧阳某某娜');
    expect(fitField('name', 'Alexander Maximilian Smith')).toBe('Alexander');
  });

  it('date and time: any instant is shown as its China date (and time)', () => {
    fc.assert(fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), (instant) => {
      const stamp = chinaTimestamp(instant);
      const date = fitField('date', stamp)!;
      const time = fitField('time', stamp)!;
      expect(isValidFieldValue('date', date)).toBe(true);
      expect(isValidFieldValue('time', time)).toBe(true);
      const [y, m, d] = chinaToday(instant).split('-').map(Number);
      expect(date).toBe(`${y}年${m}月${d}日`);
      expect(time.startsWith(date)).toBe(true);
      expect(fitField('date', chinaToday(instant))).toBe(date);
    }));
  });

  it('date, time and number given nothing usable say so (undefined) instead of guessing', () => {
    expect(fitField('date', '明天')).toBeUndefined();
    expect(fitField('time', '')).toBeUndefined();
    expect(fitField('number', '无')).toBeUndefined();
    expect(fitField('number', '共 12 条')).toBe('12');
  });

  it('the validator refuses what WeChat refuses', () => {
    expect(isValidFieldValue('thing', 'x'.repeat(21))).toBe(false);
    expect(isValidFieldValue('phrase', '已通过a')).toBe(false);
    expect(isValidFieldValue('phrase', '需要补充材料')).toBe(false);
    expect(isValidFieldValue('character_string', '编号123')).toBe(false);
    expect(isValidFieldValue('name', '张*丰')).toBe(false);
    expect(isValidFieldValue('date', '2026-06-01')).toBe(false);
    expect(isValidFieldValue('date', '2026年2月30日')).toBe(false);
    expect(isValidFieldValue('time', '2026年6月1日 24:00')).toBe(false);
  });
});
