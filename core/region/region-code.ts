/**
 * GB/T 2260 administrative division codes, as far as they can be judged without the division
 * table: the shape and the level. Whether a code really exists is the server's question
 * (it holds the division data; the mini-program gets codes from `<picker mode="region">`).
 */
export type RegionLevel = 'province' | 'city' | 'district';

const REGION_CODE = /^[1-8]\d{5}$/;

export function isRegionCodeShape(code: string): boolean {
  return REGION_CODE.test(code) && code.slice(0, 2) !== '00';
}

export function regionLevel(code: string): RegionLevel {
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'district';
}

export function provinceOf(code: string): string {
  return `${code.slice(0, 2)}0000`;
}

export function cityOf(code: string): string {
  return `${code.slice(0, 4)}00`;
}

export function sameProvince(a: string, b: string): boolean {
  return a.slice(0, 2) === b.slice(0, 2);
}

/**
 * Whether `scope` (a province, city or district) contains `region`.
 * A province reviewer covers its cities; a city reviewer its districts.
 */
export function regionCovers(scope: string, region: string): boolean {
  switch (regionLevel(scope)) {
    case 'province':
      return scope.slice(0, 2) === region.slice(0, 2);
    case 'city':
      return scope.slice(0, 4) === region.slice(0, 4);
    default:
      return scope === region;
  }
}

/** The chain from the region up to its province, most specific first, without duplicates. */
export function regionAncestry(code: string): string[] {
  const chain = [code, cityOf(code), provinceOf(code)];
  return chain.filter((c, i) => chain.indexOf(c) === i);
}

/** The scopes no other scope of the list contains: counts over them never count a filing twice. */
export function disjointScopes(scopes: readonly string[]): string[] {
  const unique = [...new Set(scopes)];
  return unique.filter((scope) => !unique.some((other) => other !== scope && regionCovers(other, scope)));
}
