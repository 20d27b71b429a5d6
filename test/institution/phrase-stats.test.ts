import { generateDirectory } from '../../server/institution/directory-generator';
import { countablePhrase, frequentPhrases, type PhraseStats } from '../../server/institution/phrase-stats';
import { sharedRegionDirectory } from '../../server/runtime/runtime';

/**
 * The keyword counts the directory reads instead of counting matches: checked against the
 * plainest count there is, every substring of every name and address.
 */
function bruteForce(rows: ReadonlyArray<{ name: string; address: string }>, minDocs: number): Map<string, PhraseStats> {
  const stats = new Map<string, PhraseStats>();
  rows.forEach((row) => {
    const inName = new Set<string>();
    const anywhere = new Set<string>();
    for (const [text, isName] of [[row.name, true], [row.address, false]] as const) {
      for (let i = 0; i < text.length; i++) {
        for (let j = i + 3; j <= text.length; j++) {
          const phrase = text.slice(i, j);
          if (!countablePhrase(phrase)) continue;
          anywhere.add(phrase);
          if (isName) inName.add(phrase);
        }
      }
    }
    for (const phrase of anywhere) {
      const s = stats.get(phrase) ?? { total: 0, inName: 0, nameStarts: 0 };
      s.total += 1;
      if (inName.has(phrase)) s.inName += 1;
      if (row.name.startsWith(phrase)) s.nameStarts += 1;
      stats.set(phrase, s);
    }
  });
  return new Map([...stats].filter(([, s]) => s.total >= minDocs));
}

describe('frequentPhrases', () => {
  const regions = sharedRegionDirectory();
  const generated: Array<{ name: string; address: string }> = [];
  for (const chunk of generateDirectory(regions, { count: 400, seed: 5 })) generated.push(...chunk);
  // Shapes the generator never makes: Latin letters (cased: never counted), a character outside
  // the BMP, a phrase twice in one name, in name and address at once, at the very start.
  const edge = [
    { name: 'ABC社区卫生服务中心', address: '社区卫生服务中心旁abc' },
    { name: '社区卫生服务中心社区卫生服务中心', address: '𠀀𠀀𠀀社区卫生路' },
    { name: '社区卫生所', address: '社区卫生服务中心Ａ座' },
    { name: '𠀀社区卫生服务中心', address: '无' },
  ];
  const rows = [...generated, ...edge];

  it.each([2, 5, 40])('with at least %i documents: exactly the phrases a brute-force count finds, with the same counts', (minDocs) => {
    const expected = bruteForce(rows, minDocs);
    const mined = frequentPhrases(rows, minDocs);
    expect(mined.size).toBeGreaterThan(10);
    expect(new Map([...mined].sort())).toEqual(new Map([...expected].sort()));
  });

  it('counts only what the full-text index folds the same way: no cased letter, no surrogate, three characters or more', () => {
    expect(countablePhrase('社区卫生')).toBe(true);
    expect(countablePhrase('社区')).toBe(false);
    expect(countablePhrase('abc医院')).toBe(false);
    expect(countablePhrase('𠀀医院')).toBe(false);
    expect(countablePhrase('１２３号')).toBe(true);
  });
});
