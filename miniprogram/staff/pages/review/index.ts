import { callCloud, chinaDateText, chinaDateTimeText, issuesToFieldErrors, previewMaterial, ReviewActions, type FilingSummary, type Result, type ReviewDetail } from '../../../lib/index';
import { largeTextBehavior } from '../../../behaviors/large-text';

type Decision = 'claim' | 'approve' | 'reject' | 'return';

interface ReviewTap {
  currentTarget: { dataset: { value?: string; index?: number } };
  detail: { value?: string };
}

const DONE: Record<Decision, string> = {
  claim: '已受理，请核对材料后审核',
  approve: '已审核通过',
  reject: '已审核不通过，申请人会看到原因',
  return: '已退回申请人补充材料',
};

/**
 * 审核 (staff subpackage): the filing with its materials and timeline; the full ID number
 * only on an explicit tap (the server records who looked); claim, then approve / reject /
 * return. Every button is inert while a call is in flight, so nothing is sent twice.
 */
Component({
  behaviors: [largeTextBehavior],
  data: {
    id: '',
    me: '',
    detail: null as ReviewDetail | null,
    /** Dates and the timeline worded for people (2026年11月30日 10:05), never ISO instants. */
    texts: { startDate: '', endDate: '', admissionDate: '', reviewDeadline: '' },
    timeline: [] as (ReviewDetail['timeline'][number] & { atText: string })[],
    materials: [] as { fileId: string; name: string }[],
    can: { claim: false, decide: false },
    reason: '',
    reasonError: '',
    busy: false,
    notice: '',
    errorMessage: '',
    errorCode: '',
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      const me = await callCloud('review', 'whoami', {});
      if (!me.ok) {
        this.setData({ errorMessage: me.error.message, errorCode: me.error.code });
        return;
      }
      this.setData({ me: me.data.openid });
      await this.load(false);
    },

    async load(revealIdNumber: boolean) {
      const result = await callCloud('review', 'get', revealIdNumber ? { id: this.data.id, revealIdNumber } : { id: this.data.id });
      if (!result.ok) {
        this.setData({ errorMessage: result.error.message, errorCode: result.error.code });
        return;
      }
      const detail = result.data;
      // Once revealed, the number stays on screen for this visit without asking again.
      if (!detail.idNumber && this.data.detail?.idNumber) detail.idNumber = this.data.detail.idNumber;
      this.setData({
        detail,
        texts: { startDate: chinaDateText(detail.startDate), endDate: chinaDateText(detail.endDate), admissionDate: chinaDateText(detail.admissionDate), reviewDeadline: chinaDateText(detail.reviewDeadline) },
        timeline: detail.timeline.map((t) => ({ ...t, atText: chinaDateTimeText(t.at) })),
        materials: detail.fileIds.map((fileId, i) => ({ fileId, name: `材料${i + 1}` })),
        can: {
          claim: detail.status === 'submitted',
          decide: detail.status === 'in_review' && detail.claimedBy === this.data.me,
        },
      });
    },

    async revealIdNumber() {
      if (this.data.busy || this.data.detail?.idNumber) return;
      this.setData({ busy: true });
      await this.load(true);
      this.setData({ busy: false });
    },

    async openMaterial(event: ReviewTap) {
      const material = this.data.materials[Number(event.currentTarget.dataset.index)];
      if (!material) return;
      const opened = await previewMaterial(this.data.id, material.fileId);
      if (!opened.ok) this.setData({ errorMessage: opened.error.message, errorCode: '' });
    },

    onReasonInput(event: ReviewTap) {
      this.setData({ reason: event.detail.value ?? '', reasonError: '' });
    },

    async decide(event: ReviewTap) {
      const decision = event.currentTarget.dataset.value as Decision | undefined;
      if (!decision || this.data.busy) return;
      const id = this.data.id;
      const reason = this.data.reason.trim();
      // Reasons are checked with the review function's own schema before anything is sent.
      const input = decision === 'claim' ? ReviewActions.claim.safeParse({ id })
        : decision === 'approve' ? ReviewActions.approve.safeParse(reason ? { id, reason } : { id })
          : ReviewActions[decision].safeParse({ id, reason });
      if (!input.success) {
        const fields = issuesToFieldErrors(input.error.issues);
        this.setData({ reasonError: fields.reason ?? Object.values(fields)[0] ?? '' });
        return;
      }
      this.setData({ busy: true, notice: '', errorMessage: '', errorCode: '', reasonError: '' });
      let result: Result<FilingSummary>;
      if (decision === 'claim') result = await callCloud('review', 'claim', { id });
      else if (decision === 'approve') result = await callCloud('review', 'approve', reason ? { id, reason } : { id });
      else result = await callCloud('review', decision, { id, reason });
      if (!result.ok) {
        this.setData({ busy: false, errorMessage: result.error.message, errorCode: result.error.code });
        await this.load(false);
        return;
      }
      await this.load(false);
      this.setData({ busy: false, notice: DONE[decision], reason: decision === 'claim' ? this.data.reason : '' });
    },
  },
});
