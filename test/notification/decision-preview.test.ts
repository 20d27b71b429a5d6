import { createHarness, STORE_KINDS, SUZHOU, type Harness } from './harness';
import { dispatchPending } from '../../server/notification/dispatcher';
import { Collections } from '../../server/filing/filing-records';
import type { InboxItem } from '../../core/api/notification-api';
import type { DecisionPreview } from '../../core/api/review-api';
import type { ListPage } from '../../core/api/filing-api';
import { composeReason, REASON_TEMPLATES } from '../../core/review/reason-templates';

/**
 * review.previewDecision shows the reviewer exactly what the resident will read: the inbox
 * message the real decision produces, word for word, and it writes nothing.
 */
let h: Harness;
afterEach(() => h.close());

const inboxTop = async (openid: string) => {
  const answer = await h.call<ListPage<InboxItem>>('notification', openid, { action: 'inbox', limit: 50 });
  if (!answer.ok) throw new Error(answer.error.code);
  return answer.data.items[0]!;
};
const counts = async () => ({
  audit: await h.ctx.filing.repo.count(Collections.audit),
  outbox: await h.ctx.filing.repo.count(Collections.outbox),
  filings: await h.ctx.filing.repo.count(Collections.filings),
});

describe.each(STORE_KINDS)('review.previewDecision on the %s store', (store) => {
  beforeEach(async () => {
    h = await createHarness(undefined, store);
  });

  it.each([
    ['approve', composeReason([REASON_TEMPLATES.approve[0]], undefined)],
    ['approve', undefined],
    ['reject', composeReason([REASON_TEMPLATES.reject[1]], '您在北京已有有效备案')],
    ['return', composeReason([REASON_TEMPLATES.return[0], REASON_TEMPLATES.return[2]], '居住证反面')],
  ] as const)('%s (%s): the preview is the inbox message the decision then sends, and writes nothing', async (decision, reason) => {
    const id = await h.submit('r1', 1);
    expect((await h.call('review', SUZHOU, { action: 'claim', id })).ok).toBe(true);
    const before = await counts();
    const preview = await h.call<DecisionPreview>('review', SUZHOU, { action: 'previewDecision', id, decision, ...(reason ? { reason } : {}) });
    if (!preview.ok) throw new Error(preview.error.code);
    expect(await counts()).toEqual(before);

    const event = decision === 'return' ? 'return' : decision;
    expect((await h.call('review', SUZHOU, { action: event, id, ...(reason ? { reason } : {}) })).ok).toBe(true);
    await dispatchPending(h.ctx);
    const message = await inboxTop('r1');
    expect(preview.data.title).toBe(message.title);
    expect(preview.data.lines.join('')).toBe(message.body);
    if (reason) expect(preview.data.lines.join('')).toContain(reason);
  });

  it('refuses exactly as the decision would, with the same code', async () => {
    const id = await h.submit('r1', 1);
    const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);
    /** The preview's answer, checked equal to the real decision's (which also refuses, so nothing is decided). */
    const refusal = async (openid: string, decision: 'approve' | 'reject' | 'return', reason?: string) => {
      const input = { id, ...(reason !== undefined ? { reason } : {}) };
      const preview = code(await h.call('review', openid, { action: 'previewDecision', decision, ...input }));
      expect(code(await h.call('review', openid, { action: decision, ...input }))).toBe(preview);
      return preview;
    };
    // Not claimed yet: the machine's own answer.
    expect(await refusal(SUZHOU, 'approve')).toBe('FILING.TRANSITION_NOT_ALLOWED');
    expect(await refusal('demo-staff-beijing', 'approve')).toBe('FILING.NOT_FOUND');
    expect(await refusal('demo-admin', 'approve')).toBe('FILING.NOT_FOUND');
    expect(await refusal('r1', 'approve')).toBe('AUTH.NOT_STAFF');
    expect((await h.call('review', SUZHOU, { action: 'claim', id })).ok).toBe(true);
    expect(await refusal(SUZHOU, 'reject', '   ')).toBe('REQUEST.INVALID');
    expect(await refusal(SUZHOU, 'return', ' ')).toBe('REQUEST.INVALID');
    // With no reason at all the decision's schema refuses; the preview (whose reason is optional for 通过) asks the machine.
    for (const decision of ['reject', 'return'] as const) {
      expect(code(await h.call('review', SUZHOU, { action: 'previewDecision', id, decision }))).toBe('FILING.REASON_REQUIRED');
      expect(code(await h.call('review', SUZHOU, { action: decision, id }))).toBe('REQUEST.INVALID');
    }
    expect(code(await h.call('review', SUZHOU, { action: 'previewDecision', id, decision: 'cancel' }))).toBe('REQUEST.INVALID');
    // A colleague who has not verified is refused before anything else.
    expect((await h.call('review', 'demo-admin', { action: 'staffAdd', openid: 'o-new-reviewer', name: '吴审核', role: 'reviewer', regions: ['320500'] })).ok).toBe(true);
    expect(await refusal('o-new-reviewer', 'approve')).toBe('AUTH.NOT_VERIFIED');
    expect((await h.call('review', SUZHOU, { action: 'approve', id })).ok).toBe(true);
    expect(await refusal(SUZHOU, 'approve')).toBe('FILING.ALREADY_DECIDED');
  });
});
