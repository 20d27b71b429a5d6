import type { Capability, Institution, InstitutionKind, InstitutionLevel } from '../../core/institution/institution';
import { AREA_CODES } from '../../core/institution/agency';
import { cityOf } from '../../core/region/region-code';
import type { RegionDirectory, RegionInfo } from '../regions/region-directory';
import { districtCentre } from './directory-generator';
import { FAMOUS_INSTITUTIONS } from './famous-institutions';

/**
 * What residents look for in every prefecture city, so the demo directory answers real searches
 * (人民医院 in 苏州, 妇幼保健院, a community health centre, a pharmacy near home): each city's
 * 人民医院, 中医院 and 妇幼保健院, and a community health centre and a pharmacy in each of its
 * first five districts. Deterministic; made-up addresses and phones in the national code pattern, with
 * serials 00050–00099 per district (the famous hospitals use 00001–, the generator 00100–).
 * Not part of the benchmark's generated directory: `npm start` seeds it beside that.
 */
const ALL: Capability[] = ['inpatient', 'generalOutpatient', 'hypertension', 'diabetes', 'chemoRadiotherapy', 'dialysis', 'antiRejection'];
const TCM: Capability[] = ['inpatient', 'generalOutpatient', 'hypertension', 'diabetes'];
const MATERNAL: Capability[] = ['inpatient', 'generalOutpatient'];
const COMMUNITY: Capability[] = ['generalOutpatient', 'hypertension', 'diabetes'];

const STREETS = ['人民路', '解放路', '中山路', '建设路', '和平路', '新华路', '文化路', '健康路'];
const PHARMACY_CHAINS = ['老百姓大药房', '益丰大药房', '国大药房', '大参林', '一心堂'];
const FIRST_SERIAL = 50;
/** Districts of a city (urban ones first) that get a community health centre and a pharmacy each. */
const DISTRICTS_PER_CITY = 5;

interface Entry {
  name: string;
  /** The street the name says it is on (a community centre, a pharmacy). */
  street?: string;
  kind: InstitutionKind;
  type: string;
  level: InstitutionLevel;
  capabilities: Capability[];
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) / 4294967296;
}

/** 苏州市 → 苏州; 延边朝鲜族自治州 and 阿克苏地区 keep their names (as their hospitals are called). */
function shortName(city: string): string {
  return city.endsWith('市') ? city.slice(0, -1) : city;
}

/** Urban districts first: that is where the city's hospitals stand. */
function districtsOf(regions: RegionDirectory, city: RegionInfo): RegionInfo[] {
  const all = regions.districtsUnder(city.code);
  return [...all.filter((d) => d.name.endsWith('区')), ...all.filter((d) => !d.name.endsWith('区'))];
}

function cityEntries(cityName: string): Entry[] {
  const city = /(市|地区|州|盟|区)$/.test(cityName) ? cityName : `${cityName}市`;
  return [
    { name: `${city}人民医院`, kind: 'hospital', type: '综合医院', level: '三级甲等', capabilities: ALL },
    { name: `${city}中医院`, kind: 'hospital', type: '中医医院', level: '三级甲等', capabilities: TCM },
    { name: `${city}妇幼保健院`, kind: 'hospital', type: '妇幼保健院', level: '三级', capabilities: MATERNAL },
  ];
}

/** `wholeCity`: the city is its own smallest unit (东莞, 仙桃): no district name in front. */
function districtEntries(cityName: string, district: RegionInfo, index: number, wholeCity: boolean): Entry[] {
  const street = STREETS[Math.floor(hash(`${district.code}street`) * STREETS.length)]!;
  const place = street.replace(/路$/, '');
  const chain = PHARMACY_CHAINS[(index + Math.floor(hash(district.code) * PHARMACY_CHAINS.length)) % PHARMACY_CHAINS.length]!;
  const districtName = wholeCity || district.level === 'city' ? shortName(cityName) : district.name;
  return [
    { name: `${districtName}${place}街道社区卫生服务中心`, street, kind: 'clinic', type: '社区卫生服务中心', level: '一级', capabilities: COMMUNITY },
    { name: `${chain}（${shortName(cityName)}）${districtName}${street}店`, street, kind: 'pharmacy', type: '零售药店', level: '未定级', capabilities: [] },
  ];
}

/** 省直辖县级行政区划 (仙桃, 济源, 石河子…) is bookkeeping: each of its county-level cities is a city of its own. */
const DIRECTLY_ADMINISTERED = /直辖县级行政区划$/;

/** The places that get their own 人民医院: prefecture cities, and the directly administered county-level cities. */
function cityUnits(regions: RegionDirectory): { city: RegionInfo; districts: RegionInfo[] }[] {
  return regions.all().filter((r) => r.level === 'city').flatMap((city) => {
    const districts = districtsOf(regions, city);
    if (!DIRECTLY_ADMINISTERED.test(city.name)) return [{ city, districts }];
    return districts.map((district) => ({ city: { ...district, fullName: district.fullName.replace(city.name, '') }, districts: [district] }));
  });
}

export function cityEssentials(regions: RegionDirectory): Institution[] {
  // Names already taken (famous hospitals, and cities the division table lists twice, 重庆 市辖区/县).
  const taken = new Set(FAMOUS_INSTITUTIONS.map((i) => i.name));
  const out: Institution[] = [];
  const serials = new Map<string, number>();
  for (const { city, districts } of cityUnits(regions)) {
    const home = districts[0];
    if (!home) continue;
    const areaCode = AREA_CODES[cityOf(city.code)] ?? `0${300 + Math.floor(hash(city.code.slice(0, 4)) * 600)}`;
    const add = (entry: Entry, at: RegionInfo) => {
      if (taken.has(entry.name)) return;
      taken.add(entry.name);
      const serial = serials.get(at.code) ?? FIRST_SERIAL;
      serials.set(at.code, serial + 1);
      const [lat, lng] = districtCentre(at.code);
      const jitter = (salt: string) => (hash(`${entry.name}${salt}`) * 2 - 1) * 0.02;
      const street = entry.street ?? STREETS[Math.floor(hash(`${entry.name}street`) * STREETS.length)]!;
      out.push({
        code: `${entry.kind === 'pharmacy' ? 'P' : 'H'}${at.code}${String(serial).padStart(5, '0')}`,
        name: entry.name,
        kind: entry.kind,
        type: entry.type,
        level: entry.level,
        region: at.code,
        address: `${at.fullName.replace(/(自治区|省)?直辖县级行政区划/, '')}${street}${1 + Math.floor(hash(`${entry.name}no`) * 300)}号`,
        phone: `${areaCode}-${String(10_000_000 + Math.floor(hash(`${entry.name}phone`) * 89_999_999))}`,
        latitude: Math.round((lat + jitter('lat')) * 1e6) / 1e6,
        longitude: Math.round((lng + jitter('lng')) * 1e6) / 1e6,
        capabilities: [...entry.capabilities],
        networked: true,
      });
    };
    for (const entry of cityEntries(city.name)) add(entry, home);
    districts.slice(0, DISTRICTS_PER_CITY).forEach((district, index) => {
      for (const entry of districtEntries(city.name, district, index, district === home && city.code === home.code)) add(entry, district);
    });
  }
  return out;
}
