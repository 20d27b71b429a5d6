import type { FilingPrefill, UploadedMaterial } from '../../lib/index';

/**
 * What the resident has typed, flat so WXML binds each box directly and a draft is a plain
 * object. Everything stays a string until submit: nothing typed is ever thrown away.
 */
export interface FormState {
  type: string;
  /** Who the filing is for: 'self' or a family member's memberId; name and number come from that binding. */
  applicantKey: string;
  name: string;
  idNumber: string;
  phone: string;
  insuranceType: string;
  insuredRegion: string;
  insuredRegionNames: string[];
  treatmentRegion: string;
  treatmentRegionNames: string[];
  startDate: string;
  endDate: string;
  residenceAddress: string;
  hospitalName: string;
  /** The directory's code when the hospital was picked from it; '' when typed by hand. */
  hospitalCode: string;
  diagnosis: string;
  admissionDate: string;
  proofKind: string;
  commitmentAccepted: boolean;
  materials: UploadedMaterial[];
}

export function emptyForm(): FormState {
  return {
    type: '',
    applicantKey: '',
    name: '',
    idNumber: '',
    phone: '',
    insuranceType: '',
    insuredRegion: '',
    insuredRegionNames: [],
    treatmentRegion: '',
    treatmentRegionNames: [],
    startDate: '',
    endDate: '',
    residenceAddress: '',
    hospitalName: '',
    hospitalCode: '',
    diagnosis: '',
    admissionDate: '',
    proofKind: '',
    commitmentAccepted: false,
    materials: [],
  };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isMaterialList(value: unknown): value is UploadedMaterial[] {
  return Array.isArray(value) && value.every((m) => typeof m === 'object' && m !== null
    && typeof (m as UploadedMaterial).fileId === 'string' && typeof (m as UploadedMaterial).name === 'string'
    && ['string', 'undefined'].includes(typeof (m as UploadedMaterial).thumb));
}

/** A saved draft may come from an older version of the form: keep only what still fits. */
export function restoreForm(draft: Record<string, unknown>): FormState {
  const form = emptyForm();
  const target = form as unknown as Record<string, unknown>;
  for (const key of Object.keys(form)) {
    const saved = draft[key];
    const current = target[key];
    if (typeof current === 'string' && typeof saved === 'string') target[key] = saved;
    else if (typeof current === 'boolean' && typeof saved === 'boolean') target[key] = saved;
    else if (key === 'materials' && isMaterialList(saved)) target[key] = saved;
    else if (Array.isArray(current) && key !== 'materials' && isStringArray(saved)) target[key] = saved;
  }
  return form;
}

/** 重新办理: the old filing's details as the form (the applicant is chosen again; materials are uploaded again). */
export function formOfPrefill(p: FilingPrefill): FormState {
  return {
    ...emptyForm(),
    type: p.type,
    phone: p.phone,
    insuranceType: p.insuranceType,
    insuredRegion: p.insuredRegion,
    insuredRegionNames: p.insuredRegionNames,
    treatmentRegion: p.treatmentRegion,
    treatmentRegionNames: p.treatmentRegionNames,
    residenceAddress: p.residenceAddress ?? '',
    hospitalName: p.hospital?.name ?? '',
    hospitalCode: p.hospital?.code ?? '',
    diagnosis: p.diagnosis ?? '',
    proofKind: p.proofKind,
  };
}

/** Whether the resident has typed anything: a late-arriving draft must not overwrite it. */
export function isBlank(form: FormState): boolean {
  return JSON.stringify(form) === JSON.stringify(emptyForm());
}
