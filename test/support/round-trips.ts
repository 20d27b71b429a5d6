import { createHarness, SUZHOU, type Answer, type Harness } from '../notification/harness';
import { createCloudbaseStandIn, takeRequests, type SentRequest } from './cloudbase-stand-in';
import { CloudbaseInstitutionRepository } from '../../server/institution/cloudbase-institution-repository';
import { installInstitutionRepository } from '../../server/institution/institution-store';
import { FAMOUS_INSTITUTIONS } from '../../server/institution/famous-institutions';
import { AGENCY_SEED } from '../../server/institution/agency-seed';
import { toRecord } from '../../server/institution/seed-directory';
import { materialStorage } from '../../server/storage/material-storage';
import { filingContextOf } from '../../server/filing/filing-context';
import { DEFAULT_NOTIFICATION_CONFIG } from '../../core/notification/template-config';
import { simulateFace, bindAs } from './identity-helpers';
import { jpegBytes } from './material-bytes';
import { makeResidentId } from './resident-ids';
import { exampleFiling } from './example-filing';

/**
 * Round trips per action on CloudBase: every action of every function, driven through its real
 * entry with every port on the CloudBase adapters over the stand-in (the SDK's own `Db`, only its
 * request layer answered in-process), on the common path (warm policy cache, no expiry due).
 * Each request the SDK sends is one network round trip in production: a transaction's start,
 * each operation inside it and its commit count one each. Setup between the measured calls is
 * not counted. The goals are issue 16's.
 */
export interface ActionTrips {
  /** `function.action` */
  action: string;
  requests: number;
  /** The requests by API (`database.getDocument` …), for the table. */
  byApi: Record<string, number>;
  /** Every request in order (API and collection), to say what an action over its goal sends. */
  sent: SentRequest[];
  goal?: number;
  /** Why the goal applies: 'decision', 'read', 'submit'. */
  kind?: 'submit' | 'decision' | 'read';
}

/** A resident's own transitions weigh like a decision; a supplement, which attaches materials, like a submit. */
const DECISIONS = new Set(['review.claim', 'review.release', 'review.approve', 'review.reject', 'review.return', 'filing.withdraw', 'filing.cancel']);
const READS = new Set([
  'filing.list', 'filing.get', 'filing.getDraft', 'filing.prefill',
  'review.queue', 'review.search', 'review.history', 'review.get', 'review.whoami', 'review.staffList',
  'institution.search', 'institution.nearby', 'institution.get', 'institution.agencies',
  'notification.inbox', 'notification.unreadCount', 'notification.deadLetters', 'notification.templates',
  'policy.get', 'policy.changes', 'policy.calendar',
  'identity.status',
]);

export function goalOf(action: string): Pick<ActionTrips, 'goal' | 'kind'> {
  if (action === 'filing.submit' || action === 'filing.supplement') return { goal: 10, kind: 'submit' };
  if (DECISIONS.has(action)) return { goal: 8, kind: 'decision' };
  if (READS.has(action)) return { goal: 2, kind: 'read' };
  return {};
}

const RESULT = DEFAULT_NOTIFICATION_CONFIG.templates.filingResult!;
const ADMIN = 'demo-admin';
const ADMIN_2 = 'rt-admin-2';
/** The platform's timer event (cloudbaserc.json's trigger): no action, no user. */
const TIMER = { Type: 'Timer', TriggerName: 'every-5-minutes', Time: '2026-06-01T00:00:00Z' };

function person(n: number, name = '张秀英') {
  return { name, idNumber: makeResidentId('320505', '19600101', 500 + n), phone: '13800138000' };
}

function filingOf(n: number, over: Record<string, unknown> = {}) {
  return exampleFiling({ applicant: person(n), startDate: '2026-06-10', ...over });
}

/** Runs every action once, measured, and returns the counts in the order they ran. */
export async function measureRoundTrips(): Promise<ActionTrips[]> {
  const h: Harness = await createHarness('2026-06-01T02:00:00Z', 'cloudbase');
  const results: ActionTrips[] = [];
  try {
    const directory = new CloudbaseInstitutionRepository(createCloudbaseStandIn());
    installInstitutionRepository(h.runtime, directory);
    const load = directory.startImport('round-trips');
    await load.add(FAMOUS_INSTITUTIONS.map(toRecord));
    await load.finish({ retireOthers: false });
    await directory.putAgencies(AGENCY_SEED);

    const measure = async <T = unknown>(fn: string, openid: string | undefined, event: Record<string, unknown>, timer = false): Promise<T> => {
      takeRequests();
      const answer: Answer<T> = timer ? await h.callAsTimer<T>(fn, event) : await h.call<T>(fn, openid, event);
      const sent: SentRequest[] = takeRequests();
      const action = `${fn}.${String(event.action ?? 'tick')}`;
      if (!answer.ok) throw new Error(`${action} answered ${answer.error.code}: ${answer.error.message}`);
      const byApi: Record<string, number> = {};
      for (const r of sent) byApi[r.api] = (byApi[r.api] ?? 0) + 1;
      results.push({ action, requests: sent.length, byApi, sent, ...goalOf(action) });
      return answer.data;
    };
    const setup = async <T = unknown>(fn: string, openid: string | undefined, event: Record<string, unknown>): Promise<T> => {
      const answer = await h.call<T>(fn, openid, event);
      if (!answer.ok) throw new Error(`setup ${fn}.${String(event.action)} answered ${answer.error.code}: ${answer.error.message}`);
      return answer.data;
    };
    const submitAs = async (openid: string, n: number, over: Record<string, unknown> = {}) =>
      (await setup<{ id: string }>('filing', openid, { action: 'submit', idempotencyKey: `setup-${openid}-${n}-${JSON.stringify(over).length}`, filing: filingOf(n, over) })).id;
    const resident = async (n: number) => {
      const openid = `rt-resident-${n}`;
      await bindAs(h.runtime, openid, person(n));
      return openid;
    };
    const claimed = async (id: string) => setup('review', SUZHOU, { action: 'claim', id });

    // Warm what every process holds after its first call (the policy snapshot, the calendar).
    await setup('policy', undefined, { action: 'get', region: '320500' });

    // identity
    await measure('identity', 'demo-resident-1', { action: 'status' });
    const fresh = 'rt-new-resident';
    const me = person(90, '王建国');
    const started = await measure<{ verifyId: string }>('identity', fresh, { action: 'start', name: me.name, idNumber: me.idNumber, purpose: 'self' });
    await simulateFace(h.runtime, started.verifyId, 'pass');
    await measure('identity', fresh, { action: 'confirm', verifyId: started.verifyId });
    const mother = person(91, '李淑珍');
    const familyStart = await setup<{ verifyId: string }>('identity', fresh, { action: 'start', name: mother.name, idNumber: mother.idNumber, purpose: 'family', relationship: 'mother' });
    await simulateFace(h.runtime, familyStart.verifyId, 'pass');
    const added = await setup<{ memberId?: string }>('identity', fresh, { action: 'confirm', verifyId: familyStart.verifyId });
    await measure('identity', fresh, { action: 'applicant', memberId: added.memberId });
    await measure('identity', fresh, { action: 'familyRemove', memberId: added.memberId });

    // policy (reads and check; the admin's changes come last: they move the policy head)
    await measure('policy', 'demo-resident-1', { action: 'get', region: '320500' });
    await measure('policy', 'demo-resident-1', { action: 'check', filing: filingOf(1) });
    await measure('policy', 'demo-resident-1', { action: 'calendar', year: 2026 });
    await measure('policy', ADMIN, { action: 'changes', limit: 20 });

    // filing: a resident's own actions
    const r1 = await resident(1);
    await measure('filing', r1, { action: 'saveDraft', draft: { type: 'long_term_residence', treatmentRegion: '440300' } });
    await measure('filing', r1, { action: 'getDraft' });
    await measure('filing', r1, { action: 'precheck', filing: filingOf(1) });
    const f1 = (await measure<{ id: string }>('filing', r1, { action: 'submit', idempotencyKey: 'rt-submit-1', filing: filingOf(1) })).id;
    await measure('filing', r1, { action: 'list', limit: 20 });
    await measure('filing', r1, { action: 'get', id: f1 });
    await measure('filing', r1, { action: 'prefill', id: f1 });
    await measure('filing', r1, { action: 'materialUploadPath', extension: 'jpg' });
    await measure('filing', r1, { action: 'lateFilingAdvice', settled: true });

    // review: the Suzhou reviewer's desk
    await measure('review', SUZHOU, { action: 'whoami' });
    await measure('review', SUZHOU, { action: 'queue', limit: 20 });
    await measure('review', SUZHOU, { action: 'queueCounts' });
    await measure('review', SUZHOU, { action: 'search', name: '张秀英' });
    await measure('review', SUZHOU, { action: 'get', id: f1, revealIdNumber: false });
    await measure('review', SUZHOU, { action: 'claim', id: f1 });
    await measure('review', SUZHOU, { action: 'previewDecision', id: f1, decision: 'approve' });
    await measure('review', SUZHOU, { action: 'release', id: f1 });
    await claimed(f1);
    await measure('review', SUZHOU, { action: 'approve', id: f1 });
    await measure('filing', r1, { action: 'change', id: f1, changes: { phone: '13900139000' } });

    const r2 = await resident(2);
    const f2 = await submitAs(r2, 2);
    await claimed(f2);
    await measure('review', SUZHOU, { action: 'reject', id: f2, reason: '材料不全' });

    // documents: upload (the storage API, not the database), register, return, supplement, link
    const r3 = await resident(3);
    const upload = await materialStorage(filingContextOf(h.runtime)).upload(r3, '居住证明.jpg', jpegBytes());
    if (!upload.ok) throw new Error(upload.error.code);
    const fileId = upload.data.fileId;
    await measure('filing', r3, { action: 'registerMaterial', fileId, name: '居住证明' });
    const f3 = await submitAs(r3, 3, { type: 'stationed_work', proof: { kind: 'documents', fileIds: [fileId] } });
    await claimed(f3);
    await measure('review', SUZHOU, { action: 'return', id: f3, reason: '请补充居住证明' });
    await measure('filing', r3, { action: 'supplement', id: f3, proof: { kind: 'documents', fileIds: [fileId] } });
    await measure('review', SUZHOU, { action: 'materialLink', id: f3, fileId });

    const r4 = await resident(4);
    const f4 = await submitAs(r4, 4);
    await measure('filing', r4, { action: 'withdraw', id: f4, reason: '不需要了' });

    const r5 = await resident(5);
    const temporary = { type: 'other_temporary', residenceAddress: undefined, treatmentRegion: '310100', startDate: '2026-06-10' };
    const f5 = await submitAs(r5, 5, temporary);
    await claimed(f5);
    await setup('review', SUZHOU, { action: 'approve', id: f5 });
    await measure('filing', r5, { action: 'cancel', id: f5, reason: '不需要了' });

    // staff administration
    await measure('review', ADMIN, { action: 'staffList' });
    await measure('review', ADMIN, { action: 'staffAdd', openid: 'rt-staff', name: '李四', role: 'reviewer', regions: ['320500'] });
    await measure('review', ADMIN, { action: 'staffUpdate', openid: 'rt-staff', regions: ['320500', '320100'] });
    await measure('review', ADMIN, { action: 'staffRemove', openid: 'rt-staff' });
    await measure('review', ADMIN, { action: 'piiAccessLog', from: '2026-01-01', to: '2026-12-01' });
    await measure('review', SUZHOU, { action: 'history', from: '2026-01-01', to: '2026-12-01' });
    await measure('review', SUZHOU, { action: 'stats', from: '2026-01-01', to: '2026-12-01' });
    await measure('review', SUZHOU, { action: 'export', from: '2026-01-01', to: '2026-12-01' });

    // institution
    await measure('institution', r1, { action: 'search', keyword: '协和', capabilities: [], pageSize: 20 });
    await measure('institution', r1, { action: 'nearby', latitude: 39.91, longitude: 116.41, radiusKm: 5, pageSize: 20 });
    await measure('institution', r1, { action: 'get', code: FAMOUS_INSTITUTIONS[0]!.code });
    await measure('institution', r1, { action: 'agencies', region: '320500' });

    // notification: r6 subscribes, is filed for and approved; the outbox is handed over by the timer
    const r6 = await resident(6);
    await measure('notification', r6, { action: 'templates' });
    await measure('notification', r6, { action: 'subscribe', result: { [RESULT.templateId]: 'accept', errMsg: 'requestSubscribeMessage:ok' } });
    const f6 = await submitAs(r6, 6);
    await claimed(f6);
    await setup('review', SUZHOU, { action: 'approve', id: f6 });
    await measure('scheduler', undefined, TIMER, true);
    const inbox = await measure<{ items: { id: string }[] }>('notification', r6, { action: 'inbox', limit: 20 });
    await measure('notification', r6, { action: 'unreadCount' });
    await measure('notification', r6, { action: 'markRead', ids: inbox.items.slice(0, 1).map((m) => m.id), all: false });

    // renewal: a temporary filing inside its window (30 days before its end, not yet ended)
    const r7 = await resident(7);
    const f7 = await submitAs(r7, 7, { ...temporary, treatmentRegion: '420100' });
    await claimed(f7);
    const approved = await setup<{ endDate?: string }>('review', SUZHOU, { action: 'approve', id: f7 });
    if (!approved.endDate) throw new Error('temporary filing without an end date');
    h.clock.set(`${approved.endDate}T02:00:00Z`);
    h.clock.advanceDays(-10);
    await setup('policy', undefined, { action: 'get', region: '320500' });
    await measure('filing', r7, { action: 'renew', id: f7, idempotencyKey: 'rt-renew-7' });

    // a dead letter the admin sees and retries
    const r8 = await resident(8);
    await setup('notification', r8, { action: 'subscribe', result: { [RESULT.templateId]: 'accept', errMsg: 'requestSubscribeMessage:ok' } });
    h.ctx.sink!.failAlways(-1, 'system busy');
    const f8 = await submitAs(r8, 8, { treatmentRegion: '330100' });
    await claimed(f8);
    await setup('review', SUZHOU, { action: 'approve', id: f8 });
    for (let i = 0; i < 12; i++) {
      await h.callAsTimer('scheduler', TIMER);
      h.clock.advanceDays(1);
    }
    h.ctx.sink!.failAlways(undefined);
    await setup('policy', undefined, { action: 'get', region: '320500' });
    const dead = await measure<{ items: { id: string }[] }>('notification', ADMIN, { action: 'deadLetters', limit: 20 });
    if (!dead.items[0]) throw new Error('no dead letter to retry');
    await measure('notification', ADMIN, { action: 'retryDeadLetter', id: dead.items[0].id });

    // policy administration: a second verified admin approves the first one's proposal
    await bindAs(h.runtime, ADMIN_2, person(99, '赵海涛'));
    await setup('review', ADMIN, { action: 'staffAdd', openid: ADMIN_2, name: '赵海涛', role: 'admin', regions: ['320500'] });
    const proposed = await measure<{ changeId: string }>('policy', ADMIN, { action: 'propose', region: '320500', field: 'review.workingDays', value: 3, effectiveFrom: '2028-03-01', source: '苏医保发〔2026〕1号' });
    await measure('policy', ADMIN_2, { action: 'approve', changeId: proposed.changeId });
    await setup('policy', undefined, { action: 'get', region: '320500' });
    await measure('policy', ADMIN, { action: 'loadCalendar', year: 2028, days: [{ date: '2028-01-01', name: '元旦', isOffDay: true }, { date: '2028-02-05', name: '春节', isOffDay: false }] });
    return results;
  } finally {
    h.close();
  }
}
