import { checkFiling, FILING_TYPE_RULES, FilingInputSchema, issuesToFieldErrors, type FieldErrors, type FilingInput, type FilingType, type PolicyValues } from '../../lib/index';
import type { FormState } from './form-state';

/** The steps of the form and the boxes on each, so an error opens the step that holds it. */
export const STEPS = [
  { title: '选择备案类型', fields: ['type'] },
  { title: '申请人信息', fields: ['applicant', 'phone', 'insuranceType', 'insuredRegion'] },
  { title: '就医信息', fields: ['treatmentRegion', 'startDate', 'endDate', 'residenceAddress', 'hospitalName', 'diagnosis', 'admissionDate'] },
  { title: '证明材料', fields: ['proof', 'form'] },
] as const;

/** Schema and server paths → the box on the form that shows the message. */
const BOX_OF_PATH: Record<string, string> = {
  // Name and number come from the chosen binding: whatever is wrong with them concerns the choice.
  'applicant.name': 'applicant',
  'applicant.idNumber': 'applicant',
  'applicant.phone': 'phone',
  hospital: 'hospitalName',
  'hospital.name': 'hospitalName',
  'hospital.code': 'hospitalName',
};

const ALL_BOXES: ReadonlySet<string> = new Set(STEPS.flatMap((s) => [...s.fields]));

export function boxOf(path: string): string {
  if (path.startsWith('proof')) return 'proof';
  const box = BOX_OF_PATH[path] ?? path;
  return ALL_BOXES.has(box) ? box : 'form';
}

/** Server `fields` (or schema issues) as one message per box, first message wins. */
export function toBoxErrors(fields: FieldErrors | undefined): Record<string, string> {
  const boxes: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields ?? {})) boxes[boxOf(path)] ??= message;
  return boxes;
}

export function stepOfBox(box: string): number {
  const index = STEPS.findIndex((s) => (s.fields as readonly string[]).includes(box));
  return index < 0 ? STEPS.length - 1 : index;
}

export function ruleOf(type: string) {
  return type in FILING_TYPE_RULES ? FILING_TYPE_RULES[type as FilingType] : undefined;
}

const blankToUndefined = (value: string) => (value.trim() === '' ? undefined : value);

/**
 * The form as FilingInput. Empty choices become "missing" so the schema says 请选择…; the
 * boxes a type needs are passed even when empty so the schema says 请填写….
 */
export function toFilingInput(form: FormState): Record<string, unknown> {
  const rule = ruleOf(form.type);
  const needs = (field: 'residenceAddress' | 'hospital' | 'diagnosis' | 'admissionDate') => rule?.requiredFields.includes(field) ?? false;
  const input: Record<string, unknown> = {
    type: blankToUndefined(form.type),
    applicant: { name: form.name, idNumber: form.idNumber, phone: form.phone },
    insuredRegion: blankToUndefined(form.insuredRegion),
    insuranceType: blankToUndefined(form.insuranceType),
    treatmentRegion: blankToUndefined(form.treatmentRegion),
    startDate: blankToUndefined(form.startDate),
  };
  if (rule?.group === 'temporary' && form.endDate) input.endDate = form.endDate;
  if (needs('residenceAddress')) input.residenceAddress = form.residenceAddress;
  if (needs('hospital')) input.hospital = form.hospitalCode ? { code: form.hospitalCode, name: form.hospitalName } : { name: form.hospitalName };
  if (needs('diagnosis')) input.diagnosis = form.diagnosis;
  if (needs('admissionDate') && form.admissionDate) input.admissionDate = form.admissionDate;
  if (form.proofKind === 'commitment') input.proof = { kind: 'commitment', accepted: form.commitmentAccepted };
  if (form.proofKind === 'documents') input.proof = { kind: 'documents', fileIds: form.materials.map((m) => m.fileId) };
  for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key];
  return input;
}

export type FormCheck = { ok: true; filing: FilingInput } | { ok: false; errors: Record<string, string> };

/** The same schema the server applies, plus the one thing it cannot word well: a missing 入院日期. */
export function validateForm(form: FormState): FormCheck {
  const parsed = FilingInputSchema.safeParse(toFilingInput(form));
  const errors = parsed.success ? {} : toBoxErrors(issuesToFieldErrors(parsed.error.issues));
  if (!form.applicantKey) errors.applicant = '请选择为谁办理备案';
  if (ruleOf(form.type)?.requiredFields.includes('admissionDate') && !form.admissionDate) errors.admissionDate ??= '请选择急诊入院日期';
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, filing: parsed.data };
  return { ok: false, errors };
}

/**
 * The region's rules (checkFiling, as the server applies them) on what has been filled up to
 * `step`: later steps are stood in for by a valid proof, so only what is on screen can be wrong.
 * Same province, an end date past the region's limit, a late emergency filing … are caught here.
 */
export function ruleErrorsUpTo(form: FormState, step: number, policy: PolicyValues, today: string): Record<string, string> {
  const lastStep = STEPS.length - 1;
  const probe: FormState = step >= lastStep ? form : { ...form, ...probeProof(form.type, policy) };
  const parsed = FilingInputSchema.safeParse(toFilingInput(probe));
  if (!parsed.success) return {};
  const checked = checkFiling(parsed.data, { policy, today });
  if (checked.ok) return {};
  const boxes = toBoxErrors(checked.error.fields);
  return Object.fromEntries(Object.entries(boxes).filter(([box]) => stepOfBox(box) <= step));
}

/** A proof the type and region accept (or the `kind` asked for), standing in until the proof step. */
export function probeProof(type: string, policy: PolicyValues, kind?: 'commitment' | 'documents'): Pick<FormState, 'proofKind' | 'commitmentAccepted' | 'materials'> {
  const rule = ruleOf(type);
  const commitmentAllowed = rule !== undefined && policy[`commitment.${type as FilingType}`];
  const useCommitment = rule?.documentsAccepted === false || (kind ?? (commitmentAllowed ? 'commitment' : 'documents')) === 'commitment';
  if (useCommitment) return { proofKind: 'commitment', commitmentAccepted: true, materials: [] };
  return { proofKind: 'documents', commitmentAccepted: false, materials: [{ fileId: 'probe', name: '' }] };
}

/** Only the boxes of one step: 下一步 checks what is on screen, not what comes later. */
export function errorsOfStep(errors: Record<string, string>, step: number): Record<string, string> {
  const boxes = (STEPS[step]?.fields ?? []) as readonly string[];
  return Object.fromEntries(Object.entries(errors).filter(([box]) => boxes.includes(box)));
}
