import fc from 'fast-check';
import { personName } from '../../core/validation/fields';
import { MIDDLE_DOT } from '../../core/validation/person-name';

const name = personName('姓名', 50);
const parse = (raw: unknown) => name.safeParse(raw);

const HAN = fc.constantFrom(...'张三李四王五阿卜杜热合曼买买提艾力欧阳娜扎尔〇'.split(''), '𠀀', '𪚥', '𫟼', '䶮', '龘');
const hanWord = fc.array(HAN, { minLength: 1, maxLength: 4 }).map((a) => a.join(''));
const latinWord = fc.stringMatching(/^[A-Za-zÀ-ÖØ-öø-ÿ]{1,6}$/);
const part = fc.oneof(hanWord, fc.array(latinWord, { minLength: 1, maxLength: 2 }).map((w) => w.join(' ')));
const validName = fc.array(part, { minLength: 1, maxLength: 3 }).map((p) => p.join(MIDDLE_DOT));
const INVISIBLE = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u3164', '\u115F', ' ', '\u3000', '\t'];
const HOSTILE = ['\u0000', '\u0007', '\u001B', '\u007F', '\u0085', '\u202E', '\u202D', '\u2066', '\u200E', '\u200F', '\u061C', '\uD800', '1', '<', '😀', '-', '_'];

describe('personName (the shared name schema)', () => {
  it('accepts Chinese names, extension characters, Latin names and minority names with the middle dot', () => {
    for (const ok of ['张三', '阿卜杜·热合曼', '买买提·艾力', '欧阳娜娜', '𠀀李', '李〇', 'JOHN SMITH', 'José María', '玛丽·JOHNSON']) {
      expect(parse(ok).success).toBe(true);
    }
    fc.assert(fc.property(validName, (n) => parse(n).success && parse(n).data === n));
  });

  it('normalises the look-alike dots to U+00B7 and trims', () => {
    for (const dot of ['\u2022', '\u30FB', '\uFF0E', '\uFF65', '\u2027', '\u00B7']) {
      expect(parse(` 阿卜杜${dot}热合曼 `)).toEqual({ success: true, data: '阿卜杜·热合曼' });
    }
    // NFC: a letter and its combining accent become the one precomposed letter; alone, the accent is refused.
    expect(parse('Jose\u0301')).toEqual({ success: true, data: 'José' });
    expect(parse('张\u0301').success).toBe(false);
  });

  it('refuses names of invisible characters only, and any control, direction or foreign character', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...INVISIBLE), { minLength: 1, maxLength: 6 }), (chars) => !parse(chars.join('')).success));
    fc.assert(
      fc.property(validName, fc.constantFrom(...HOSTILE), fc.nat(), (n, bad, at) => {
        const i = at % (n.length + 1);
        return !parse(`${n.slice(0, i)}${bad}${n.slice(i)}`).success;
      }),
      { numRuns: 1000 },
    );
    for (const bad of ['张\n三', '·张三', '张三·', '张··三', '张 三', 'JOHN  SMITH', '', 42, null, '张'.repeat(51), '1101051949']) expect(parse(bad).success).toBe(false);
  });

  it('counts characters, not UTF-16 units, against the limit', () => {
    expect(personName('姓名', 3).safeParse('𠀀𠀁𠀂').success).toBe(true);
    expect(personName('姓名', 3).safeParse('𠀀𠀁𠀂𠀃').success).toBe(false);
  });

  it('answers with one Chinese message per problem', () => {
    const messages = (raw: unknown) => (name.safeParse(raw).error?.issues ?? []).map((i) => i.message);
    expect(messages('\u200B\u200B')[0]).toBe('请填写姓名');
    expect(messages('张\u202E三')[0]).toBe('姓名只能由汉字、字母和间隔号“·”组成');
    expect(messages('张'.repeat(51))[0]).toBe('姓名不能超过50个字');
  });
});
