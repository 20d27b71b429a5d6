import { isIsoDate } from '../time/china-date';

/**
 * The value kinds of WeChat subscribe-message template fields that our templates use, and the
 * rule WeChat applies to each; anything else is refused with errcode 47003.
 * Character classes are spelled out (no \p{…}) so the code runs on ES2017 mini-program engines.
 */
export type FieldKind = 'thing' | 'phrase' | 'character_string' | 'name' | 'time' | 'date' | 'number';

export const FIELD_KINDS: readonly FieldKind[] = ['thing', 'phrase', 'character_string', 'name', 'time', 'date', 'number'];

export const FIELD_LIMITS = { thing: 20, phrase: 5, character_string: 32, nameHan: 10, nameLatin: 20, number: 32 } as const;

const HAN = '\u3400-\u4dbf\u4e00-\u9fff';
const PHRASE = new RegExp(`^[${HAN}]{1,${FIELD_LIMITS.phrase}}$`);
const NAME_HAN = new RegExp(`^[${HAN}]{1,${FIELD_LIMITS.nameHan}}$`);
const NAME_LATIN = /^[A-Za-z]+(?: [A-Za-z]+)*$/;
const CHARACTER_STRING = /^[\x21-\x7e]+$/;
const NUMBER = /^\d+(?:\.\d+)?$/;
/** Control and format characters, and lone or paired surrogates (emoji): never in a `thing`. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const NOT_IN_THING = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\ufeff\ud800-\udfff]/;
const CN_DATE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isHan(char: string): boolean {
  return new RegExp(`^[${HAN}]$`).test(char);
}

function isCnDate(text: string): boolean {
  const m = CN_DATE.exec(text);
  if (!m) return false;
  return isIsoDate(`${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`);
}

/** Whether WeChat accepts `value` for a field of this kind. */
export function isValidFieldValue(kind: FieldKind, value: string): boolean {
  switch (kind) {
    case 'thing':
      return value.length > 0 && value.length <= FIELD_LIMITS.thing && !NOT_IN_THING.test(value) && value.trim().length > 0;
    case 'phrase':
      return PHRASE.test(value);
    case 'character_string':
      return value.length <= FIELD_LIMITS.character_string && CHARACTER_STRING.test(value);
    case 'name':
      return NAME_HAN.test(value) || (value.length <= FIELD_LIMITS.nameLatin && NAME_LATIN.test(value));
    case 'number':
      return value.length <= FIELD_LIMITS.number && NUMBER.test(value);
    case 'date': {
      const [day, time, ...rest] = value.split(' ');
      return rest.length === 0 && isCnDate(day ?? '') && (time === undefined || HH_MM.test(time));
    }
    case 'time': {
      const parts = value.split(' ');
      if (parts.length === 1) return HH_MM.test(parts[0]!);
      return parts.length === 2 && isCnDate(parts[0]!) && HH_MM.test(parts[1]!);
    }
  }
}
