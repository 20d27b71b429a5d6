import {
  CAPABILITIES,
  CAPABILITY_LABELS,
  INSTITUTION_CODE,
  INSTITUTION_LEVELS,
  type Capability,
  type Institution,
  type InstitutionKind,
  type InstitutionLevel,
} from '../../core/institution/institution';
import type { RegionDirectory } from '../regions/region-directory';

/**
 * The directory file format (docs/institutions.md): UTF-8 CSV (BOM allowed), first line the
 * national platform's Chinese headings, one institution per line. Column order is free;
 * unknown columns are ignored.
 */
export const HEADINGS = {
  code: '机构编码',
  name: '机构名称',
  kind: '机构类型',
  type: '机构类别',
  level: '医院等级',
  region: '所在地区(行政区划代码)',
  address: '详细地址',
  phone: '联系电话',
  longitude: '经度',
  latitude: '纬度',
} as const;

const REQUIRED: readonly string[] = [
  HEADINGS.code, HEADINGS.name, HEADINGS.kind, HEADINGS.region, HEADINGS.address, HEADINGS.longitude, HEADINGS.latitude,
];

/** Capability columns: 是 / 否 (also 1/0, Y/N); empty means 否. */
export const CAPABILITY_HEADINGS: Record<Capability, string> = CAPABILITY_LABELS;

const KIND_WORDS: Record<string, InstitutionKind> = {
  医院: 'hospital',
  定点医疗机构: 'hospital',
  药店: 'pharmacy',
  定点零售药店: 'pharmacy',
  零售药店: 'pharmacy',
  诊所: 'clinic',
  基层医疗机构: 'clinic',
};
const KIND_NAMES: Record<InstitutionKind, string> = { hospital: '医院', pharmacy: '药店', clinic: '诊所' };

const YES = new Set(['是', '1', 'y', 'Y', 'yes', '√']);
const NO = new Set(['否', '0', 'n', 'N', 'no', '']);

export interface RowProblem {
  /** Line in the file (the heading is line 1). */
  line: number;
  reason: string;
}

export interface ParsedDirectory {
  institutions: Institution[];
  problems: RowProblem[];
  /** Set when the file cannot be read at all (missing headings). */
  fatal?: string;
}

/** RFC 4180 records with the line each starts on: quotes, doubled quotes, CRLF, newlines in quotes. */
export function* csvRecords(text: string): Generator<{ line: number; fields: string[] }> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else quoted = false;
        } else {
          if (c === '\n') line++;
          field += c;
        }
      } else if (c === '"' && field === '') quoted = true;
      else if (c === ',') {
        fields.push(field);
        field = '';
      } else if (c === '\n' || c === '\r') {
        if (c === '\r' && text[i + 1] === '\n') i++;
        i++;
        line++;
        break;
      } else field += c;
    }
    fields.push(field);
    if (!(fields.length === 1 && fields[0]!.trim() === '')) yield { line: start, fields };
  }
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return [...Object.values(HEADINGS), ...CAPABILITIES.map((c) => CAPABILITY_HEADINGS[c])].map(csvField).join(',');
}

export function csvLine(i: Institution): string {
  const has = new Set(i.capabilities);
  return [
    i.code, i.name, KIND_NAMES[i.kind], i.type, i.level, i.region, i.address, i.phone, i.longitude, i.latitude,
    ...CAPABILITIES.map((c) => (has.has(c) ? '是' : '否')),
  ]
    .map(csvField)
    .join(',');
}

/** Parses and validates every row; good rows come back, bad ones each with line and reason. */
export function parseDirectoryCsv(text: string, regions: RegionDirectory): ParsedDirectory {
  const records = csvRecords(text);
  const head = records.next();
  if (head.done) return { institutions: [], problems: [], fatal: '文件是空的' };
  const columns = head.value.fields.map((h) => h.trim());
  const missing = REQUIRED.filter((h) => !columns.includes(h));
  if (missing.length > 0) return { institutions: [], problems: [], fatal: `缺少列：${missing.join('、')}` };
  const at = (name: string) => columns.indexOf(name);

  const institutions: Institution[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of records) {
    const get = (name: string) => {
      const index = at(name);
      return index < 0 ? '' : (fields[index] ?? '').trim();
    };
    const reasons: string[] = [];
    const code = get(HEADINGS.code).toUpperCase();
    const name = get(HEADINGS.name);
    const kindWord = get(HEADINGS.kind);
    const kind = KIND_WORDS[kindWord];
    const levelText = get(HEADINGS.level) || '未定级';
    const region = get(HEADINGS.region);
    const address = get(HEADINGS.address);
    const phone = get(HEADINGS.phone);
    const longitude = Number(get(HEADINGS.longitude));
    const latitude = Number(get(HEADINGS.latitude));

    if (!INSTITUTION_CODE.test(code)) reasons.push(`机构编码“${code}”不正确，应为H或P加11位数字`);
    if (!name) reasons.push('机构名称为空');
    else if (name.length > 100) reasons.push('机构名称超过100个字');
    if (!kind) reasons.push(`机构类型“${kindWord}”不正确，应为医院、药店或诊所`);
    if (!(INSTITUTION_LEVELS as readonly string[]).includes(levelText)) reasons.push(`医院等级“${levelText}”不正确`);
    const info = regions.get(region);
    if (!info) reasons.push(`所在地区“${region}”不是有效的行政区划代码`);
    else if (info.level === 'province') reasons.push('所在地区应填写到区县');
    if (INSTITUTION_CODE.test(code) && info && code.slice(1, 7) !== region) reasons.push('机构编码中的地区与所在地区不一致');
    if (kind && INSTITUTION_CODE.test(code) && (code[0] === 'P') !== (kind === 'pharmacy')) {
      reasons.push('药店的编码以P开头，医疗机构的编码以H开头');
    }
    if (!address) reasons.push('详细地址为空');
    else if (address.length > 200) reasons.push('详细地址超过200个字');
    if (phone.length > 40 || /[^\d\-+ ,;、()（）转]/.test(phone)) reasons.push(`联系电话“${phone.slice(0, 40)}”不正确`);
    if (!Number.isFinite(longitude) || longitude < 73 || longitude > 136 || get(HEADINGS.longitude) === '') {
      reasons.push('经度应为73到136之间的数字');
    }
    if (!Number.isFinite(latitude) || latitude < 3 || latitude > 54 || get(HEADINGS.latitude) === '') {
      reasons.push('纬度应为3到54之间的数字');
    }
    const capabilities: Capability[] = [];
    for (const c of CAPABILITIES) {
      const value = get(CAPABILITY_HEADINGS[c]);
      if (YES.has(value)) capabilities.push(c);
      else if (!NO.has(value)) reasons.push(`“${CAPABILITY_HEADINGS[c]}”应填是或否`);
    }
    if (kind === 'pharmacy' && capabilities.length > 0) reasons.push('药店只能使用个人账户购药，不能开通住院、门诊或慢特病结算');
    const earlier = seen.get(code);
    if (earlier !== undefined) reasons.push(`机构编码与第${earlier}行重复`);

    if (reasons.length > 0) {
      problems.push({ line, reason: reasons.join('；') });
      continue;
    }
    seen.set(code, line);
    institutions.push({
      code,
      name,
      kind: kind!,
      type: get(HEADINGS.type) || (kind === 'pharmacy' ? '零售药店' : '医疗机构'),
      level: levelText as InstitutionLevel,
      region,
      address,
      phone,
      latitude,
      longitude,
      capabilities,
      networked: true,
    });
  }
  return { institutions, problems };
}
