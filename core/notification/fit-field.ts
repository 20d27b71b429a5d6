import { chinaDateText, chinaDateTimeText, inChina, isIsoDate } from '../time/china-date';
import { FIELD_LIMITS, isHan, type FieldKind } from './field-kind';

/**
 * Makes any text fit a template field so WeChat accepts it (no 47003) and it still reads well:
 * a `thing` is cut at a clause boundary with an ellipsis, a masked name 张*丰 becomes 张某丰,
 * an ID too long for `character_string` keeps its head and tail. Returns undefined only when
 * there is nothing to say (a date or number field given no date or number).
 */
export function fitField(kind: FieldKind, value: string): string | undefined {
  switch (kind) {
    case 'thing':
      return fitThing(value);
    case 'phrase':
      return fitPhrase(value);
    case 'character_string':
      return fitCharacterString(value);
    case 'name':
      return fitName(value);
    case 'number':
      return fitNumber(value);
    case 'date':
      return fitDate(value, false);
    case 'time':
      return fitDate(value, true);
  }
}

const ELLIPSIS = '…';
const CLAUSE_ENDS = '，。；;,、！？!?：: ';
/** Cutting earlier than this loses too much: rather cut mid-clause. */
const MIN_CLAUSE = 8;

/** Characters as WeChat counts them; astral characters (emoji) are dropped, WeChat refuses them. */
function cleanChars(value: string): string[] {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
  const spaced = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
  const bare = spaced.replace(/[\u200b-\u200f\u202a-\u202e\ufeff]/g, '').replace(/[\ud800-\udfff]/g, '');
  return Array.from(bare.replace(/ {2,}/g, ' ').trim());
}

function fitThing(value: string): string {
  const chars = cleanChars(value);
  if (chars.length === 0) return '无';
  const max = FIELD_LIMITS.thing;
  if (chars.length <= max) return chars.join('');
  // Prefer ending at the last clause boundary that keeps a useful part; the ellipsis says more follows.
  for (let end = max - 1; end >= MIN_CLAUSE; end--) {
    if (CLAUSE_ENDS.includes(chars[end]!)) return `${chars.slice(0, end).join('').trimEnd()}${ELLIPSIS}`;
  }
  return `${chars.slice(0, max - 1).join('').trimEnd()}${ELLIPSIS}`;
}

/** Long status words WeChat's 5-character phrase cannot hold, in the short form people use. */
const PHRASE_SHORT_FORMS: Readonly<Record<string, string>> = {
  备案成功: '已通过',
  审核通过: '已通过',
  审核不通过: '未通过',
  需要补充材料: '需补充材料',
  需补充证明材料: '需补充材料',
  备案已失效: '已失效',
  备案已过期: '已失效',
  即将到期: '即将到期',
};

function fitPhrase(value: string): string {
  const han = Array.from(value).filter(isHan).join('');
  if (han.length === 0) return '无';
  const short = PHRASE_SHORT_FORMS[han];
  if (short) return short;
  return Array.from(han).slice(0, FIELD_LIMITS.phrase).join('');
}

function fitCharacterString(value: string): string {
  const ascii = value.replace(/\s+/g, '-').replace(/[^\x21-\x7e]/g, '');
  const max = FIELD_LIMITS.character_string;
  if (ascii.length === 0) return 'N/A';
  if (ascii.length <= max) return ascii;
  // A UUID is 36 characters with its hyphens, 32 without: the same ID, still recognisable.
  const unhyphenated = ascii.replace(/-/g, '');
  if (unhyphenated.length > 0 && unhyphenated.length <= max) return unhyphenated;
  const half = (max - 2) / 2;
  return `${ascii.slice(0, half)}..${ascii.slice(-half)}`;
}

function fitName(value: string): string {
  const chars = Array.from(value.trim());
  if (chars.some(isHan)) {
    // Masked names (张*丰) use the Chinese convention 张某丰; WeChat allows Chinese characters only.
    const han = chars.map((c) => (c === '*' ? '某' : c)).filter(isHan).join('').replace(/某{2,}/g, '某某');
    return Array.from(han).slice(0, FIELD_LIMITS.nameHan).join('');
  }
  const latin = value.replace(/[^A-Za-z ]/g, ' ').replace(/ {2,}/g, ' ').trim();
  if (latin.length === 0) return '申请人';
  if (latin.length <= FIELD_LIMITS.nameLatin) return latin;
  const cut = latin.slice(0, FIELD_LIMITS.nameLatin);
  const lastSpace = cut.lastIndexOf(' ');
  return lastSpace > 0 ? cut.slice(0, lastSpace) : cut;
}

function fitNumber(value: string): string | undefined {
  const m = /\d+(?:\.\d+)?/.exec(value.replace(/,/g, ''));
  if (!m) return undefined;
  return m[0].slice(0, FIELD_LIMITS.number).replace(/\.$/, '');
}

/** Accepts `YYYY-MM-DD` or an ISO timestamp; shown in China time as 2026年6月1日 (15:01), the pages' formatter. */
function fitDate(value: string, withTime: boolean): string | undefined {
  const text = value.trim();
  if (!isIsoDate(text) && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return undefined;
  if (!isIsoDate(text) && !inChina(text).isValid()) return undefined;
  if (!withTime) return chinaDateText(text);
  return isIsoDate(text) ? `${chinaDateText(text)} 00:00` : chinaDateTimeText(text);
}
