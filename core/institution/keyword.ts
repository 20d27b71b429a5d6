/**
 * What a search keyword means. Letters only (spaces and apostrophes ignored) is pinyin:
 * it matches a substring of the name's initials (`bjxh` → 北京协和医院) or the full pinyin from
 * a syllable on (`xiehe`). Anything else matches a substring of the name or the address.
 */
export type Keyword = { kind: 'text'; value: string } | { kind: 'pinyin'; value: string };

const PINYIN = /^[a-z]+$/;

export function parseKeyword(raw: string | undefined): Keyword | undefined {
  const trimmed = (raw ?? '').trim();
  if (trimmed === '') return undefined;
  const compact = trimmed.toLowerCase().replace(/[\s'’]/g, '');
  if (PINYIN.test(compact)) return { kind: 'pinyin', value: compact };
  return { kind: 'text', value: trimmed.replace(/\s+/g, ' ') };
}

/**
 * The suffixes a pinyin keyword may start: every suffix of the initials and every suffix of
 * the full pinyin that starts at a syllable. A keyword matches when one of them starts with it.
 */
export function pinyinSuffixes(syllables: readonly string[]): string[] {
  const initials = syllables.map((s) => s[0] ?? '').join('');
  const out = new Set<string>();
  for (let i = 0; i < initials.length; i++) out.add(initials.slice(i));
  for (let i = 0; i < syllables.length; i++) out.add(syllables.slice(i).join(''));
  return [...out].filter((s) => s !== '');
}

export function pinyinMatches(keyword: string, syllables: readonly string[]): boolean {
  return pinyinSuffixes(syllables).some((s) => s.startsWith(keyword));
}
