import type { Capability, Institution, InstitutionKind, InstitutionLevel } from '../../core/institution/institution';
import { AREA_CODES } from '../../core/institution/agency';
import type { RegionDirectory, RegionInfo } from '../regions/region-directory';

/**
 * A deterministic, realistic national directory for demos and the benchmark (the real list
 * cannot be downloaded here). Same seed and count → the same rows, byte for byte.
 *
 * Positions: no geodata ships with the project, so each province is anchored at its capital's
 * real position, each city at a fixed pseudo-random offset from it (a few seeded cities at
 * their real centre), each district at a small offset from its city; institutions fall
 * uniformly in a box of about ±8 km around their district's centre.
 */

/** mulberry32: tiny, fast, and good enough for synthetic data. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) / 4294967296;
}

/** Capitals' real positions (lat, lng) and how far (degrees) the province's cities spread. */
const PROVINCE_ANCHORS: Record<string, [number, number, number]> = {
  '11': [39.9, 116.4, 0.3], '12': [39.12, 117.2, 0.3], '13': [38.04, 114.51, 1.8], '14': [37.87, 112.55, 1.6],
  '15': [40.84, 111.75, 3.5], '21': [41.8, 123.43, 1.5], '22': [43.88, 125.32, 1.4], '23': [45.8, 126.53, 2.5],
  '31': [31.23, 121.47, 0.3], '32': [32.06, 118.8, 1.3], '33': [30.27, 120.15, 1.2], '34': [31.82, 117.23, 1.5],
  '35': [26.07, 119.3, 1.3], '36': [28.68, 115.86, 1.5], '37': [36.65, 117.12, 1.6], '41': [34.75, 113.62, 1.6],
  '42': [30.59, 114.3, 1.8], '43': [28.23, 112.94, 1.7], '44': [23.13, 113.26, 1.8], '45': [22.82, 108.37, 1.8],
  '46': [20.04, 110.34, 0.8], '50': [29.56, 106.55, 0.8], '51': [30.66, 104.07, 2.2], '52': [26.65, 106.63, 1.5],
  '53': [25.04, 102.71, 2.2], '54': [29.65, 91.13, 3], '61': [34.34, 108.94, 1.8], '62': [36.06, 103.83, 2.5],
  '63': [36.62, 101.78, 2.5], '64': [38.47, 106.27, 1], '65': [43.83, 87.62, 4], '71': [25.04, 121.51, 0.8],
  '81': [22.32, 114.17, 0.1], '82': [22.2, 113.54, 0.05],
};

/** Real centres of the cities the policy table seeds, so demos near them look right. */
const CITY_CENTRES: Record<string, [number, number]> = {
  '220100': [43.88, 125.32], '320500': [31.3, 120.62], '441900': [23.02, 113.75], '320100': [32.06, 118.8],
  '430100': [28.23, 112.94], '440100': [23.13, 113.26], '440300': [22.54, 114.06],
};

function cityCentre(city: string): [number, number] {
  const known = CITY_CENTRES[city];
  if (known) return known;
  const [lat, lng, spread] = PROVINCE_ANCHORS[city.slice(0, 2)] ?? [34, 108, 2];
  if (city.slice(2, 4) === '01') return [lat, lng];
  return [lat + (hash(`${city}lat`) * 2 - 1) * spread, lng + (hash(`${city}lng`) * 2 - 1) * spread * 1.2];
}

export function districtCentre(region: string): [number, number] {
  const [lat, lng] = cityCentre(`${region.slice(0, 4)}00`);
  if (region.endsWith('00')) return [lat, lng];
  return [lat + (hash(`${region}lat`) * 2 - 1) * 0.18, lng + (hash(`${region}lng`) * 2 - 1) * 0.22];
}

const STREETS = [
  '人民路', '解放路', '中山路', '建设路', '和平路', '新华路', '胜利路', '文化路', '光明路', '长江路', '黄河路',
  '朝阳路', '工业路', '幸福路', '青年路', '东风路', '团结路', '迎宾路', '滨河路', '学府路', '健康路', '民主路',
  '友谊路', '花园路', '振兴路', '繁荣路', '红旗街', '北京路', '南京路', '西安路', '延安路', '长春路', '太平街',
  '府前街', '育才路', '体育路', '站前路', '公园路', '环城路', '开发大道', '世纪大道', '东湖路', '西湖路', '南湖大路',
];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN = ['建华', '志强', '秀英', '桂兰', '德明', '春生', '立新', '国庆', '海燕', '丽华', '永康', '仁和', '济民', '福生'];
const CHAINS = [
  '老百姓大药房', '大参林', '益丰大药房', '一心堂', '国大药房', '海王星辰', '漱玉平民', '同仁堂', '九州通',
  '健之佳', '张仲景大药房', '华润堂', '好药师', '瑞人堂', '全亿健康',
];
const SHOP_WORDS = ['康宁', '仁心', '百姓', '惠民', '安康', '福寿', '济世', '益康', '万家', '保元', '康泰', '众生'];
const SPECIALTIES: Array<[string, string]> = [
  ['眼科医院', '专科医院'], ['口腔医院', '专科医院'], ['骨科医院', '专科医院'], ['肿瘤医院', '专科医院'],
  ['妇幼保健院', '妇幼保健院'], ['儿童医院', '专科医院'], ['精神卫生中心', '专科医院'], ['康复医院', '康复医院'],
];
const ORDINALS = ['第一', '第二', '第三', '第四', '第五', '第六', '第七'];

function shortCity(name: string): string {
  if (name.endsWith('自治州')) return name.slice(0, 2);
  return name.replace(/(市|地区|盟)$/, '');
}

function shortDistrict(name: string): string {
  if (name.length <= 2) return name;
  return name.replace(/(区|县|市|旗|自治县)$/, '');
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

function pickWeighted<T>(random: () => number, table: ReadonlyArray<readonly [T, number]>): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [value, weight] of table) {
    r -= weight;
    if (r < 0) return value;
  }
  return table[table.length - 1]![0];
}

const HOSPITAL_LEVELS: ReadonlyArray<readonly [InstitutionLevel, number]> = [
  ['三级甲等', 9], ['三级乙等', 4], ['三级', 3], ['二级甲等', 20], ['二级乙等', 8], ['二级', 12],
  ['一级甲等', 4], ['一级', 12], ['未定级', 28],
];
const KIND_SHARES: ReadonlyArray<readonly [InstitutionKind, number]> = [
  ['pharmacy', 50], ['clinic', 37], ['hospital', 13],
];

/** Probability of each capability by level tier (3 = 三级, 2 = 二级, 1 = 一级/clinic, 0 = 未定级). */
const CAPABILITY_ODDS: Record<Capability, [number, number, number, number]> = {
  inpatient: [0.45, 0.75, 0.97, 1],
  generalOutpatient: [0.85, 0.9, 0.95, 0.98],
  hypertension: [0.3, 0.5, 0.75, 0.92],
  diabetes: [0.3, 0.5, 0.75, 0.92],
  chemoRadiotherapy: [0.01, 0.02, 0.25, 0.7],
  dialysis: [0.01, 0.03, 0.35, 0.75],
  antiRejection: [0.005, 0.005, 0.05, 0.35],
};

function tierOf(level: InstitutionLevel): 0 | 1 | 2 | 3 {
  if (level.startsWith('三级')) return 3;
  if (level.startsWith('二级')) return 2;
  if (level.startsWith('一级')) return 1;
  return 0;
}

interface Unit {
  region: RegionInfo;
  cityName: string;
  weight: number;
}

/** Districts (and cities without districts), urban districts weighted up. */
function unitsOf(regions: RegionDirectory): Unit[] {
  const units: Unit[] = [];
  for (const city of regions.all().filter((r) => r.level === 'city')) {
    const province = regions.get(`${city.code.slice(0, 2)}0000`);
    const cityName = city.name === province?.name ? city.name : city.name;
    for (const region of regions.districtsUnder(city.code)) {
      const urban = region.name.endsWith('区') ? 3 : region.level === 'city' ? 8 : 1.5;
      units.push({ region, cityName, weight: urban });
    }
  }
  return units;
}

export interface GeneratorOptions {
  count: number;
  seed?: number;
}

/**
 * Yields `count` institutions in chunks (constant memory for 600,000 rows). Serials start at
 * 00100 so they never collide with the hand-written famous institutions.
 */
export function* generateDirectory(regions: RegionDirectory, options: GeneratorOptions, chunkSize = 5000): Generator<Institution[]> {
  const random = createRandom(options.seed ?? 20220701);
  const units = unitsOf(regions);
  const cumulative: number[] = [];
  let sum = 0;
  for (const u of units) cumulative.push((sum += u.weight));
  const serials = new Map<string, number>();
  const usedNames = new Set<string>();
  let chunk: Institution[] = [];

  for (let i = 0; i < options.count; i++) {
    const r = random() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    const unit = units[lo]!;
    const region = unit.region.code;
    const kind = pickWeighted(random, KIND_SHARES);
    const city = shortCity(unit.cityName);
    const district = shortDistrict(unit.region.name);
    const street = pick(random, STREETS);

    let name: string;
    let type: string;
    let level: InstitutionLevel;
    if (kind === 'hospital') {
      level = pickWeighted(random, HOSPITAL_LEVELS);
      const tier = tierOf(level);
      const form = random();
      if (tier === 3 && form < 0.35) {
        name = pick(random, [`${city}市人民医院`, `${city}市中心医院`, `${city}市立医院`, `${city}市${pick(random, ORDINALS)}人民医院`, `${city}市中医院`]);
        type = name.includes('中医') ? '中医医院' : '综合医院';
      } else if (form < 0.6) {
        const full = unit.region.name.length <= 4 ? unit.region.name : district;
        name = pick(random, [`${full}人民医院`, `${district}人民医院`, `${full}中医医院`, `${full}第二人民医院`, `${city}市${district}医院`]);
        type = name.includes('中医') ? '中医医院' : '综合医院';
      } else if (form < 0.8) {
        const [suffix, t] = pick(random, SPECIALTIES);
        name = random() < 0.5 ? `${city}市${suffix}` : `${city}${pick(random, ['爱尔', '华厦', '普瑞', '康华', '博爱', '仁爱'])}${suffix}`;
        type = t;
      } else {
        name = `${city}${pick(random, SHOP_WORDS)}${pick(random, ['医院', '综合医院', '中西医结合医院'])}`;
        type = '综合医院';
      }
    } else if (kind === 'clinic') {
      level = random() < 0.45 ? '一级' : '未定级';
      const form = random();
      const place = street.replace(/(路|街|大道|大路)$/, '');
      if (form < 0.4) {
        name = `${district}${place}街道社区卫生服务中心`;
        type = '社区卫生服务中心';
      } else if (form < 0.6) {
        const rural = !unit.region.name.endsWith('区');
        name = rural ? `${district}${place}镇卫生院` : `${district}${place}社区卫生服务站`;
        type = rural ? '卫生院' : '社区卫生服务站';
      } else if (form < 0.8) {
        name = `${pick(random, SURNAMES)}${pick(random, GIVEN)}诊所`;
        type = '诊所';
      } else {
        name = `${city}${pick(random, SHOP_WORDS)}门诊部`;
        type = '门诊部';
      }
    } else {
      level = '未定级';
      type = '零售药店';
      const place = street.replace(/(路|街|大道|大路)$/, '');
      name = random() < 0.7
        ? `${pick(random, CHAINS)}（${city}）连锁有限公司${district}${place}店`
        : `${city}${pick(random, SHOP_WORDS)}大药房`;
    }
    if (usedNames.has(name)) {
      const base = name;
      name = `${base}（${street}${kind === 'pharmacy' ? '分店' : '院区'}）`;
      for (let n = 2; usedNames.has(name); n++) name = `${base}（${street}${kind === 'pharmacy' ? `第${n}分店` : `${n}院区`}）`;
    }
    usedNames.add(name);

    const serial = (serials.get(region) ?? 99) + 1;
    serials.set(region, serial);
    const code = `${kind === 'pharmacy' ? 'P' : 'H'}${region}${String(serial).padStart(5, '0')}`;

    const tier = kind === 'clinic' ? 1 : kind === 'hospital' ? tierOf(level) : 0;
    const capabilities: Capability[] = [];
    if (kind !== 'pharmacy') {
      for (const [capability, odds] of Object.entries(CAPABILITY_ODDS) as Array<[Capability, number[]]>) {
        let p = odds[tier]!;
        if (kind === 'clinic' && capability === 'inpatient') p = type === '卫生院' ? 0.6 : 0.02;
        if (random() < p) capabilities.push(capability);
      }
    }

    const [lat, lng] = districtCentre(region);
    const latitude = Math.round((lat + (random() * 2 - 1) * 0.072) * 1e6) / 1e6;
    const longitude = Math.round((lng + (random() * 2 - 1) * 0.09) * 1e6) / 1e6;
    const areaCode = AREA_CODES[`${region.slice(0, 4)}00`] ?? `0${300 + Math.floor(hash(region.slice(0, 4)) * 600)}`;
    const phone = `${areaCode}-${String(Math.floor(random() * 9e7) + 1e7)}`;
    const cityPart = unit.cityName === unit.region.name ? '' : unit.cityName;
    const address = `${cityPart}${unit.region.name}${street}${1 + Math.floor(random() * 1200)}号`;

    chunk.push({ code, name, kind, type, level, region, address, phone, latitude, longitude, capabilities, networked: true });
    if (chunk.length >= chunkSize) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}
