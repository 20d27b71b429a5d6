/**
 * A pinyin keyword matches "from a syllable on" when it is a run of whole syllables followed by
 * the start of one (`xiehe` = xie + he…, `beijingx` = bei + jing + x…). The full-text table
 * stores the full pinyin with `#` before every syllable, so each way of splitting the keyword
 * over the known syllables is one phrase (`#xie#he`) and the keyword matches exactly when one
 * of them does. Splits are few (a handful for real keywords); past `limit` the caller falls
 * back to checking row by row.
 */
export class SyllableSplitter {
  private readonly syllables: ReadonlySet<string>;
  private readonly starts = new Set<string>();
  private readonly longest: number;

  constructor(syllables: Iterable<string>) {
    this.syllables = new Set(syllables);
    let longest = 0;
    for (const s of this.syllables) {
      longest = Math.max(longest, s.length);
      for (let n = 1; n <= s.length; n++) this.starts.add(s.slice(0, n));
    }
    this.longest = longest;
  }

  /** The `#`-joined phrases, or undefined when there are more than `limit`. */
  phrases(keyword: string, limit: number): string[] | undefined {
    const out: string[] = [];
    const walk = (at: number, prefix: string): boolean => {
      const rest = keyword.slice(at);
      if (this.starts.has(rest)) {
        out.push(`${prefix}#${rest}`);
        if (out.length > limit) return false;
      }
      for (let n = 1; n < rest.length && n <= this.longest; n++) {
        const head = rest.slice(0, n);
        if (this.syllables.has(head) && !walk(at + n, `${prefix}#${head}`)) return false;
      }
      return true;
    };
    return keyword !== '' && walk(0, '') ? out : undefined;
  }
}
