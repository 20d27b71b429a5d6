/** A medical-insurance agency counter (医保经办机构) where residents can file in person. */
export interface Agency {
  /** Stable id, e.g. `220100-01`. */
  id: string;
  /** Where the counter is (district or city code). */
  region: string;
  name: string;
  address: string;
  phone: string;
  hours: string;
}

/**
 * Telephone area codes (区号) for the hotline "area code + 12393" (seed 001). Keyed by city,
 * provinces use their capital's code. Only the cities we know for sure are listed; elsewhere
 * the page tells the resident to dial the local area code.
 */
export const AREA_CODES: Readonly<Record<string, string>> = {
  '110100': '010', '120100': '022', '310100': '021', '500100': '023',
  '130100': '0311', '140100': '0351', '150100': '0471', '210100': '024', '220100': '0431',
  '230100': '0451', '320100': '025', '320500': '0512', '330100': '0571', '340100': '0551',
  '350100': '0591', '360100': '0791', '370100': '0531', '410100': '0371', '420100': '027',
  '430100': '0731', '440100': '020', '440300': '0755', '441900': '0769', '450100': '0771',
  '460100': '0898', '510100': '028', '520100': '0851', '530100': '0871', '540100': '0891',
  '610100': '029', '620100': '0931', '630100': '0971', '640100': '0951', '650100': '0991',
};

/** Province → capital city, for the provincial hotline. */
const CAPITALS: Readonly<Record<string, string>> = {
  '11': '110100', '12': '120100', '31': '310100', '50': '500100', '13': '130100', '14': '140100',
  '15': '150100', '21': '210100', '22': '220100', '23': '230100', '32': '320100', '33': '330100',
  '34': '340100', '35': '350100', '36': '360100', '37': '370100', '41': '410100', '42': '420100',
  '43': '430100', '44': '440100', '45': '450100', '46': '460100', '51': '510100', '52': '520100',
  '53': '530100', '54': '540100', '61': '610100', '62': '620100', '63': '630100', '64': '640100',
  '65': '650100',
};

export interface Hotline {
  areaCode: string | null;
  /** `0431-12393`, or null when the area code is not known here. */
  number: string | null;
  text: string;
}

export function hotlineFor(region: string): Hotline {
  const city = `${region.slice(0, 4)}00`;
  const areaCode =
    AREA_CODES[city] ?? (region.endsWith('0000') ? AREA_CODES[CAPITALS[region.slice(0, 2)] ?? ''] : undefined) ?? null;
  if (!areaCode) {
    return { areaCode: null, number: null, text: '医保服务热线：拨打当地区号+12393' };
  }
  const number = `${areaCode}-12393`;
  return { areaCode, number, text: `医保服务热线：${number}` };
}
