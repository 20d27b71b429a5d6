import * as z from 'zod/mini';
import { identifier, isoDate, openidField, pageCursor, personName, regionCode, residentIdNumber, text } from '../validation/fields';
import type { FilingDetail, FilingSummary, ListPage } from './filing-api';
import { addMonths, type IsoDate } from '../time/china-date';

const filingId = identifier('备案编号', 64);
const limit = z.optional(z.number('每页条数应为数字').check(z.int('每页条数应为整数'), z.minimum(1, '每页至少1条'), z.maximum(50, '每页最多50条')));
/** A date range of at most a year (`from` ≤ `to`), China time. */
const dateRange = {
  from: isoDate('开始日期'),
  to: isoDate('结束日期'),
};
/**
 * The bounds of `dateRange`, as checks on the object: `from` ≤ `to`, and a span of about a year.
 * Two spans exist because two tests fixed them before they met: the access log takes the same
 * day a year later (`to` ≤ from + 12 months); history, stats and export stop the day before
 * (`to` < from + 12 months, twelve months of days). Both refuse with REQUEST.INVALID naming `to`.
 */
function rangeCheck(lastDayIncluded: boolean) {
  return z.superRefine((input: { from: string; to: string }, ctx) => {
    const yearOn = addMonths(input.from as IsoDate, 12);
    if (input.from > input.to) ctx.issues.push({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期', input });
    else if (lastDayIncluded ? input.to > yearOn : input.to >= yearOn) ctx.issues.push({ code: 'custom', path: ['to'], message: '查询范围最长一年，请缩短日期范围', input });
  });
}
/** A log's range: up to the same day a year later. */
export const withinAYear = rangeCheck(true);
/** A report's range: twelve months of days at most. */
export const withinTwelveMonths = rangeCheck(false);

/** The four tabs of the desk: 待审核 (unclaimed), 我在审 (claimed by me), 已退回 (awaiting the resident), 已办结 (decided). */
export const QUEUE_TABS = ['pending', 'mine', 'returned', 'done'] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];

/** A decision as history, stats and export name it. */
export const DECISIONS = ['approved', 'rejected', 'returned', 'closed'] as const;
export type Decision = (typeof DECISIONS)[number];

export const ReviewActions = {
  whoami: z.object({}),
  queue: z.object({
    status: z.optional(z.enum(['submitted', 'in_review'], '只能按待审核或审核中筛选')),
    /** Wins over `status` when both are given; with neither, the open filings (submitted + in review). By review deadline, earliest first; 'done' newest decision first. */
    tab: z.optional(z.enum(QUEUE_TABS, '请选择待审核、我在审、已退回或已办结')),
    cursor: z.optional(pageCursor),
    limit,
  }),
  /** The counts on the tabs, and how many of my regions' open filings are overdue now. */
  queueCounts: z.object({}),
  /** Decided filings of my regions whose decision fell in [from, to]. */
  history: z.object({ ...dateRange, decision: z.optional(z.enum(DECISIONS, '请选择审核结果')), cursor: z.optional(pageCursor), limit }).check(withinTwelveMonths),
  /** Exactly one of the three; filings of my regions only. A full ID number is found by its HMAC and the lookup is audited. */
  search: z.object({
    filingNo: z.optional(text('备案编号', 32)),
    idNumber: z.optional(residentIdNumber),
    name: z.optional(text('姓名', 30)),
  }).check(
    z.refine(
      (q: { filingNo?: string; idNumber?: string; name?: string }) => [q.filingNo, q.idNumber, q.name].filter((v) => v !== undefined).length === 1,
      '请只填写备案编号、身份证号或姓名中的一项',
    ),
  ),
  /** What the resident will be told if this decision is confirmed: the same words the notification sends. */
  previewDecision: z.object({ id: filingId, decision: z.enum(['approve', 'reject', 'return'], '请选择审核结果'), reason: z.optional(text('审核意见', 200)) }),
  /** Per region of mine: received, decided, overdue now, median working days, share within the deadline. */
  stats: z.object(dateRange).check(withinTwelveMonths),
  /** The decided filings of my regions in [from, to] as an .xlsx in cloud storage, readable by the caller only. */
  export: z.object(dateRange).check(withinTwelveMonths),
  /** Admin: who revealed a full ID number or searched by one, when, which filing. */
  piiAccessLog: z.object({ ...dateRange, cursor: z.optional(pageCursor), limit }).check(withinAYear),
  get: z.object({ id: filingId, revealIdNumber: z.optional(z.boolean('请说明是否查看完整身份证号')) }),
  claim: z.object({ id: filingId }),
  release: z.object({ id: filingId }),
  approve: z.object({ id: filingId, reason: z.optional(text('审核意见', 200)) }),
  reject: z.object({ id: filingId, reason: text('不通过的原因', 200) }),
  return: z.object({ id: filingId, reason: text('需要补充的材料', 200) }),
  /** A short-lived link to a material of the filing (storage lets only its uploader read it directly). */
  materialLink: z.object({ id: filingId, fileId: identifier('材料编号', 256) }),
  staffList: z.object({}),
  staffAdd: z.object({
    openid: openidField('工作人员微信标识'),
    name: personName('工作人员姓名', 30),
    role: z.enum(['reviewer', 'admin'], '请选择角色'),
    regions: z.array(regionCode('负责地区'), '请选择负责地区').check(z.minLength(1, '请至少选择一个负责地区'), z.maxLength(50, '负责地区太多')),
  }),
  staffRemove: z.object({ openid: openidField('工作人员微信标识') }),
  /** Admin: a staff member's name, role or regions (at least one of them). */
  staffUpdate: z.object({
    openid: openidField('工作人员微信标识'),
    name: z.optional(personName('工作人员姓名', 30)),
    role: z.optional(z.enum(['reviewer', 'admin'], '请选择角色')),
    regions: z.optional(z.array(regionCode('负责地区'), '请选择负责地区').check(z.minLength(1, '请至少选择一个负责地区'), z.maxLength(50, '负责地区太多'))),
  }).check(
    z.refine(
      (u: { name?: string; role?: string; regions?: string[] }) => u.name !== undefined || u.role !== undefined || u.regions !== undefined,
      '请至少修改姓名、角色或负责地区中的一项',
    ),
  ),
};

/** A region code with its name as staff read it: 江苏省苏州市. */
export interface NamedRegion {
  code: string;
  name: string;
}

export interface StaffView {
  openid: string;
  name: string;
  role: 'reviewer' | 'admin';
  regions: string[];
  /** The same regions by name, in the same order. */
  regionNames: string[];
}

export interface QueueItem extends FilingSummary {
  overdue: boolean;
  claimedBy?: string;
  /** The claiming reviewer's display name. */
  claimedByName?: string;
  insuredRegionName: string;
  treatmentRegionName: string;
  /** Set on 已办结 items, history and search results once decided. */
  decision?: Decision;
  decidedAt?: string;
  reviewerName?: string;
  reason?: string;
  /** The reviewer is this filing's applicant or agent: someone else must decide it. */
  ownCase?: true;
}

export interface ReviewDetail extends FilingDetail {
  /** Present only when asked for, and that viewing is recorded in the audit trail. */
  idNumber?: string;
  applicantFullName: string;
  phone: string;
  /** The account holder who filed for a relative; `relationship` is what the applicant is to the agent (母亲…). */
  agent?: { name: string; idNumberMasked: string; phone?: string; relationship: string };
  claimedBy?: string;
  claimedByName?: string;
  insuredRegionName: string;
  treatmentRegionName: string;
  overdue: boolean;
  /** A change request: each changed field, old → new, as the reviewer compares them. */
  changes?: FieldChange[];
}

/** One field of a change request: what it was on the base filing and what the request asks for. */
export interface FieldChange {
  field: string;
  /** 联系电话, 居住地址, 定点医院 … */
  label: string;
  before: string;
  after: string;
}

export interface QueueCounts {
  pending: number;
  mine: number;
  returned: number;
  done: number;
  /** Open filings (待审核 + 审核中) of my regions past their review deadline today. */
  overdue: number;
}

/** Exactly what the resident's notification and inbox will say. */
export interface DecisionPreview {
  title: string;
  /** The lines of the message in order, as the resident reads them. */
  lines: string[];
}

export interface RegionStats {
  region: NamedRegion;
  /** Filings of the region submitted in the range. */
  received: number;
  decided: { approved: number; rejected: number; returned: number; closed: number };
  /** Open filings past their deadline today (not bound to the range). */
  overdueNow: number;
  /** Median of working days from submission to decision for decisions in the range; absent with no decisions. */
  medianWorkingDays?: number;
  /** Decisions in the range made on or before their deadline ÷ decisions in the range (0–1); absent with no decisions. */
  withinDeadlineShare?: number;
}

export interface ReviewStats {
  from: IsoDate;
  to: IsoDate;
  regions: RegionStats[];
}

export interface PiiAccessEntry {
  id: string;
  at: string;
  staffOpenid: string;
  staffName: string;
  /** 'reveal': viewed a full ID number; 'search': searched by a full ID number. */
  kind: 'reveal' | 'search';
  filingId?: string;
  filingNo?: string;
}

export interface ReviewApi {
  whoami: { input: z.input<typeof ReviewActions.whoami>; output: StaffView };
  queue: { input: z.input<typeof ReviewActions.queue>; output: ListPage<QueueItem> };
  queueCounts: { input: z.input<typeof ReviewActions.queueCounts>; output: QueueCounts };
  history: { input: z.input<typeof ReviewActions.history>; output: ListPage<QueueItem> };
  search: { input: z.input<typeof ReviewActions.search>; output: ListPage<QueueItem> };
  previewDecision: { input: z.input<typeof ReviewActions.previewDecision>; output: DecisionPreview };
  stats: { input: z.input<typeof ReviewActions.stats>; output: ReviewStats };
  /** `url` is a short-lived link for the requester alone (the phone downloads it, then wx.openDocument). */
  export: { input: z.input<typeof ReviewActions.export>; output: { fileId: string; rows: number; url: string; expiresAt: string } };
  piiAccessLog: { input: z.input<typeof ReviewActions.piiAccessLog>; output: ListPage<PiiAccessEntry> };
  get: { input: z.input<typeof ReviewActions.get>; output: ReviewDetail };
  claim: { input: z.input<typeof ReviewActions.claim>; output: FilingSummary };
  release: { input: z.input<typeof ReviewActions.release>; output: FilingSummary };
  approve: { input: z.input<typeof ReviewActions.approve>; output: FilingSummary };
  reject: { input: z.input<typeof ReviewActions.reject>; output: FilingSummary };
  return: { input: z.input<typeof ReviewActions.return>; output: FilingSummary };
  materialLink: { input: z.input<typeof ReviewActions.materialLink>; output: { url: string; expiresAt: string } };
  staffList: { input: z.input<typeof ReviewActions.staffList>; output: ListPage<StaffView> };
  staffAdd: { input: z.input<typeof ReviewActions.staffAdd>; output: StaffView };
  staffRemove: { input: z.input<typeof ReviewActions.staffRemove>; output: { removed: true } };
  staffUpdate: { input: z.input<typeof ReviewActions.staffUpdate>; output: StaffView };
}
