import * as z from 'zod/mini';
import { pageCursor, regionCode } from '../validation/fields';
import { hasBidiControl, isUnreadable } from '../validation/characters';
import { scrubIdNumbers } from '../identity/scrub-id-numbers';
import { CAPABILITIES, INSTITUTION_CODE, INSTITUTION_KINDS, INSTITUTION_LEVELS } from './institution';

/**
 * Input schemas of the `institution` cloud function. The limits are hard: they keep every
 * query cheap (a page is at most 50 rows, a radius at most 50 km, a keyword at most 50 字).
 */
export const MAX_PAGE_SIZE = 50;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_RADIUS_KM = 50;
export const MAX_KEYWORD_LENGTH = 50;

const latitude = z.number({ error: '纬度应为数字' }).check(
  z.gte(-90, '纬度应在-90到90之间'),
  z.lte(90, '纬度应在-90到90之间'),
);
const longitude = z.number({ error: '经度应为数字' }).check(
  z.gte(-180, '经度应在-180到180之间'),
  z.lte(180, '经度应在-180到180之间'),
);
const radiusKm = z.number({ error: '搜索范围应为数字（公里）' }).check(
  z.gt(0, '搜索范围应大于0公里'),
  z.lte(MAX_RADIUS_KM, `搜索范围最大${MAX_RADIUS_KM}公里`),
);
const pageSize = z.int({ error: '每页条数应为整数' }).check(
  z.gte(1, '每页至少1条'),
  z.lte(MAX_PAGE_SIZE, `每页最多${MAX_PAGE_SIZE}条`),
);
/** No control or direction characters (NUL once broke the full-text query); ID numbers masked. */
const keyword = z.string({ error: '关键词应为文字' }).check(
  z.maxLength(MAX_KEYWORD_LENGTH, `关键词不能超过${MAX_KEYWORD_LENGTH}个字`),
  z.refine((value: string) => !isUnreadable(value) && !hasBidiControl(value), '关键词不能包含控制字符'),
  z.overwrite(scrubIdNumbers),
);
const kind = z.enum(INSTITUTION_KINDS, { error: '机构类型只能是医院、药店或诊所' });
const level = z.enum(INSTITUTION_LEVELS, { error: '医院等级不正确' });
const capabilities = z.array(z.enum(CAPABILITIES, { error: '结算类别不正确' }), { error: '结算类别应为列表' }).check(
  z.maxLength(CAPABILITIES.length, '结算类别不正确'),
);
const cursor = pageCursor;
const position = z.object({ latitude, longitude }, { error: '位置应包含经度和纬度' });

export const SEARCH_SORTS = ['relevance', 'distance', 'level'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export const InstitutionActions = {
  search: z
    .object({
      region: z.optional(regionCode('地区')),
      kind: z.optional(kind),
      level: z.optional(level),
      capabilities: z.optional(capabilities),
      keyword: z.optional(keyword),
      position: z.optional(position),
      radiusKm: z.optional(radiusKm),
      sort: z.optional(z.enum(SEARCH_SORTS, { error: '排序方式只能是相关度、距离或等级' })),
      pageSize: z.optional(pageSize),
      cursor: z.optional(cursor),
    })
    .check(
      z.superRefine((input, ctx) => {
        if (!input.position && input.sort === 'distance') {
          ctx.issues.push({ code: 'custom', path: ['position'], message: '按距离排序需要您的位置，请允许获取位置或换一种排序', input });
        }
        if (!input.position && input.radiusKm !== undefined) {
          ctx.issues.push({ code: 'custom', path: ['position'], message: '按范围搜索需要您的位置', input });
        }
      }),
    ),
  nearby: z.object({
    latitude,
    longitude,
    radiusKm,
    kind: z.optional(kind),
    level: z.optional(level),
    capabilities: z.optional(capabilities),
    keyword: z.optional(keyword),
    pageSize: z.optional(pageSize),
    cursor: z.optional(cursor),
  }),
  get: z.object({
    code: z.string({ error: '缺少机构编码' }).check(
      z.trim(),
      z.regex(INSTITUTION_CODE, '机构编码不正确，应为H或P加11位数字'),
    ),
  }),
  agencies: z.object({ region: regionCode('地区') }),
};

export type SearchInput = z.output<typeof InstitutionActions.search>;
export type NearbyInput = z.output<typeof InstitutionActions.nearby>;
