import fc from 'fast-check';
import type { ZodMiniType } from 'zod/mini';
import type { Result } from '../../core/errors/result';
import { CURSOR_REFUSED } from '../../core/validation/fields';
import { earliestStartDate } from '../../core/filing/check-filing';
import { addDays, chinaToday } from '../../core/time/china-date';
import { platformTriggerContext, wechatContextFor } from '../../server/kernel/wechat-context';
import { FUNCTIONS } from '../../server/local-cloud/function-registry';
import { materialStorage } from '../../server/storage/material-storage';
import { jpegBytes } from '../support/material-bytes';
import { allActions, validExample, type ExampleRefs } from './support/actions';
import { refusalProblems } from './support/coded-answer';
import { badPersonNames, CONTROL_CHARACTERS, datesIn, getAt, heldIdNumbers, nested, objectPaths, personNames, stringLeaves, withAt, withUnreadable } from './support/hostile';
import { dataOf, filingFor, startReliabilityHarness, type ReliabilityHarness } from './support/reliability-harness';
import { figure, idNumberFor, recordFigures, recordIdNumbers, type Figure } from './support/run-dir';
import { rowCounts } from './support/store-probe';

/**
 * Issue 11, the classes a hostile tester found in the functions, each generated for every action
 * it applies to (taken from the function definitions, so new actions are covered):
 *  6 control characters in every string, deep nesting in every object (the draft above all);
 *  7 random sequences of admin changes, some at once: an admin always remains;
 *  8 names of invisible/control/direction characters, and dates far back, years below 1000;
 *  9 numbers people hold (permits, abolished counties, 市辖区) accepted, one wrong digit refused;
 * 10 timer-looking payloads from every kind of caller: a pass only for the platform or an admin;
 * 11 every review action on another region's filing: the very answer of a missing filing;
 * 12 forged cursors in every list: one and the same refusal.
 */
const PART = '08-hostile-values';
const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 10_000);
/** Per action and class: a tenth of the malformed-payload runs (these are narrower generators). */
const PER_ACTION = Math.max(100, Math.round(RUNS / 10));
const IDENTITIES = [undefined, 'demo-resident-1', 'demo-resident-2', 'demo-staff-suzhou', 'demo-staff-beijing', 'demo-admin'];

let h: ReliabilityHarness;
let refs: ExampleRefs;
const figures: Figure[] = [];
const used: string[] = [];
let serial = 0;

beforeAll(async () => {
  h = await startReliabilityHarness(PART);
  const idNumber = idNumberFor(65, 0);
  used.push(idNumber, idNumberFor(65, 1));
  await h.bind('demo-resident-1', idNumber);
  const filing = dataOf(await h.call<{ id: string }>('filing', 'demo-resident-1', { action: 'submit', idempotencyKey: 'seed', filing: filingFor(idNumber) }));
  const file = dataOf(await materialStorage(h.ctx).upload('demo-resident-1', '居住证明.jpg', jpegBytes('seed')));
  refs = { filingId: filing.id, fileId: file.fileId, idNumber: idNumberFor(65, 1) };
});

afterAll(async () => {
  await h.close();
  recordFigures(PART, figures);
  recordIdNumbers(PART, used);
});

const sample = <T>(arb: fc.Arbitrary<T>, n: number) => fc.sample(arb, { numRuns: n, seed: 11 + serial++ });
const codeOf = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);
const n = (x: number) => x.toLocaleString('en');

describe('#6 control characters and deep nesting', () => {
  it('refuses a control character or broken UTF-16 in any string of any action, writing nothing', async () => {
    const before = rowCounts(h.dataDir);
    let sent = 0;
    const problems: string[] = [];
    for (const ref of allActions()) {
      const valid = { action: ref.action, ...validExample(ref.fn, ref.action, refs) };
      // Input-less actions get the character in an extra key's value, or in the key itself.
      const leaves = stringLeaves(valid).filter((p) => p[0] !== 'action');
      const targets = leaves.length > 0 ? leaves : [['note']];
      const events = sample(fc.record({ path: fc.constantFrom(...targets), seed: fc.string({ maxLength: 8 }), inKey: fc.boolean() }).chain(({ path, seed, inKey }) =>
        withUnreadable(leaves.length > 0 ? String(getAt(valid, path)) : seed).map((bad) => (inKey ? { ...valid, [bad]: 1 } : withAt(valid, path, bad)))), PER_ACTION);
      for (const event of events) {
        const roundTrip = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
        const result = await h.call(ref.fn, IDENTITIES[sent % IDENTITIES.length], roundTrip);
        sent += 1;
        const p = refusalProblems(result);
        if (codeOf(result) !== 'REQUEST.INVALID') p.push(`answered ${codeOf(result)}`);
        if (p.length > 0) problems.push(`${ref.fn}.${ref.action}: ${p.join('; ')} for ${JSON.stringify(roundTrip).slice(0, 200)}`);
      }
    }
    const changed = Object.keys(before).filter((t) => before[t] !== rowCounts(h.dataDir)[t]);
    figures.push(figure(`#6 control characters (${CONTROL_CHARACTERS.length} kinds) in every string of ${allActions().length} actions → REQUEST.INVALID`, `${n(sent)} sent, ${problems.length} other answers; ${changed.length} tables changed`, problems.length === 0 && changed.length === 0));
    expect(problems.slice(0, 5)).toEqual([]);
    expect(changed).toEqual([]);
  });

  it('refuses deep nesting in every object of every action, the free-form draft above all, without a stack overflow', async () => {
    const before = rowCounts(h.dataDir);
    let sent = 0;
    const problems: string[] = [];
    const depths = fc.oneof(fc.integer({ min: 25, max: 2_000 }), fc.constantFrom(10_000, 100_000));
    for (const ref of allActions()) {
      const valid = { action: ref.action, ...validExample(ref.fn, ref.action, refs) };
      // Into every object (a key on an array would be dropped by the JSON trip).
      const places = objectPaths(valid).filter((p) => !Array.isArray(getAt(valid, p))).map((p) => [...p, 'deep']);
      const events = sample(fc.record({ path: fc.constantFrom(...places), depth: depths, shape: fc.constantFrom('object', 'array', 'mixed') as fc.Arbitrary<'object' | 'array' | 'mixed'> }), Math.max(20, PER_ACTION / 20));
      for (const { path, depth, shape } of events) {
        const result = await h.call(ref.fn, IDENTITIES[sent % IDENTITIES.length], withAt(valid, path, nested(depth, shape)));
        sent += 1;
        const p = refusalProblems(result);
        if (codeOf(result) !== 'REQUEST.INVALID') p.push(`answered ${codeOf(result)} at depth ${depth}`);
        if (p.length > 0) problems.push(`${ref.fn}.${ref.action}: ${p.join('; ')}`);
      }
    }
    // The draft is bounded tighter than any event: 7 levels of a form that has 3.
    let drafts = 0;
    for (const { depth, shape } of sample(fc.record({ depth: fc.integer({ min: 6, max: 24 }), shape: fc.constantFrom('object', 'array', 'mixed') as fc.Arbitrary<'object' | 'array' | 'mixed'> }), PER_ACTION)) {
      const result = await h.call('filing', 'demo-resident-2', { action: 'saveDraft', draft: { form: nested(depth, shape) } });
      drafts += 1;
      if (codeOf(result) !== 'REQUEST.INVALID' || refusalProblems(result).length > 0) problems.push(`draft at depth ${depth}: ${codeOf(result)}`);
    }
    const changed = Object.keys(before).filter((t) => before[t] !== rowCounts(h.dataDir)[t]);
    figures.push(figure(`#6 deep nesting (25–100,000 levels) in every object of ${allActions().length} actions; drafts 7–25 levels → REQUEST.INVALID`, `${n(sent)} + ${n(drafts)} drafts sent, ${problems.length} other answers; ${changed.length} tables changed`, problems.length === 0 && changed.length === 0));
    expect(problems.slice(0, 5)).toEqual([]);
    expect(changed).toEqual([]);
  });
});

describe('#8 values a clerk would refuse, #9 numbers people hold', () => {
  it('refuses bad names in every name field and accepts minority names, normalised', async () => {
    const problems: string[] = [];
    let refused = 0;
    let accepted = 0;
    const fields: [string, (name: string) => [string, string, Record<string, unknown>]][] = [
      ['applicant.name', (name) => ['policy', '', { action: 'check', filing: filingFor(refs.idNumber, { applicant: { name, idNumber: refs.idNumber, phone: '13800138000' } }) }]],
      ['agent.name', (name) => ['policy', '', { action: 'check', filing: filingFor(refs.idNumber, { agent: { name, idNumber: idNumberFor(65, 2), phone: '13900139000', relationship: '子女' } }) }]],
      ['staff name', (name) => ['review', 'demo-admin', { action: 'staffAdd', openid: 'name-probe', name, role: 'reviewer', regions: ['320500'] }]],
      ['verified name (identity.start)', (name) => ['identity', 'name-probe-resident', { action: 'start', name, idNumber: refs.idNumber, purpose: 'self' }]],
    ];
    for (const [field, eventOf] of fields) {
      for (const bad of sample(badPersonNames, PER_ACTION)) {
        const [fn, caller, event] = eventOf(bad);
        const result = await h.call(fn, caller || undefined, event);
        refused += 1;
        if (codeOf(result) !== 'REQUEST.INVALID' || refusalProblems(result).length > 0) problems.push(`${field} ${JSON.stringify(bad)}: ${codeOf(result)}`);
      }
      for (const good of sample(personNames, PER_ACTION / 10)) {
        const [fn, caller, event] = eventOf(good.typed);
        const result = await h.call<{ name?: string }>(fn, caller || undefined, event);
        accepted += 1;
        if (!result.ok) problems.push(`${field} ${JSON.stringify(good.typed)} refused: ${codeOf(result)}`);
        else if (fn === 'review' && result.data.name !== good.normalised) problems.push(`stored ${result.data.name} for ${good.typed}`);
      }
    }
    figures.push(figure(`#8 names of invisible, control or direction characters in ${fields.length} name fields (applicant, agent, staff, identity) → refused; minority names accepted`, `${n(refused)} refused of ${n(refused)}; ${n(accepted)} good names accepted and stored with U+00B7; ${problems.length} wrong`, problems.length === 0));
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('refuses dates centuries back or over a year back, and never prints a year below 1000 as 19xx', async () => {
    const today = chinaToday(h.runtime.clock.now());
    const earliest = earliestStartDate(today);
    const problems: string[] = [];
    let sent = 0;
    let lowYears = 0;
    const types: Record<string, Record<string, unknown>> = {
      startDate: {},
      endDate: { type: 'other_temporary', residenceAddress: undefined },
      admissionDate: { type: 'emergency', residenceAddress: undefined, hospital: { name: '深圳市人民医院' }, diagnosis: '急性阑尾炎', proof: { kind: 'documents', fileIds: [refs.fileId] } },
    };
    for (const [field, over] of Object.entries(types)) {
      for (const date of sample(fc.oneof(datesIn(1, 999), datesIn(1000, 1899)), PER_ACTION / 2)) {
        const result = await h.call('policy', undefined, { action: 'check', filing: filingFor(refs.idNumber, { ...over, [field]: date }) });
        sent += 1;
        if (Number(date.slice(0, 4)) < 1000) lowYears += 1;
        if (codeOf(result) !== 'REQUEST.INVALID') problems.push(`${field} ${date}: ${codeOf(result)}`);
        if (Number(date.slice(0, 4)) < 1000 && /19\d\d/.test(JSON.stringify(result))) problems.push(`${field} ${date} printed as 19xx: ${JSON.stringify(result)}`);
      }
    }
    const farBack = fc.integer({ min: 1, max: 365 * 120 }).map((days) => addDays(earliest, -days)).filter((d) => d >= '1900-01-01');
    for (const date of sample(farBack, PER_ACTION / 2)) {
      for (const field of ['startDate', 'admissionDate']) {
        const result = await h.call<{ accepted: true }>('policy', undefined, { action: 'check', filing: filingFor(refs.idNumber, { ...types[field], [field]: date }) });
        sent += 1;
        const fieldMessage = !result.ok ? result.error.fields?.[field] : undefined;
        if (codeOf(result) !== 'FILING.DATE_INVALID' || !fieldMessage?.includes(earliest)) problems.push(`${field} ${date}: ${codeOf(result)} ${fieldMessage ?? ''}`);
      }
    }
    figures.push(figure(`#8 start, end and admission dates in years 1–1899 or over a year before today (before ${earliest}) → refused`, `${n(sent)} refused of ${n(sent)} (${n(lowYears)} with years below 1000, none printed as 19xx); ${problems.length} wrong`, problems.length === 0));
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('accepts permits, abolished county and 市辖区 numbers, and still refuses any of them with one digit wrong', async () => {
    const problems: string[] = [];
    let accepted = 0;
    let refused = 0;
    for (const idNumber of sample(heldIdNumbers, PER_ACTION)) {
      const ok = await h.call('policy', undefined, { action: 'check', filing: filingFor(idNumber) });
      accepted += 1;
      if (!ok.ok) problems.push(`${idNumber.slice(0, 6)}… refused: ${codeOf(ok)}`);
      const at = 6 + (accepted % 12);
      const wrong = `${idNumber.slice(0, at)}${idNumber[at] === '1' ? '2' : '1'}${idNumber.slice(at + 1)}`;
      const bad = await h.call('policy', undefined, { action: 'check', filing: filingFor(wrong) });
      refused += 1;
      if (codeOf(bad) !== 'REQUEST.INVALID') problems.push(`${wrong.slice(0, 6)}… with a wrong digit: ${codeOf(bad)}`);
    }
    figures.push(figure('#9 ID numbers people hold (810000/820000/830000, abolished counties, 市辖区 …01) → accepted; one digit wrong → refused', `${n(accepted)} accepted, ${n(refused)} refused; ${problems.length} wrong`, problems.length === 0));
    expect(problems.slice(0, 5)).toEqual([]);
  });
});

describe('#10 the scheduler', () => {
  it('runs a pass only for the platform timer (its event, no user in the context) or for an admin', async () => {
    const timer = { Type: 'Timer', TriggerName: 'every-5-minutes', Time: '2026-11-26T02:05:00Z' };
    const events = fc.oneof(
      fc.constant(timer),
      fc.constant({ ...timer, Message: '' }),
      fc.record({ Type: fc.constantFrom('Timer', 'timer', 'TIMER', 'Timer '), TriggerName: fc.oneof(fc.constant('every-5-minutes'), fc.string()), Time: fc.oneof(fc.constant(timer.Time), fc.string()) }),
      fc.constant({ ...timer, action: 'tick' }),
      fc.constant({ action: 'tick' }),
      fc.record({ action: fc.constant('tick'), openid: fc.constantFrom('demo-admin', 'platform') }),
      fc.constant({ TriggerName: 'every-5-minutes' }),
    );
    const contexts: [string, () => unknown][] = [
      ...IDENTITIES.map((id): [string, () => unknown] => [id ?? 'anonymous', () => wechatContextFor(id, 'r', 'scheduler')]),
      ['platform', () => platformTriggerContext('r', 'scheduler')],
      ['missing', () => undefined],
      ['empty', () => ({})],
      ['web user', () => ({ request_id: 'r', environment: JSON.stringify({ TCB_CONTEXT_KEYS: 'TCB_UUID', TCB_UUID: 'web-1' }) })],
    ];
    // The platform names its triggers as config.json does ([\w-]{1,64}); any such name is the timer's.
    const isTimer = (e: Record<string, unknown>) => e.Type === 'Timer' && typeof e.TriggerName === 'string' && /^[\w-]{1,64}$/.test(e.TriggerName) && e.Time === timer.Time
      && Object.keys(e).every((k) => ['Type', 'TriggerName', 'Time', 'Message'].includes(k));
    let sent = 0;
    let passes = 0;
    const problems: string[] = [];
    for (const event of sample(events, PER_ACTION)) {
      for (const [who, context] of contexts) {
        const result = await FUNCTIONS.scheduler!(JSON.parse(JSON.stringify(event)), context());
        sent += 1;
        const expected = (isTimer(event as Record<string, unknown>) && who === 'platform') || ((event as { action?: string }).action === 'tick' && who === 'demo-admin');
        if (result.ok) passes += 1;
        if (result.ok !== expected) problems.push(`${who} ${JSON.stringify(event)}: ${codeOf(result)}`);
        problems.push(...refusalProblems(result));
      }
    }
    figures.push(figure(`#10 timer-looking and tick payloads × ${contexts.length} kinds of caller → a pass only for the platform timer or an admin`, `${n(sent)} sent, ${n(passes)} passes, all expected; ${problems.length} wrong`, problems.length === 0));
    expect(problems.slice(0, 5)).toEqual([]);
  });
});

describe('#11 another region’s filing', () => {
  it('answers every review action exactly as for a filing that does not exist', async () => {
    const staff = ['demo-staff-beijing', 'demo-admin'];
    for (const [i, region] of ['440300', '110000', '510100', '330000'].entries()) {
      dataOf(await h.call('review', 'demo-admin', { action: 'staffAdd', openid: `leak-staff-${i}`, name: '外地审核员', role: 'reviewer', regions: [region] }));
      staff.push(`leak-staff-${i}`);
    }
    const filings: string[] = [];
    for (const [i, state] of ['submitted', 'in_review', 'approved', 'returned', 'rejected'].entries()) {
      const idNumber = idNumberFor(66, i);
      used.push(idNumber);
      await h.bind('demo-resident-1', idNumber);
      const { id } = dataOf(await h.call<{ id: string }>('filing', 'demo-resident-1', { action: 'submit', idempotencyKey: `leak-${i}`, filing: filingFor(idNumber, { treatmentRegion: ['440300', '110100', '510100', '330100', '420100'][i] }) }));
      if (state !== 'submitted') dataOf(await h.call('review', 'demo-staff-suzhou', { action: 'claim', id }));
      if (state === 'approved') dataOf(await h.call('review', 'demo-staff-suzhou', { action: 'approve', id }));
      if (state === 'returned' || state === 'rejected') dataOf(await h.call('review', 'demo-staff-suzhou', { action: state === 'returned' ? 'return' : 'reject', id, reason: '材料不全' }));
      filings.push(id);
    }
    const before = rowCounts(h.dataDir);
    // Every review action that names a filing, from the function definition (materialLink included).
    const actions = allActions()
      .filter((a) => a.fn === 'review' && Object.prototype.hasOwnProperty.call((a.schema as ZodMiniType & { _zod: { def: { shape?: object } } })._zod.def.shape ?? {}, 'id'))
      .map((a) => a.action);
    const missing = fc.uuid();
    let cells = 0;
    const problems: string[] = [];
    for (const [who, action, id, ghost] of sample(fc.tuple(fc.constantFrom(...staff), fc.constantFrom(...actions), fc.constantFrom(...filings), missing), PER_ACTION)) {
      const event = { action, reason: '原因', revealIdNumber: true, ...(action === 'materialLink' ? { fileId: refs.fileId } : {}), ...(action === 'previewDecision' ? { decision: 'approve' } : {}) };
      const theirs = await h.call('review', who, { ...event, id });
      const none = await h.call('review', who, { ...event, id: ghost });
      cells += 1;
      if (JSON.stringify(theirs) !== JSON.stringify(none) || codeOf(theirs) !== 'FILING.NOT_FOUND') problems.push(`${who} ${action}: ${JSON.stringify(theirs)} vs ${JSON.stringify(none)}`);
    }
    const changed = Object.keys(before).filter((t) => before[t] !== rowCounts(h.dataDir)[t]);
    figures.push(figure(`#11 ${actions.length} review actions × filings in 5 states × ${staff.length} staff of other regions → the answer for a missing filing`, `${n(cells)} of ${n(cells)} identical FILING.NOT_FOUND; ${problems.length} differed; ${changed.length} tables changed`, problems.length === 0 && changed.length === 0));
    expect(problems.slice(0, 5)).toEqual([]);
    expect(changed).toEqual([]);
  });
});

describe('#12 forged cursors', () => {
  it('are refused by every list the same way', async () => {
    for (let i = 0; i < 3; i++) {
      const idNumber = idNumberFor(67, i);
      used.push(idNumber);
      await h.bind('demo-resident-2', idNumber);
      dataOf(await h.call('filing', 'demo-resident-2', { action: 'submit', idempotencyKey: `cur-${i}`, filing: filingFor(idNumber, { treatmentRegion: ['440300', '110100', '510100'][i] }) }));
    }
    dataOf(await h.call('scheduler', 'demo-admin', { action: 'tick' }));
    // Two policy proposals, so the admin's list of changes has a second page (and a cursor of its own).
    for (const effectiveFrom of ['2027-01-01', '2027-07-01']) {
      dataOf(await h.call('policy', 'demo-admin', { action: 'propose', ...validExample('policy', 'propose', refs), effectiveFrom }));
    }
    const lists = allActions().filter((a) => Object.prototype.hasOwnProperty.call((a.schema as ZodMiniType & { _zod: { def: { shape?: object } } })._zod.def.shape ?? {}, 'cursor'));
    const callers: Record<string, string | undefined> = { filing: 'demo-resident-2', review: 'demo-staff-suzhou', notification: 'demo-resident-2', institution: undefined, policy: 'demo-admin' };
    // Admin-only lists are tried by the admin, so the cursor is what gets judged.
    const caller = (fn: string, action: string) => (action === 'deadLetters' || action === 'piiAccessLog' || fn === 'policy' ? 'demo-admin' : callers[fn]);
    const own = new Map<string, string>();
    for (const ref of lists) {
      const page = await h.call<{ nextCursor?: string | null }>(ref.fn, caller(ref.fn, ref.action), { action: ref.action, ...validExample(ref.fn, ref.action, refs), limit: 1, pageSize: 1 });
      const next = page.ok ? page.data.nextCursor : undefined;
      if (next) own.set(`${ref.fn}.${ref.action}`, next);
    }
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64url');
    const ownCursors = [...own.values()];
    const lists12 = ['filings.byApplicant', 'filings.queue', 'notifications.inbox', 'notifications.deliveries', 'policy.changes', 'policy.audit', 'policy.openDue', 'directory.level', 'directory.distance', 'directory.relevance', 'directory.relevance-keyword', 'x'];
    const forged = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9_-]{1,120}$/),
      fc.jsonValue({ maxDepth: 2 }).map(b64),
      fc.record({ l: fc.constantFrom(...lists12), k: fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.double()), { maxLength: 4 }) }).map(b64),
      fc.record({ s: fc.constantFrom('level', 'distance'), k: fc.tuple(fc.integer(), fc.constant('H32050000001')) }).map(b64),
      fc.record({ c: fc.constantFrom(...ownCursors), cut: fc.integer({ min: 1, max: 8 }) }).map(({ c, cut }) => c.slice(0, -cut)),
      fc.record({ c: fc.constantFrom(...ownCursors), extra: fc.stringMatching(/^[A-Za-z0-9_-]{1,4}$/) }).map(({ c, extra }) => `${extra}${c}`),
      fc.constantFrom(...ownCursors),
    );
    const expected = JSON.stringify({ ok: false, error: { code: 'REQUEST.INVALID', message: '填写的信息有误，请按提示修改后再提交', fields: { cursor: CURSOR_REFUSED } } });
    let sent = 0;
    let ownAccepted = 0;
    const answers = new Set<string>();
    const problems: string[] = [];
    for (const ref of lists) {
      const key = `${ref.fn}.${ref.action}`;
      for (const cursor of sample(forged, PER_ACTION / 2)) {
        const result = await h.call(ref.fn, caller(ref.fn, ref.action), { action: ref.action, ...validExample(ref.fn, ref.action, refs), cursor });
        // A list's own cursor, or another list's key that happens to fit this one, is a position, not a forgery.
        if (cursor === own.get(key) || (result.ok && cursor.length > 0 && ownCursors.includes(cursor))) {
          if (result.ok) ownAccepted += 1;
          continue;
        }
        sent += 1;
        answers.add(JSON.stringify(result));
        if (JSON.stringify(result) !== expected) problems.push(`${key} ${cursor}: ${JSON.stringify(result).slice(0, 160)}`);
      }
    }
    figures.push(figure(`#12 forged cursors in the ${lists.length} lists (${lists.map((l) => `${l.fn}.${l.action}`).join(', ')})`, `${n(sent)} sent, ${answers.size} distinct answer (REQUEST.INVALID on cursor); own cursors still page: ${ownAccepted}; ${problems.length} wrong`, problems.length === 0 && answers.size === 1));
    expect(problems.slice(0, 5)).toEqual([]);
    expect(answers.size).toBe(1);
  });
});

describe('#7 the last admin', () => {
  it('keeps an admin through random sequences of demotions, promotions and removals, some at once', async () => {
    const pool = ['adm-a', 'adm-b', 'adm-c', 'demo-admin'];
    const op = fc.record({ by: fc.constantFrom(...pool), target: fc.constantFrom(...pool), kind: fc.oneof({ weight: 3, arbitrary: fc.constant('demote') }, { weight: 2, arbitrary: fc.constant('remove') }, { weight: 2, arbitrary: fc.constant('promote') }), together: fc.boolean() });
    const sequences = sample(fc.array(op, { minLength: 10, maxLength: 30 }), Math.max(10, RUNS / 500));
    const call = (o: { by: string; target: string; kind: string }) => (o.kind === 'remove'
      ? h.call('review', o.by, { action: 'staffRemove', openid: o.target })
      : h.call('review', o.by, { action: 'staffAdd', openid: o.target, name: '管理员', role: o.kind === 'promote' ? 'admin' : 'reviewer', regions: ['320500'] }));
    let ops = 0;
    let lastAdminRefusals = 0;
    let fewest = Infinity;
    const problems: string[] = [];
    for (const sequence of sequences) {
      for (let i = 0; i < sequence.length; i++) {
        const batch = sequence[i]!.together && sequence[i + 1] ? [sequence[i]!, sequence[++i]!] : [sequence[i]!];
        const answers = await Promise.all(batch.map(call));
        ops += batch.length;
        for (const a of answers) {
          if (codeOf(a) === 'AUTH.LAST_ADMIN') lastAdminRefusals += 1;
          const p = refusalProblems(a);
          if (p.length > 0) problems.push(p.join('; '));
        }
        const admins = (await h.ctx.repo.listStaff()).filter((s) => s.role === 'admin').length;
        fewest = Math.min(fewest, admins);
        if (admins === 0) problems.push(`no admin left after ${JSON.stringify(batch)}`);
        if (admins === 0) break;
      }
      if (fewest === 0) break;
    }
    // Leave the demo admin in place for whatever runs after.
    const anyAdmin = (await h.ctx.repo.listStaff()).find((s) => s.role === 'admin');
    if (anyAdmin && anyAdmin.id !== 'demo-admin') dataOf(await h.call('review', anyAdmin.id, { action: 'staffAdd', openid: 'demo-admin', name: '管理员', role: 'admin', regions: ['320500'] }));
    figures.push(figure('#7 random admin changes (demote, promote, remove; pairs at once) → an admin always remains', `${n(ops)} changes in ${sequences.length} sequences; fewest admins ${fewest}; ${n(lastAdminRefusals)} AUTH.LAST_ADMIN; ${problems.length} bad answers`, fewest >= 1 && problems.length === 0));
    expect(problems.slice(0, 5)).toEqual([]);
    expect(fewest).toBeGreaterThanOrEqual(1);
  });
});
