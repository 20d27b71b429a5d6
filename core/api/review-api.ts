import * as z from 'zod/mini';
import { identifier, regionCode, text } from '../validation/fields';
import type { FilingDetail, FilingSummary, ListPage } from './filing-api';

const filingId = identifier('备案编号', 64);

export const ReviewActions = {
  whoami: z.object({}),
  queue: z.object({
    status: z.optional(z.enum(['submitted', 'in_review'], '只能按待审核或审核中筛选')),
    cursor: z.optional(identifier('翻页位置', 512)),
    limit: z.optional(z.number('每页条数应为数字').check(z.int('每页条数应为整数'), z.minimum(1, '每页至少1条'), z.maximum(50, '每页最多50条'))),
  }),
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
    openid: identifier('工作人员微信标识', 64),
    name: text('工作人员姓名', 30),
    role: z.enum(['reviewer', 'admin'], '请选择角色'),
    regions: z.array(regionCode('负责地区'), '请选择负责地区').check(z.minLength(1, '请至少选择一个负责地区'), z.maxLength(50, '负责地区太多')),
  }),
  staffRemove: z.object({ openid: identifier('工作人员微信标识', 64) }),
};

export interface StaffView {
  openid: string;
  name: string;
  role: 'reviewer' | 'admin';
  regions: string[];
}

export interface QueueItem extends FilingSummary {
  overdue: boolean;
  claimedBy?: string;
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
  overdue: boolean;
}

export interface ReviewApi {
  whoami: { input: z.input<typeof ReviewActions.whoami>; output: StaffView };
  queue: { input: z.input<typeof ReviewActions.queue>; output: ListPage<QueueItem> };
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
}
