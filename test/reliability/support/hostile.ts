import fc from 'fast-check';
import { makeResidentId } from '../../support/resident-ids';
import { MIDDLE_DOT } from '../../../core/validation/person-name';
import { pathsOf, type Path } from './malformed';

/**
 * Generators of the classes of issue 11 that malformed.ts did not make: characters no one types
 * on purpose put into otherwise valid strings, deep nesting, hostile names and dates, numbers
 * people hold, and ID numbers planted in free text.
 */

/** Refused in every string of every request (tab, LF and CR are what a textarea gives: allowed). */
export const CONTROL_CHARACTERS = [
  ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).filter((c) => !'\t\n\r'.includes(c)),
  '\u007F', '\u0080', '\u0085', '\u009F', '\uD800', '\uDBFF', '\uDC00', '\uDFFF',
];
export const BIDI_CHARACTERS = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];
export const INVISIBLE_CHARACTERS = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u3164', '\u115F', '\u1160', '\uFFA0', '\u180E', ' ', '\u3000', '\u00A0'];

export function stringLeaves(value: unknown): Path[] {
  const { leaves } = pathsOf(value);
  return leaves.filter((p) => typeof getAt(value, p) === 'string');
}

export function objectPaths(value: unknown): Path[] {
  return pathsOf(value).objects;
}

export function getAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const step of path) node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[step] : undefined;
  return node;
}

/** A deep copy of `root` with `value` at `path` (the path must exist up to its parent). */
export function withAt<T>(root: T, path: Path, value: unknown): T {
  const copy = JSON.parse(JSON.stringify(root)) as T;
  let node = copy as unknown as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

const built = new Map<string, unknown>();

/**
 * `depth` levels of objects and arrays, built iteratively (a recursive build would overflow too)
 * and kept: the values are never mutated, and 100,000 levels cost more to build than to refuse.
 */
export function nested(depth: number, shape: 'object' | 'array' | 'mixed', leaf = '叶'): unknown {
  const key = `${depth}:${shape}:${leaf}`;
  if (built.has(key)) return built.get(key);
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = shape === 'array' || (shape === 'mixed' && i % 2) ? [value] : { a: value };
  built.set(key, value);
  return value;
}

/** A valid string with one refused character put at some position. */
export const withUnreadable = (text: string) =>
  fc.record({ c: fc.constantFrom(...CONTROL_CHARACTERS), at: fc.nat() }).map(({ c, at }) => {
    const i = at % (text.length + 1);
    return `${text.slice(0, i)}${c}${text.slice(i)}`;
  });

const HAN = fc.constantFrom(...'张王李赵陈刘阿卜杜热合曼买提艾力欧阳娜扎尔古丽巴特尔〇'.split(''), '𠀀', '𪚥', '𫟼', '䶮', '龘', '\u9FFF', '\u3400');
const LATIN_WORD = fc.stringMatching(/^[A-Za-zÀ-ÖØ-öø-ÿ]{1,6}$/);
const NAME_PART = fc.oneof({ weight: 3, arbitrary: fc.array(HAN, { minLength: 1, maxLength: 4 }).map((a) => a.join('')) }, { weight: 1, arbitrary: fc.array(LATIN_WORD, { minLength: 1, maxLength: 2 }).map((w) => w.join(' ')) });
const DOTS = ['\u00B7', '\u2022', '\u30FB', '\uFF0E', '\uFF65', '\u2027'];

/** Names a clerk accepts, typed with any of the middle dot's look-alikes; `normalised` is what must be stored. */
export const personNames = fc.record({ parts: fc.array(NAME_PART, { minLength: 1, maxLength: 3 }), dot: fc.constantFrom(...DOTS) })
  .map(({ parts, dot }) => ({ typed: parts.join(dot), normalised: parts.join(MIDDLE_DOT) }));

/** Names a clerk refuses: only invisible characters, or a good name holding a control, direction or other character. */
export const badPersonNames = fc.oneof(
  fc.array(fc.constantFrom(...INVISIBLE_CHARACTERS), { minLength: 1, maxLength: 8 }).map((a) => a.join('')),
  fc.record({ n: personNames, c: fc.constantFrom(...CONTROL_CHARACTERS, ...BIDI_CHARACTERS, ...INVISIBLE_CHARACTERS.filter((c) => c.trim() !== ''), '1', '<', '😀', '_', '@'), at: fc.nat() })
    .map(({ n, c, at }) => {
      const i = 1 + (at % Math.max(1, n.typed.length - 1));
      return `${n.typed.slice(0, i)}${c}${n.typed.slice(i)}`;
    }),
  fc.constantFrom('·张三', '张三·', '张··三', '张 三', 'JOHN  SMITH', '张'.repeat(51)),
);

export const isoOf = (year: number, month: number, day: number) => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** A real calendar date in the given years. */
export const datesIn = (minYear: number, maxYear: number) =>
  fc.record({ y: fc.integer({ min: minYear, max: maxYear }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }).map(({ y, m, d }) => isoOf(y, m, d));

/** Numbers people hold beyond today's county codes: permits, abolished counties, 市辖区 (…01). */
export const HELD_PREFIXES = ['810000', '820000', '830000', '320502', '320503', '320504', '110103', '110104', '440401', '320501', '110101', '510101', '420101', '330102', '370901', '652101', '230101', '430101'];
export const heldIdNumbers = fc
  .record({ prefix: fc.constantFrom(...HELD_PREFIXES), y: fc.integer({ min: 1900, max: 2020 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }), seq: fc.integer({ min: 0, max: 999 }) })
  .map(({ prefix, y, m, d, seq }) => makeResidentId(prefix, isoOf(y, m, d).replaceAll('-', ''), seq));

/** How a resident might type a number into free text: glued to letters, digits, Chinese; lower x; the 15-digit form. */
export type PlantStyle = 'bare' | 'gluedLetters' | 'gluedDigits' | 'chinese' | 'lowerX' | 'fifteen';
export const PLANT_STYLES: readonly PlantStyle[] = ['bare', 'gluedLetters', 'gluedDigits', 'chinese', 'lowerX', 'fifteen'];

/** The text to plant and the numbers it holds (what the scan must never find in full). */
export function plantedText(id: string, style: PlantStyle): { text: string; numbers: string[] } {
  switch (style) {
    case 'bare': return { text: id, numbers: [id] };
    case 'gluedLetters': return { text: `ab${id}cd`, numbers: [id] };
    case 'gluedDigits': return { text: `9${id}7`, numbers: [id] };
    case 'chinese': return { text: `身份证${id}号`, numbers: [id] };
    case 'lowerX': return { text: `证${id.slice(0, 17)}x`, numbers: [`${id.slice(0, 17)}X`] };
    case 'fifteen': return { text: `旧号${id.slice(0, 6)}${id.slice(8, 17)}`, numbers: [`${id.slice(0, 6)}${id.slice(8, 17)}`] };
  }
}
