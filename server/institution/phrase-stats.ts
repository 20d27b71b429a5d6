/** How many networked institutions a phrase matches, and in which relevance group. */
export interface PhraseStats {
  /** Name or address contains the phrase. */
  total: number;
  /** The name contains it. */
  inName: number;
  /** The name starts with it. */
  nameStarts: number;
}

/** The shortest phrase the full-text index can answer (trigrams). */
export const MIN_PHRASE = 3;

const SEPARATOR = 0;

/** Code units a counted phrase never contains: cased letters (FTS5 folds case), surrogates, the separator. */
function barrierTable(): Uint8Array {
  const table = new Uint8Array(65536);
  for (let c = 0; c < 65536; c++) {
    const s = String.fromCharCode(c);
    table[c] = c === SEPARATOR || (c >= 0xd800 && c <= 0xdfff) || s.toLowerCase() !== s.toUpperCase() ? 1 : 0;
  }
  return table;
}

let barriers: Uint8Array | undefined;

/** True when the statistics can speak for this keyword: long enough, no cased letter, no surrogate. */
export function countablePhrase(phrase: string): boolean {
  barriers ??= barrierTable();
  if (phrase.length < MIN_PHRASE) return false;
  for (let i = 0; i < phrase.length; i++) if (barriers[phrase.charCodeAt(i)]) return false;
  return true;
}

/** Counts per phrase, with the last document seen so each document counts once. */
class Tally<K> {
  readonly stats = new Map<K, PhraseStats & { lastDoc: number; lastNameDoc: number }>();

  add(key: K, doc: number, inName: boolean, atNameStart: boolean): void {
    let s = this.stats.get(key);
    if (!s) {
      s = { total: 0, inName: 0, nameStarts: 0, lastDoc: -1, lastNameDoc: -1 };
      this.stats.set(key, s);
    }
    if (s.lastDoc !== doc) {
      s.lastDoc = doc;
      s.total += 1;
    }
    if (inName && s.lastNameDoc !== doc) {
      s.lastNameDoc = doc;
      s.inName += 1;
    }
    if (atNameStart) s.nameStarts += 1;
  }
}

/**
 * Every phrase (3+ characters, no cased letter, no surrogate) contained in the name or the
 * address of at least `minDocs` institutions, with its exact counts: a document-frequency table,
 * so that the total of a broad keyword (社区卫生服务中心: a sixth of the country) is read, not
 * counted match by match. Mined level by level (apriori): a phrase can only be that frequent
 * when both its shorter halves are, so each level extends only the previous level's phrases.
 */
export function frequentPhrases(rows: Iterable<{ name: string; address: string }>, minDocs: number): Map<string, PhraseStats> {
  barriers ??= barrierTable();
  const parts: string[] = [];
  const nameStart: number[] = [];
  const addressStart: number[] = [];
  let length = 0;
  for (const row of rows) {
    nameStart.push(length);
    parts.push(row.name, '\u0000', row.address, '\u0000');
    addressStart.push(length + row.name.length + 1);
    length += row.name.length + row.address.length + 2;
  }
  const corpus = parts.join('');
  parts.length = 0;
  const docs = nameStart.length;
  const blocked = new Uint8Array(length);
  for (let i = 0; i < length; i++) blocked[i] = barriers[corpus.charCodeAt(i)]!;

  const result = new Map<string, PhraseStats>();
  // Level 3: trigrams packed into one safe integer (three 16-bit code units).
  const trigrams = new Tally<number>();
  for (let d = 0; d < docs; d++) {
    const end = d + 1 < docs ? nameStart[d + 1]! : length;
    for (let i = nameStart[d]!; i + MIN_PHRASE <= end; i++) {
      if (blocked[i] || blocked[i + 1] || blocked[i + 2]) continue;
      const key = corpus.charCodeAt(i) * 4294967296 + corpus.charCodeAt(i + 1) * 65536 + corpus.charCodeAt(i + 2);
      trigrams.add(key, d, i < addressStart[d]!, i === nameStart[d]);
    }
  }
  let frequent = new Uint8Array(length);
  let found = 0;
  for (let d = 0; d < docs; d++) {
    const end = d + 1 < docs ? nameStart[d + 1]! : length;
    for (let i = nameStart[d]!; i + MIN_PHRASE <= end; i++) {
      if (blocked[i] || blocked[i + 1] || blocked[i + 2]) continue;
      const key = corpus.charCodeAt(i) * 4294967296 + corpus.charCodeAt(i + 1) * 65536 + corpus.charCodeAt(i + 2);
      if (trigrams.stats.get(key)!.total >= minDocs) {
        frequent[i] = 1;
        found += 1;
      }
    }
  }
  for (const [key, s] of trigrams.stats) {
    if (s.total < minDocs) continue;
    const phrase = String.fromCharCode(Math.floor(key / 4294967296), Math.floor(key / 65536) % 65536, key % 65536);
    result.set(phrase, { total: s.total, inName: s.inName, nameStarts: s.nameStarts });
  }

  // Level n: an n-gram whose (n-1)-grams at i and i+1 are both frequent is a candidate.
  for (let n = MIN_PHRASE + 1; found > 0; n++) {
    const tally = new Tally<string>();
    for (let d = 0; d < docs; d++) {
      const end = d + 1 < docs ? nameStart[d + 1]! : length;
      for (let i = nameStart[d]!; i + n <= end; i++) {
        if (frequent[i] && frequent[i + 1]) tally.add(corpus.substr(i, n), d, i < addressStart[d]!, i === nameStart[d]);
      }
    }
    const next = new Uint8Array(length);
    found = 0;
    for (let d = 0; d < docs; d++) {
      const end = d + 1 < docs ? nameStart[d + 1]! : length;
      for (let i = nameStart[d]!; i + n <= end; i++) {
        if (frequent[i] && frequent[i + 1] && tally.stats.get(corpus.substr(i, n))!.total >= minDocs) {
          next[i] = 1;
          found += 1;
        }
      }
    }
    for (const [phrase, s] of tally.stats) {
      if (s.total >= minDocs) result.set(phrase, { total: s.total, inName: s.inName, nameStarts: s.nameStarts });
    }
    frequent = next;
  }
  return result;
}
