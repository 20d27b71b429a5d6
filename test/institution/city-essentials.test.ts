import { INSTITUTION_CODE } from '../../core/institution/institution';
import { cityEssentials } from '../../server/institution/city-essentials';
import { FAMOUS_INSTITUTIONS } from '../../server/institution/famous-institutions';
import { sharedRegionDirectory } from '../../server/runtime/runtime';

/** What `npm start` seeds for every prefecture city beside the generated directory. */
describe('city essentials', () => {
  const regions = sharedRegionDirectory();
  const essentials = cityEssentials(regions);

  it('gives every prefecture city its 人民医院, 中医院, 妇幼保健院, community health centres and pharmacies', () => {
    const names = new Set([...essentials, ...FAMOUS_INSTITUTIONS].map((i) => i.name));
    const units = regions.all().filter((r) => r.level === 'city').flatMap((city) =>
      // 省直辖县级行政区划 stands for county-level cities (仙桃, 济源…) that each count as a city.
      /直辖县级行政区划$/.test(city.name) ? regions.districtsUnder(city.code) : [city]);
    const missing: string[] = [];
    for (const unit of units) {
      const prefix = unit.level === 'city' ? unit.code.slice(0, 4) : unit.code;
      const here = essentials.filter((i) => i.region.startsWith(prefix));
      const name = /(市|地区|州|盟|区)$/.test(unit.name) ? unit.name : `${unit.name}市`;
      const ok = ['人民医院', '中医院', '妇幼保健院'].every((suffix) => names.has(`${name}${suffix}`))
        && here.some((i) => i.kind === 'clinic' && i.name.endsWith('社区卫生服务中心')) && here.some((i) => i.kind === 'pharmacy');
      if (!ok) missing.push(`${unit.code} ${unit.fullName}`);
    }
    expect(missing).toEqual([]);
    expect(units.length).toBeGreaterThan(340);
    expect(essentials.map((i) => i.name)).toEqual(expect.arrayContaining(['苏州市人民医院', '仙桃市人民医院', '东莞市中医院', '神农架林区妇幼保健院']));
    expect(essentials.some((i) => i.name.includes('直辖') || i.address.includes('直辖'))).toBe(false);
  });

  it('uses valid, unique codes that never collide with the famous hospitals or the generator (serials from 00100)', () => {
    const codes = essentials.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(essentials.map((i) => i.name)).size).toBe(essentials.length);
    for (const i of essentials) {
      expect(i.code).toMatch(INSTITUTION_CODE);
      expect(Number(i.code.slice(-5))).toBeGreaterThanOrEqual(50);
      expect(Number(i.code.slice(-5))).toBeLessThan(100);
      expect(i.code.slice(1, 7)).toBe(i.region);
      expect(regions.exists(i.region)).toBe(true);
    }
    const famous = new Set(FAMOUS_INSTITUTIONS.flatMap((i) => [i.code, i.name]));
    expect(essentials.filter((i) => famous.has(i.code) || famous.has(i.name))).toEqual([]);
  });

  it('is the same list every time', () => {
    expect(cityEssentials(regions)).toEqual(essentials);
  });
});
