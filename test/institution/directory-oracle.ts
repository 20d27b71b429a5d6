import { distanceKm } from '../../core/institution/geo';
import { levelRank, type Institution } from '../../core/institution/institution';
import { pinyinMatches } from '../../core/institution/keyword';
import { regionCovers } from '../../core/region/region-code';
import type { DirectoryQuery } from '../../server/institution/institution-repository.port';
import type { DirectoryRecord } from '../../server/institution/institution-repository.port';

/**
 * The repository contract written as the plainest possible code over an array: what every
 * adapter must return, in order. Tests compare adapters (and the handler) against it.
 */
export function oracle(records: readonly DirectoryRecord[], q: Omit<DirectoryQuery, 'limit' | 'after'>) {
  const kw = q.keyword;
  const rows = records
    .filter((r) => r.networked)
    .filter((r) => !q.region || regionCovers(q.region, r.region))
    .filter((r) => !q.kind || r.kind === q.kind)
    .filter((r) => !q.level || r.level === q.level)
    .filter((r) => q.capabilities.every((c) => r.capabilities.includes(c)))
    .filter((r) => {
      if (!kw) return true;
      if (kw.kind === 'pinyin') return pinyinMatches(kw.value, r.syllables);
      const v = kw.value.toLowerCase();
      return r.name.toLowerCase().includes(v) || r.address.toLowerCase().includes(v);
    })
    .map((r) => ({
      r,
      d: q.origin ? distanceKm(q.origin.latitude, q.origin.longitude, r.latitude, r.longitude) : 0,
      rank: rankOf(r, q),
    }))
    .filter((x) => q.radiusKm === undefined || x.d <= q.radiusKm);
  const byCode = (a: Institution, b: Institution) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  rows.sort((a, b) => {
    if (q.sort === 'distance') return a.d - b.d || byCode(a.r, b.r);
    if (q.sort === 'relevance' && kw) return a.rank - b.rank || levelRank(a.r.level) - levelRank(b.r.level) || byCode(a.r, b.r);
    return levelRank(a.r.level) - levelRank(b.r.level) || byCode(a.r, b.r);
  });
  return rows.map((x) => ({ code: x.r.code, distanceKm: x.d }));
}

function rankOf(r: DirectoryRecord, q: Pick<DirectoryQuery, 'keyword'>): number {
  const kw = q.keyword;
  if (!kw) return 0;
  if (kw.kind === 'pinyin') {
    const initials = r.syllables.map((s) => s[0]).join('');
    return initials.startsWith(kw.value) || r.syllables.join('').startsWith(kw.value) ? 0 : 1;
  }
  const name = r.name.toLowerCase();
  const v = kw.value.toLowerCase();
  return name.startsWith(v) ? 0 : name.includes(v) ? 1 : 2;
}
