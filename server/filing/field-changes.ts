import { chinaDateText } from '../../core/time/china-date';
import type { FieldChange } from '../../core/api/review-api';
import type { PiiCipher } from '../security/pii-cipher';
import { regionFullName, type RegionDirectory } from '../regions/region-directory';
import type { FilingPersonalData, FilingRecord } from './filing-records';

/** A field the base filing did not have reads as such, never as an empty string. */
const NOT_GIVEN = '未填写';

interface Compared {
  field: string;
  label: string;
  /** The field as a reviewer reads it: names and China dates, never codes or ISO text. */
  text: (f: FilingRecord, p: FilingPersonalData) => string | undefined;
}

/**
 * Every field a change request can differ from its base in, as staff compare them: what
 * `filing.change` alters (phone, residence address, hospital) and, should a change ever carry
 * them, the dates and the treatment region. The ID number is never among them: a change does
 * not alter who the applicant is, and a full number is only shown on an audited reveal.
 */
function comparedFields(regions: RegionDirectory): readonly Compared[] {
  return [
    { field: 'phone', label: '联系电话', text: (_f, p) => p.applicant.phone },
    { field: 'residenceAddress', label: '居住地址', text: (_f, p) => p.residenceAddress },
    { field: 'hospital', label: '定点医院', text: (_f, p) => p.hospital?.name },
    { field: 'diagnosis', label: '诊断', text: (_f, p) => p.diagnosis },
    { field: 'treatmentRegion', label: '就医地', text: (f) => regionFullName(regions, f.treatmentRegion) },
    { field: 'startDate', label: '开始日期', text: (f) => chinaDateText(f.startDate) },
    { field: 'endDate', label: '结束日期', text: (f) => (f.endDate ? chinaDateText(f.endDate) : undefined) },
  ];
}

/** Each field the change request `request` alters on `base`, old → new, decrypted as the review page shows them. */
export function fieldChangesOf(base: FilingRecord, request: FilingRecord, cipher: PiiCipher, regions: RegionDirectory): FieldChange[] {
  const before = cipher.decrypt<FilingPersonalData>(base.pii);
  const after = cipher.decrypt<FilingPersonalData>(request.pii);
  const changes: FieldChange[] = [];
  for (const { field, label, text } of comparedFields(regions)) {
    const old = text(base, before)?.trim() || undefined;
    const now = text(request, after)?.trim() || undefined;
    if (old === now) continue;
    changes.push({ field, label, before: old ?? NOT_GIVEN, after: now ?? NOT_GIVEN });
  }
  return changes;
}
