import type { Result } from '../../core/errors/result';
import { materialStorage } from '../../server/storage/material-storage';
import { allActions, validExample } from './support/actions';
import { refusalProblems } from './support/coded-answer';
import { dataOf, filingFor, startReliabilityHarness, type ReliabilityHarness } from './support/reliability-harness';
import { figure, idNumberFor, recordFigures, recordIdNumbers } from './support/run-dir';
import { rowCounts } from './support/store-probe';
import { EXPECTED, ROLES, type Role } from './support/authorization-table';
import { jpegBytes } from '../support/material-bytes';
import { identityContextOf } from '../../server/identity/identity-context';
import { identityService } from '../../server/identity/identity.service';
import { EXAMPLE_FILING } from '../support/example-filing';
import { simulateFace } from '../support/identity-helpers';

/**
 * Every action × every role, each cell on its own fresh filing in the state the action needs:
 * the answer must be the table's, every refusal a coded Chinese one that the kernel logged
 * (`request.refused` with the code), and a refusal writes nothing.
 */
const PART = '04-authorization';
const OWNER = 'demo-resident-1';
const REVIEWER = 'demo-staff-suzhou';

const CALLERS: Record<Role, string | undefined> = {
  none: undefined,
  owner: OWNER,
  otherResident: 'demo-resident-2',
  otherRegionStaff: 'demo-staff-beijing',
  reviewer: REVIEWER,
  admin: 'demo-admin',
  forged: 'demo-resident-2',
  unverified: 'authz-unverified',
  unverifiedReviewer: 'authz-unverified-reviewer',
  ownCaseReviewer: 'authz-own-reviewer',
};
/** Identity claims a client might put in the payload; all must be ignored. */
const FORGED_FIELDS = { openid: OWNER, _openid: OWNER, applicantOpenid: OWNER, userInfo: { openId: 'demo-admin' }, role: 'admin', caller: { openid: 'demo-admin' } };

/** The filing state each action is tried in (the state in which its rightful caller succeeds). */
const STATE_FOR: Record<string, 'submitted' | 'in_review' | 'approved' | 'returned'> = {
  'filing.cancel': 'approved',
  'filing.change': 'approved',
  'filing.renew': 'approved',
  'filing.supplement': 'returned',
  'review.release': 'in_review',
  'review.approve': 'in_review',
  'review.reject': 'in_review',
  'review.return': 'in_review',
  'review.previewDecision': 'in_review',
};

let h: ReliabilityHarness;
let serial = 0;
let institutionCode: string | undefined;
const used: string[] = [];
const actual: Record<string, Partial<Record<Role, string>>> = {};

beforeAll(async () => {
  h = await startReliabilityHarness(PART);
  const found = dataOf(await h.call<{ items: { code: string }[] }>('institution', undefined, { action: 'search', region: '440300', pageSize: 1 }));
  institutionCode = found.items[0]?.code;
  for (const openid of [CALLERS.unverifiedReviewer!, CALLERS.ownCaseReviewer!]) {
    dataOf(await h.call('review', 'demo-admin', { action: 'staffAdd', openid, name: '苏州审核员', role: 'reviewer', regions: ['320500'] }));
  }
});

afterAll(async () => {
  await h.close();
  recordIdNumbers(PART, used);
});

async function prepare(key: string): Promise<{ filingId: string; fileId: string; idNumber: string; staffTarget: string; messageId: string; verifyId: string; memberId: string; changeId?: string }> {
  const n = serial++;
  const idNumber = idNumberFor(50, n);
  used.push(idNumber, idNumberFor(51, n), idNumberFor(52, n));
  await h.bind(OWNER, idNumber);
  const { id } = dataOf(await h.call<{ id: string }>('filing', OWNER, { action: 'submit', idempotencyKey: `authz-${n}`, filing: filingFor(idNumber) }));
  const state = STATE_FOR[key] ?? 'submitted';
  if (state !== 'submitted') dataOf(await h.call('review', REVIEWER, { action: 'claim', id }));
  if (state === 'approved') dataOf(await h.call('review', REVIEWER, { action: 'approve', id }));
  if (state === 'returned') dataOf(await h.call('review', REVIEWER, { action: 'return', id, reason: '请补充居住证明' }));
  const file = dataOf(await materialStorage(h.ctx).upload(OWNER, '居住证明.jpg', jpegBytes(`bytes ${n}`)));
  const staffTarget = `authz-staff-${n}`;
  dataOf(await h.call('review', 'demo-admin', { action: 'staffAdd', openid: staffTarget, name: '临时审核员', role: 'reviewer', regions: ['320500'] }));
  dataOf(await h.call('scheduler', 'demo-admin', { action: 'tick' }));
  const inbox = dataOf(await h.call<{ items: { id: string }[] }>('notification', OWNER, { action: 'inbox', limit: 1 }));
  // The owner now verifies as the next person (the filing keeps its own), with one relative and a
  // passed face check not yet confirmed; the own-case reviewer is verified as the filing's person.
  await h.bind(OWNER, idNumberFor(51, n));
  await h.bind(CALLERS.ownCaseReviewer!, idNumber);
  const identity = identityService(identityContextOf(h.runtime));
  for (const member of dataOf(await identity.status(OWNER)).family) dataOf(await identity.familyRemove(OWNER, member.memberId));
  await identity.seedVerified(OWNER, { name: EXAMPLE_FILING.applicant.name, idNumber: idNumberFor(51, n) }, [{ name: '王秀兰', idNumber: idNumberFor(52, n), relationship: 'mother' }]);
  const memberId = dataOf(await identity.status(OWNER)).family[0]!.memberId;
  const session = dataOf(await identity.start(OWNER, { name: EXAMPLE_FILING.applicant.name, idNumber: idNumberFor(51, n), purpose: 'self' }, 'authz'));
  dataOf(await simulateFace(h.runtime, session.verifyId, 'pass'));
  // Four eyes: the change the admin may approve is another admin's proposal (a distinct value each time).
  let changeId: string | undefined;
  if (key === 'policy.approve') {
    dataOf(await h.call('review', 'demo-admin', { action: 'staffAdd', openid: 'authz-admin-2', name: '第二位管理员', role: 'admin', regions: ['320000'] }));
    used.push(idNumberFor(53, n));
    await h.bind('authz-admin-2', idNumberFor(53, n));
    changeId = dataOf(await h.call<{ changeId: string }>('policy', 'authz-admin-2', {
      action: 'propose', region: '440000', field: 'review.workingDays', value: 3 + (n % 20), effectiveFrom: '2027-03-01', source: '粤医保发〔2026〕1号',
    })).changeId;
  }
  return {
    ...(changeId ? { changeId } : {}),
    filingId: id, fileId: file.fileId, idNumber: idNumberFor(51, n), staffTarget, messageId: inbox.items[0]?.id ?? 'msg:none', verifyId: session.verifyId, memberId,
    ...(institutionCode ? { institutionCode } : {}),
  };
}

function eventFor(fn: string, action: string, role: Role, refs: Awaited<ReturnType<typeof prepare>>): Record<string, unknown> {
  const example = validExample(fn, action, refs);
  const event: Record<string, unknown> = { action, ...example };
  if (fn === 'filing' && action === 'submit') event.idempotencyKey = `authz-submit-${serial}`;
  if (fn === 'review' && (action === 'staffAdd' || action === 'staffRemove' || action === 'staffUpdate')) event.openid = action === 'staffAdd' ? `${refs.staffTarget}-new` : refs.staffTarget;
  if (fn === 'notification' && action === 'markRead') event.ids = [refs.messageId];
  return role === 'forged' ? { ...FORGED_FIELDS, ...event } : event;
}

const cells = allActions().flatMap((a) => ROLES.map((role) => [`${a.fn}.${a.action}`, role, a.fn, a.action] as const));

describe('authorization matrix', () => {
  afterAll(() => {
    const total = cells.length;
    const matched = cells.filter(([key, role]) => actual[key]?.[role] === EXPECTED[key]?.[role]).length;
    const refusals = cells.filter(([key, role]) => actual[key]?.[role] !== 'ok').length;
    recordFigures(PART, [
      figure(`${allActions().length} actions × ${ROLES.length} roles → answer as the table says`, `${matched} of ${total} cells (${refusals} refusals)`, matched === total),
      figure('refusals coded, in Chinese, logged as request.refused with the code, writing nothing', refusalsChecked === refusals ? `${refusalsChecked} of ${refusals}` : `${refusalsChecked} of ${refusals} (${refusalFailures} failed)`, refusalFailures === 0 && refusalsChecked === refusals),
    ]);
    if (process.env.RELIABILITY_PRINT_MATRIX) process.stdout.write(`${JSON.stringify(actual, null, 1)}\n`);
  });

  let refusalsChecked = 0;
  let refusalFailures = 0;

  it.each(cells)('%s as %s', async (key, role, fn, action) => {
    const refs = await prepare(key);
    const event = eventFor(fn, action, role, refs);
    const logsBefore = h.logs.length;
    const rowsBefore = rowCounts(h.dataDir);
    const result: Result<unknown> = await h.call(fn, CALLERS[role], event);
    const answer = result.ok ? 'ok' : result.error.code;
    (actual[key] ??= {})[role] = answer;
    if (!result.ok) {
      refusalsChecked += 1;
      const refused = h.logs.slice(logsBefore).filter((l) => l.includes('"event":"request.refused"'));
      const problems = refusalProblems(result);
      if (refused.length !== 1 || !refused[0]!.includes(`"code":"${answer}"`) || !refused[0]!.includes('"requestId"')) problems.push(`log: ${refused.join(' | ') || 'nothing'}`);
      if (JSON.stringify(rowCounts(h.dataDir)) !== JSON.stringify(rowsBefore)) problems.push('a refused call changed the row counts');
      if (problems.length > 0) refusalFailures += 1;
      expect(problems).toEqual([]);
    }
    expect(answer).toBe(EXPECTED[key]?.[role]);
  });
});
