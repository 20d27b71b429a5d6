import {
  cityOf,
  isRegionCodeShape,
  provinceOf,
  regionAncestry,
  regionCovers,
  regionLevel,
  sameProvince,
} from '../../core/region/region-code';

describe('region codes (GB/T 2260)', () => {
  it('accepts six digits with a real province digit, refuses other shapes', () => {
    for (const code of ['110000', '320500', '320505', '441900', '820000']) expect(isRegionCodeShape(code)).toBe(true);
    for (const code of ['', '32050', '3205000', '000000', '920000', '32050a', ' 320500', '３２０５００']) {
      expect(isRegionCodeShape(code)).toBe(false);
    }
  });

  it('tells the level from the trailing zeros', () => {
    expect(regionLevel('320000')).toBe('province');
    expect(regionLevel('320500')).toBe('city');
    expect(regionLevel('320505')).toBe('district');
    expect(regionLevel('441900')).toBe('city');
  });

  it('finds the province and the city of a code', () => {
    expect(provinceOf('320505')).toBe('320000');
    expect(cityOf('320505')).toBe('320500');
    expect(cityOf('320000')).toBe('320000');
    expect(sameProvince('320505', '320100')).toBe(true);
    expect(sameProvince('320500', '440300')).toBe(false);
  });

  it('lets a province cover its cities and a city its districts, not its neighbours', () => {
    expect(regionCovers('320000', '320505')).toBe(true);
    expect(regionCovers('320500', '320505')).toBe(true);
    expect(regionCovers('320500', '320100')).toBe(false);
    expect(regionCovers('320505', '320505')).toBe(true);
    expect(regionCovers('320505', '320506')).toBe(false);
    expect(regionCovers('110000', '320500')).toBe(false);
  });

  it('lists the ancestry most specific first, without repeats', () => {
    expect(regionAncestry('320505')).toEqual(['320505', '320500', '320000']);
    expect(regionAncestry('320500')).toEqual(['320500', '320000']);
    expect(regionAncestry('110000')).toEqual(['110000']);
  });
});
