import * as z from 'zod/mini';
import { identifier, isoDate, regionCode, text } from '../validation/fields';
import { FilingInputSchema } from '../filing/filing-input.schema';
import { isRegionCodeShape } from '../region/region-code';
import { POLICY_KEYS, POLICY_VALUE_SCHEMAS, type PolicyKey, type PolicyOrigin, type PolicyValues } from '../policy/policy-values';
import type { PolicyVersion } from '../policy/policy-version';
import type { UpcomingChange } from '../policy/resolve-policy-at';
import type { CalendarDay } from '../time/holiday-schedule';
import type { ScheduleSource } from '../time/working-days';
import type { IsoDate } from '../time/china-date';

/** The national default (000000) or a province or city code. */
const policyRegion = z.string('请选择地区').check(
  z.refine((value: string) => value === '000000' || isRegionCodeShape(value), '地区代码不正确，请重新选择'),
);

const year = z.number('请填写年份').check(
  z.int('年份应为整数'),
  z.minimum(2000, '年份应在2000年到2100年之间'),
  z.maximum(2100, '年份应在2000年到2100年之间'),
);

/**
 * One entry of a pasted schedule. Only the shape is checked here; what makes a schedule right
 * (dates of that year, none twice, names present) is `scheduleProblems`, answered entry by entry.
 */
const CalendarDaySchema = z.object(
  {
    date: z.string('日期应为文字，如2027-01-01').check(z.maxLength(20, '日期不正确')),
    name: z.string('节日名称应为文字').check(z.maxLength(20, '节日名称不能超过20个字')),
    isOffDay: z.boolean('请说明这一天是放假（true）还是调休上班（false）'),
  },
  { error: '每一条应包含日期、节日名称和是否放假' },
);

/** Input schemas of the `policy` cloud function, one per action. */
export const PolicyActions = {
  get: z.object({ region: regionCode('地区') }),
  check: z.object({ filing: FilingInputSchema }),
  /** A change to one field of one region from a future day; the value must fit the field's schema. */
  propose: z
    .object({
      region: policyRegion,
      field: z.enum(POLICY_KEYS as [PolicyKey, ...PolicyKey[]], '请选择要变更的规定'),
      value: z.unknown(),
      effectiveFrom: isoDate('生效日期'),
      source: text('政策依据（文件名称和文号）', 200),
    })
    .check(
      z.superRefine((input, ctx) => {
        const parsed = POLICY_VALUE_SCHEMAS[input.field].safeParse(input.value);
        if (parsed.success) return;
        for (const issue of parsed.error.issues) {
          ctx.issues.push({ code: 'custom', path: ['value', ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))], message: issue.message, input: input.value });
        }
      }),
    ),
  approve: z.object({ changeId: identifier('变更编号', 64) }),
  changes: z.object({
    cursor: z.optional(identifier('翻页位置', 512)),
    limit: z.optional(z.number('每页条数应为数字').check(z.int('每页条数应为整数'), z.minimum(1, '每页至少1条'), z.maximum(50, '每页最多50条'))),
  }),
  loadCalendar: z.object({
    year,
    days: z.array(CalendarDaySchema, '请提供节假日安排').check(
      z.minLength(1, '节假日安排至少要有一天'),
      z.maxLength(366, '节假日安排最多366天'),
    ),
  }),
  calendar: z.object({ year }),
};

export interface PolicyView {
  region: string;
  /** 苏州市 / 江苏省 苏州市 … as the division table names it. */
  regionName: string;
  /** China date the values are resolved for (today). */
  asOf: IsoDate;
  /** The version in force today for this region (docs/policy.md). */
  version: number;
  values: PolicyValues;
  origins: Record<PolicyKey, PolicyOrigin>;
  /** Approved changes that take effect later, in date order. */
  upcoming: UpcomingChange[];
  /** The versions this region's resolution reads, so the phone resolves exactly as the server. */
  versions: PolicyVersion[];
}

export interface FilingCheckView {
  accepted: true;
  /** Filled in from the policy when a temporary filing gave none. */
  endDate?: IsoDate;
  /** Approved at once online, or decided by staff within `reviewWorkingDays`. */
  review: { mode: 'instant' | 'staff'; workingDays: number };
}

/** 待审批 / 已批准 / 未及时审批（已过生效日期） */
export type PolicyChangeState = 'proposed' | 'approved' | 'lapsed';

/** A proposal and its decision, as the admins' pages show it: names and dates, no openids. */
export interface PolicyChangeView {
  changeId: string;
  region: string;
  regionName: string;
  field: PolicyKey;
  fieldLabel: string;
  value: unknown;
  valueText: string;
  effectiveFrom: IsoDate;
  source: string;
  state: PolicyChangeState;
  stateLabel: string;
  proposerName: string;
  proposedAt: string;
  approverName?: string;
  approvedAt?: string;
  /** The version number the approval created. */
  version?: number;
  /** The caller proposed it, so the caller may not approve it. */
  mine: boolean;
  canApprove: boolean;
  /** 自2027年1月1日起，苏州市其他临时外出就医有效期6个月 */
  summary: string;
}

export interface CalendarView {
  year: number;
  /** A schedule is known (loaded or built in): deadlines of that year count its holidays. */
  known: boolean;
  source?: ScheduleSource;
  days?: CalendarDay[];
  loadedAt?: string;
  loadedByName?: string;
}

export interface CalendarLoadView extends CalendarView {
  /** Open filings whose review deadline changed. */
  recomputed: number;
  /** Some open filings are still to be recomputed; the scheduled pass finishes them. */
  pending: boolean;
}

export interface PolicyApi {
  get: { input: z.input<typeof PolicyActions.get>; output: PolicyView };
  check: { input: z.input<typeof PolicyActions.check>; output: FilingCheckView };
  propose: { input: z.input<typeof PolicyActions.propose>; output: PolicyChangeView };
  approve: { input: z.input<typeof PolicyActions.approve>; output: PolicyChangeView };
  /** A list page (`ListPage` of filing-api, spelled out: filing-api already imports this file). */
  changes: { input: z.input<typeof PolicyActions.changes>; output: { items: PolicyChangeView[]; nextCursor?: string } };
  loadCalendar: { input: z.input<typeof PolicyActions.loadCalendar>; output: CalendarLoadView };
  calendar: { input: z.input<typeof PolicyActions.calendar>; output: CalendarView };
}
