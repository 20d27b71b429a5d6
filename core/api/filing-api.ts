import * as z from 'zod/mini';
import { FilingInputSchema, HospitalSchema, ProofSchema } from '../filing/filing-input.schema';
import { identifier, mobilePhone, text } from '../validation/fields';
import type { FilingStatus } from '../filing/filing-status';
import type { FilingType, InsuranceType } from '../filing/filing-type';
import type { TimelineEvent } from '../filing/timeline-labels';
import type { LateFilingAdvice } from '../filing/late-filing';
import type { IsoDate } from '../time/china-date';
import type { FilingCheckView } from './policy-api';

const filingId = identifier('备案编号', 64);
const cursor = z.optional(identifier('翻页位置', 512));
const limit = z.optional(z.number('每页条数应为数字').check(z.int('每页条数应为整数'), z.minimum(1, '每页至少1条'), z.maximum(50, '每页最多50条')));
const reason = (label: string) => text(label, 200);

/** A half-filled form: any shape (the form is unfinished), but bounded in size. */
const DraftSchema = z.record(z.string().check(z.maxLength(64)), z.unknown()).check(
  z.refine((form: Record<string, unknown>) => JSON.stringify(form).length <= 16_000, '草稿内容过多'),
);

export const FilingActions = {
  saveDraft: z.object({ draft: DraftSchema }),
  getDraft: z.object({}),
  submit: z.object({ idempotencyKey: identifier('提交编号', 64), filing: FilingInputSchema }),
  /** Every rule `submit` applies for this caller (identity, input, history), writing nothing. */
  precheck: z.object({ filing: FilingInputSchema }),
  list: z.object({ cursor, limit }),
  get: z.object({ id: filingId }),
  withdraw: z.object({ id: filingId, reason: z.optional(reason('撤销原因')) }),
  cancel: z.object({ id: filingId, reason: reason('取消原因') }),
  change: z.object({
    id: filingId,
    changes: z.object(
      {
        phone: z.optional(mobilePhone),
        residenceAddress: z.optional(text('居住地址', 100)),
        hospital: z.optional(HospitalSchema),
      },
      '请填写要变更的内容',
    ).check(z.refine((c: object) => Object.values(c).some((v) => v !== undefined), '请至少填写一项要变更的内容')),
  }),
  supplement: z.object({ id: filingId, proof: ProofSchema }),
  lateFilingAdvice: z.object({ settled: z.boolean('请选择是否已经出院结算') }),
  /** 续期: files the temporary filing again, from the day after it ends, with the same details and proof. */
  renew: z.object({ id: filingId, idempotencyKey: identifier('提交编号', 64) }),
  /** 重新办理: the caller's own filing as the form's starting point (never the ID number: that comes from the binding). */
  prefill: z.object({ id: filingId }),
  /** After `wx.cloud.uploadFile`: records the caller as the file's uploader (first claim wins). */
  registerMaterial: z.object({ fileId: identifier('材料编号', 256), name: z.optional(text('材料名称', 100)) }),
};

export interface TimelineEntry {
  event: TimelineEvent;
  from?: FilingStatus;
  to?: FilingStatus;
  /** 提交申请, 开始审核, 审核通过 …: what happened, in words. */
  label: string;
  actorRole: string;
  /** Residents read 本人 / 代办人 / 苏州市医保经办机构 / 系统; the agency knows who. */
  actor: string;
  at: string;
  reason?: string;
}

export interface FilingSummary {
  id: string;
  /** 备案编号 to show and quote (20261202-042917); the `id` is for calls only, never shown. */
  filingNo?: string;
  type: FilingType;
  typeLabel: string;
  status: FilingStatus;
  statusLabel: string;
  insuredRegion: string;
  treatmentRegion: string;
  startDate: IsoDate;
  endDate?: IsoDate;
  applicantName: string;
  idNumberMasked: string;
  submittedAt: string;
  reviewDeadline?: IsoDate;
  /** 节假日安排尚未公布，期限按周末推算: the deadline crosses a year without a holiday schedule. */
  reviewDeadlineNote?: string;
  changeOf?: string;
  version: number;
}

/** 续期 of an approved temporary filing, when its type can be renewed. */
export interface RenewalView {
  /** The day from which 续期 can be tapped (and the reminder comes). */
  opensOn: IsoDate;
  /** The renewal would start on this day: the day after this filing ends. */
  startDate: IsoDate;
  /** Already renewed: the renewal's ID (for calls) and number (to show). */
  renewedBy?: { id: string; filingNo?: string };
}

export interface FilingDetail extends FilingSummary {
  /** Until this day a long-term filing can be neither cancelled nor changed except its contact details. */
  lockedUntil?: IsoDate;
  renewal?: RenewalView;
  phoneMasked: string;
  residenceAddress?: string;
  hospital?: { code?: string; name: string };
  diagnosis?: string;
  admissionDate?: IsoDate;
  fileIds: string[];
  timeline: TimelineEntry[];
  /** Which rules decided the filing: 按苏州市2026版规定，其他临时外出就医有效期1年 … */
  policyRules?: string[];
}

/** What 重新办理 fills the form with; the applicant is chosen again from the caller's bindings. */
export interface FilingPrefill {
  type: FilingType;
  /** 'self', a family member's memberId, or '' when the applicant is no longer bound to the caller. */
  applicantKey: string;
  phone: string;
  insuranceType: InsuranceType;
  insuredRegion: string;
  /** [省, 市] as the region picker shows them. */
  insuredRegionNames: string[];
  treatmentRegion: string;
  treatmentRegionNames: string[];
  residenceAddress?: string;
  hospital?: { code?: string; name: string };
  diagnosis?: string;
  proofKind: 'commitment' | 'documents';
}

export interface ListPage<T> {
  items: T[];
  nextCursor?: string;
  total?: number;
}

export interface FilingApi {
  saveDraft: { input: z.input<typeof FilingActions.saveDraft>; output: { savedAt: string } };
  getDraft: { input: z.input<typeof FilingActions.getDraft>; output: { draft: Record<string, unknown> | null; savedAt?: string } };
  submit: { input: z.input<typeof FilingActions.submit>; output: FilingSummary };
  precheck: { input: z.input<typeof FilingActions.precheck>; output: FilingCheckView };
  list: { input: z.input<typeof FilingActions.list>; output: ListPage<FilingSummary> };
  get: { input: z.input<typeof FilingActions.get>; output: FilingDetail };
  withdraw: { input: z.input<typeof FilingActions.withdraw>; output: FilingSummary };
  cancel: { input: z.input<typeof FilingActions.cancel>; output: FilingSummary };
  change: { input: z.input<typeof FilingActions.change>; output: FilingSummary };
  supplement: { input: z.input<typeof FilingActions.supplement>; output: FilingSummary };
  lateFilingAdvice: { input: z.input<typeof FilingActions.lateFilingAdvice>; output: LateFilingAdvice };
  registerMaterial: { input: z.input<typeof FilingActions.registerMaterial>; output: { fileId: string } };
  renew: { input: z.input<typeof FilingActions.renew>; output: FilingSummary };
  prefill: { input: z.input<typeof FilingActions.prefill>; output: FilingPrefill };
}
