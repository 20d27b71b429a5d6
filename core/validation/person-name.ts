/**
 * What a name on a Chinese ID document is made of: Chinese characters (CJK extensions and
 * compatibility ideographs included, and 〇), Latin letters (foreigners' and some minority
 * names), the middle dot U+00B7 between the parts of a minority name (阿卜杜·热合曼), and a
 * single space between Latin words. Written as a scan rather than a regex: no property escapes
 * for older engines, and no nested quantifier to backtrack on a 100,000-character probe.
 */
export const MIDDLE_DOT = '\u00B7';

/** Dots that IMEs and fonts offer in place of U+00B7: • ・ ． ･ ‧ */
const DOT_LOOKALIKES = /[\u2022\u30FB\uFF0E\uFF65\u2027]/g;

export function normalizeName(raw: string): string {
  return raw.normalize('NFC').trim().replace(DOT_LOOKALIKES, MIDDLE_DOT);
}

function isHan(cp: number): boolean {
  return (
    cp === 0x3007
    || (cp >= 0x3400 && cp <= 0x4dbf)
    || (cp >= 0x4e00 && cp <= 0x9fff)
    || (cp >= 0xf900 && cp <= 0xfaff)
    || (cp >= 0x20000 && cp <= 0x2fa1f)
    || (cp >= 0x30000 && cp <= 0x323af)
  );
}

function isLatin(cp: number): boolean {
  return (
    (cp >= 0x41 && cp <= 0x5a)
    || (cp >= 0x61 && cp <= 0x7a)
    || (cp >= 0xc0 && cp <= 0x24f && cp !== 0xd7 && cp !== 0xf7)
  );
}

export type NameProblem = 'empty' | 'character' | 'separator';

/** Why `name` (already normalised) is not a name, or undefined when it is one. */
export function nameProblem(name: string): NameProblem | undefined {
  const points = Array.from(name, (ch) => ch.codePointAt(0)!);
  if (points.length === 0) return 'empty';
  for (let i = 0; i < points.length; i++) {
    const cp = points[i]!;
    if (isHan(cp) || isLatin(cp)) continue;
    const before = points[i - 1];
    const after = points[i + 1];
    const letter = (p: number | undefined) => p !== undefined && (isHan(p) || isLatin(p));
    if (cp === 0xb7) {
      if (!letter(before) || !letter(after)) return 'separator';
      continue;
    }
    if (cp === 0x20) {
      if (before === undefined || after === undefined || !isLatin(before) || !isLatin(after)) return 'separator';
      continue;
    }
    return 'character';
  }
  return undefined;
}

export function isPersonName(raw: string): boolean {
  return nameProblem(normalizeName(raw)) === undefined;
}
