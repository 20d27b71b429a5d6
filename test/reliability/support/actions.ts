import type { ZodMiniType } from 'zod/mini';
import type { CloudFunctionDefinition } from '../../../server/kernel/cloud-function';
import { FUNCTIONS } from '../../../server/local-cloud/function-registry';
import { policyFunction } from '../../../server/policy/policy.function';
import { filingFunction } from '../../../server/filing/filing.function';
import { reviewFunction } from '../../../server/filing/review.function';
import { institutionFunction } from '../../../server/institution/institution.function';
import { notificationFunction } from '../../../server/notification/notification.function';
import { schedulerFunction } from '../../../server/notification/scheduler.function';
import { identityFunction } from '../../../server/identity/identity.function';
import { filingFor } from './reliability-harness';

/** Every action the local cloud hosts, with the very schema its entry validates with. */
export interface ActionRef {
  fn: string;
  action: string;
  schema: ZodMiniType;
}

const DEFINITIONS: readonly CloudFunctionDefinition[] = [policyFunction, filingFunction, reviewFunction, institutionFunction, notificationFunction, schedulerFunction, identityFunction];

export function allActions(): ActionRef[] {
  const hosted = DEFINITIONS.filter((d) => Object.prototype.hasOwnProperty.call(FUNCTIONS, d.name));
  return hosted.flatMap((d) => Object.entries(d.actions).map(([action, def]) => ({ fn: d.name, action, schema: def.input as ZodMiniType })));
}

/** The functions the suite covers; a new hosted function fails the suite until it is added here. */
export const COVERED_FUNCTIONS = DEFINITIONS.map((d) => d.name);

export interface ExampleRefs {
  filingId: string;
  fileId: string;
  idNumber: string;
  /** A code the directory holds, when the caller looked one up. */
  institutionCode?: string;
  /** A policy change proposed by another admin, when the caller prepared one. */
  changeId?: string;
  /** A face-check session of the owner's, passed on the phone, not yet confirmed. */
  verifyId?: string;
  /** A family member of the owner's. */
  memberId?: string;
}

/** A valid event of each action (the mutations start from it); `{}` for actions without input. */
export function validExample(fn: string, action: string, refs: ExampleRefs): Record<string, unknown> {
  const id = refs.filingId;
  const examples: Record<string, Record<string, unknown>> = {
    'policy.get': { region: '320500' },
    'policy.check': { filing: filingFor(refs.idNumber) },
    'policy.propose': { region: '320500', field: 'review.workingDays', value: 3, effectiveFrom: '2027-01-01', source: '苏医保发〔2026〕1号' },
    'policy.approve': { changeId: refs.changeId ?? 'change-none' },
    'policy.changes': { limit: 20 },
    'policy.loadCalendar': { year: 2027, days: [{ date: '2027-01-01', name: '元旦', isOffDay: true }, { date: '2027-02-20', name: '春节', isOffDay: false }] },
    'policy.calendar': { year: 2027 },
    'filing.saveDraft': { draft: { type: 'long_term_residence', treatmentRegion: '440300' } },
    'filing.submit': { idempotencyKey: 'fuzz-key-1', filing: filingFor(refs.idNumber, { memo: '备注' }) },
    'filing.precheck': { filing: filingFor(refs.idNumber) },
    'filing.list': { limit: 20 },
    'filing.get': { id },
    'filing.withdraw': { id, reason: '不需要了' },
    'filing.cancel': { id, reason: '不需要了' },
    'filing.change': { id, changes: { phone: '13900139000', residenceAddress: '广东省深圳市福田区1号', hospital: { name: '深圳市人民医院' } } },
    'filing.supplement': { id, proof: { kind: 'documents', fileIds: [refs.fileId] } },
    'filing.lateFilingAdvice': { settled: true },
    'filing.renew': { id, idempotencyKey: 'fuzz-renew-1' },
    'filing.prefill': { id },
    'filing.registerMaterial': { fileId: refs.fileId, name: '证明材料' },
    'filing.materialUploadPath': { extension: 'jpg' },
    'review.queue': { tab: 'pending', limit: 20 },
    'review.search': { name: '张秀英' },
    'review.get': { id, revealIdNumber: false },
    'review.claim': { id },
    'review.release': { id },
    'review.approve': { id, reason: '符合条件' },
    'review.reject': { id, reason: '材料不全' },
    'review.return': { id, reason: '请补充居住证明' },
    'review.materialLink': { id, fileId: refs.fileId },
    'review.previewDecision': { id, decision: 'return', reason: '请补充居住证明' },
    'review.history': { from: '2026-11-01', to: '2026-12-31', decision: 'approved', limit: 20 },
    'review.stats': { from: '2026-11-01', to: '2026-12-31' },
    'review.export': { from: '2026-11-01', to: '2026-12-31' },
    'review.staffAdd': { openid: 'fuzz-staff', name: '李四', role: 'reviewer', regions: ['320500'] },
    'review.staffRemove': { openid: 'fuzz-staff' },
    'review.staffUpdate': { openid: 'fuzz-staff', name: '李四', regions: ['320500'] },
    'review.piiAccessLog': { from: '2026-11-01', to: '2026-11-30', limit: 20 },
    'institution.search': { region: '440300', kind: 'hospital', keyword: '医院', capabilities: [], position: { latitude: 22.5, longitude: 113.9 }, radiusKm: 5, sort: 'distance', pageSize: 20 },
    'institution.nearby': { latitude: 22.5, longitude: 113.9, radiusKm: 5, keyword: '医院', pageSize: 20 },
    'institution.get': { code: refs.institutionCode ?? 'H44030000001' },
    'institution.agencies': { region: '440300' },
    'notification.subscribe': { result: { 'tmpl-1': 'accept', errMsg: 'requestSubscribeMessage:ok' } },
    'notification.inbox': { limit: 20 },
    'notification.markRead': { ids: ['msg:abc'], all: false },
    'notification.deadLetters': { limit: 20 },
    'notification.retryDeadLetter': { id: 'msg:abc' },
    'identity.start': { name: '张秀英', idNumber: refs.idNumber, purpose: 'self' },
    'identity.confirm': { verifyId: refs.verifyId ?? 'local-face-none' },
    'identity.familyRemove': { memberId: refs.memberId ?? 'fm-none' },
    'identity.applicant': { memberId: refs.memberId ?? 'fm-none' },
  };
  return examples[`${fn}.${action}`] ?? {};
}
