import type { AppError, FieldErrors } from '../errors/result';
import type { ErrorCode } from '../errors/error-code';
import { messageOf } from '../errors/error-code';
import { regionLevel, sameProvince } from '../region/region-code';
import { addDays, addMonths, chinaDateText, daysBetween, type IsoDate } from '../time/china-date';
import { commitmentAllowed, validityOf, type PolicyValues, type ValidityPeriod } from '../policy/policy-values';
import { FILING_TYPE_RULES, isTemporary, type TemporaryFilingType } from './filing-type';
import type { FilingInput } from './filing-input.schema';

export interface FilingCheckContext {
  /** Effective policy of the insured region (参保地政策). */
  policy: PolicyValues;
  /** Today in China time. */
  today: IsoDate;
  /** Whether a region code exists; the server answers from the division table, the client skips. */
  regionExists?: (code: string) => boolean;
}

/** The filing as it will be stored: the input plus what the rules fill in. */
export interface CheckedFiling extends FilingInput {
  /** Temporary filings end; long-term ones run until changed or cancelled (undefined). */
  endDate?: IsoDate;
}

export type FilingCheck = { ok: true; filing: CheckedFiling } | { ok: false; error: AppError };

interface Violation {
  code: ErrorCode;
  field: string;
  message: string;
}

/** The last day a temporary filing starting on `start` may run. */
export function latestEndDate(start: IsoDate, validity: ValidityPeriod): IsoDate {
  const after = validity.unit === 'month' ? addMonths(start, validity.amount) : addDays(start, validity.amount);
  return addDays(after, -1);
}

/** Collect all violations so the form can mark every wrong field at once. */
function violationsOf(input: FilingInput, ctx: FilingCheckContext): Violation[] {
  const out: Violation[] = [];
  const add = (code: ErrorCode, field: string, message: string = messageOf(code)) => {
    out.push({ code, field, message });
  };
  const rule = FILING_TYPE_RULES[input.type];

  for (const [field, code] of [['insuredRegion', input.insuredRegion], ['treatmentRegion', input.treatmentRegion]] as const) {
    if (ctx.regionExists && !ctx.regionExists(code)) add('REGION.UNKNOWN', field, '没有这个地区，请重新选择');
  }
  if (sameProvince(input.insuredRegion, input.treatmentRegion)) {
    add('REGION.SAME_PROVINCE', 'treatmentRegion', '就医地与参保地在同一省份，不需要办理跨省备案');
  }
  if (regionLevel(input.treatmentRegion) === 'district') {
    add('REGION.TREATMENT_LEVEL', 'treatmentRegion', '就医地请选择到省或地级市');
  }

  const missing: Record<string, string> = {
    residenceAddress: '请填写在就医地的居住地址',
    hospital: '请填写就医的医院',
    diagnosis: '请填写诊断',
    admissionDate: '请选择急诊入院日期',
  };
  for (const field of rule.requiredFields) {
    if (input[field] === undefined) add('FILING.FIELD_REQUIRED', field, missing[field]);
  }

  if (input.proof.kind === 'commitment' && !commitmentAllowed(ctx.policy, input.type)) {
    add(
      rule.documentsAccepted ? 'FILING.TYPE_NEEDS_PROOF' : 'FILING.COMMITMENT_NOT_ALLOWED',
      'proof',
      `${rule.label}需要上传证明材料：${rule.documents.join('或')}`,
    );
  }
  if (input.proof.kind === 'documents' && !rule.documentsAccepted) {
    add('FILING.COMMITMENT_REQUIRED', 'proof', `${rule.label}以个人承诺方式办理，请签署个人承诺书`);
  }

  if (input.agent && input.agent.idNumber === input.applicant.idNumber) {
    add('FILING.AGENT_IS_APPLICANT', 'agent.idNumber');
  }

  if (input.startDate > addDays(ctx.today, 365)) {
    add('FILING.DATE_INVALID', 'startDate', '开始日期不能晚于一年以后');
  }

  if (isTemporary(input.type)) {
    const latest = latestEndDate(input.startDate, validityOf(ctx.policy, input.type as TemporaryFilingType));
    if (input.endDate !== undefined) {
      if (input.endDate < input.startDate) add('FILING.DATE_INVALID', 'endDate', '结束日期不能早于开始日期');
      else if (input.endDate > latest) {
        add('FILING.END_DATE_OUT_OF_RANGE', 'endDate', `备案有效期最晚到${chinaDateText(latest)}，请重新选择结束日期`);
      } else if (input.endDate < ctx.today) add('FILING.DATE_INVALID', 'endDate', '结束日期已经过去');
    } else if (latest < ctx.today) {
      add('FILING.DATE_INVALID', 'startDate', '按这个开始日期，备案有效期已经过去');
    }
  } else if (input.endDate !== undefined) {
    add('FILING.DATE_INVALID', 'endDate', '长期备案一直有效，不需要结束日期');
  }

  if (input.type === 'emergency' && input.admissionDate !== undefined) {
    if (input.admissionDate > ctx.today) {
      add('FILING.DATE_INVALID', 'admissionDate', '入院日期不能晚于今天');
    } else {
      const deadline = ctx.policy['emergency.filingDeadlineDays'];
      if (deadline !== null && daysBetween(input.admissionDate, ctx.today) > deadline) {
        add('FILING.EMERGENCY_DEADLINE_PASSED', 'admissionDate', `需在急诊入院后${deadline}天内申请备案，已超过期限`);
      }
    }
  }
  return out;
}

/**
 * Every rule that can be decided from the input alone (DOMAIN §3), against the insured
 * region's policy. Rules that need the applicant's other filings live in check-history.ts.
 */
export function checkFiling(input: FilingInput, ctx: FilingCheckContext): FilingCheck {
  const violations = violationsOf(input, ctx);
  if (violations.length > 0) {
    const fields: FieldErrors = {};
    for (const v of violations) fields[v.field] ??= v.message;
    return { ok: false, error: { code: violations[0]!.code, message: messageOf(violations[0]!.code), fields } };
  }
  const filing: CheckedFiling = { ...input };
  if (isTemporary(input.type) && input.endDate === undefined) {
    filing.endDate = latestEndDate(input.startDate, validityOf(ctx.policy, input.type as TemporaryFilingType));
  }
  return { ok: true, filing };
}
