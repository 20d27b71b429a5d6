import {
  callCloud, chinaDateText, chinaDateTimeText, composeReason, issuesToFieldErrors, previewMaterial, REASON_TEMPLATES, ReviewActions,
  type DecisionPreview, type FilingSummary, type ReasonDecision, type Result, type ReviewDetail,
} from '../../../lib/index';
import { largeTextBehavior } from '../../../behaviors/large-text';

interface ReviewTap {
  currentTarget: { dataset: { value?: string; index?: number } };
  detail: { value?: string };
}

const DONE: Record<'claim' | 'release' | ReasonDecision, string> = {
  claim: '已受理，请核对材料后审核',
  release: '已放回待审核队列，其他工作人员可以受理',
  approve: '已审核通过',
  reject: '已审核不通过，申请人会看到原因',
  return: '已退回申请人补充材料',
};

/** What each decision is called on the page, and what its text box asks for. */
const CHOICES: Record<ReasonDecision, { label: string; reasonLabel: string }> = {
  approve: { label: '通过', reasonLabel: '审核意见（选填，申请人会看到）' },
  return: { label: '退回补材料', reasonLabel: '需要补充的材料（必填，申请人会看到）' },
  reject: { label: '不通过', reasonLabel: '不通过的原因（必填，申请人会看到）' },
};

const NO_CHOICE = { decision: '' as ReasonDecision | '', label: '', reasonLabel: '' };

/**
 * 审核 (staff subpackage): the filing with its materials and timeline; the full ID number
 * only on an explicit tap (the server records who looked). 受理 / 放回待审核队列; then choose
 * 通过 / 退回补材料 / 不通过, tap 常用意见 and add words, 预览 shows exactly what the resident will
 * be told (the server's own composer), and only 确认 decides — with the very reason previewed.
 * Every button is inert while a call is in flight, so nothing is sent twice.
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
    choice: NO_CHOICE,
    /** The chosen decision's 常用意见, each with whether it is tapped. */
    templates: [] as { text: string; chosen: boolean }[],
    reason: '',
    reasonError: '',
    /** The resident's message as the server composed it; the reason it was composed with is what 确认 sends. */
    preview: null as DecisionPreview | null,
    previewedReason: '',
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
      const decide = detail.status === 'in_review' && detail.claimedBy === this.data.me;
      this.setData({
        detail,
        texts: { startDate: chinaDateText(detail.startDate), endDate: chinaDateText(detail.endDate), admissionDate: chinaDateText(detail.admissionDate), reviewDeadline: chinaDateText(detail.reviewDeadline) },
        timeline: detail.timeline.map((t) => ({ ...t, atText: chinaDateTimeText(t.at) })),
        materials: detail.fileIds.map((fileId, i) => ({ fileId, name: `材料${i + 1}` })),
        can: { claim: detail.status === 'submitted', decide },
        ...(decide ? {} : { choice: NO_CHOICE, templates: [], preview: null, previewedReason: '' }),
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

    /** 受理 or 放回待审核队列: no reason, no preview. */
    async move(event: ReviewTap) {
      const step = event.currentTarget.dataset.value;
      if ((step !== 'claim' && step !== 'release') || this.data.busy) return;
      this.setData({ busy: true, notice: '', errorMessage: '', errorCode: '' });
      const result = await callCloud('review', step, { id: this.data.id });
      await this.load(false);
      if (!result.ok) this.setData({ busy: false, errorMessage: result.error.message, errorCode: result.error.code });
      else this.setData({ busy: false, notice: DONE[step] });
    },

    /** 通过 / 退回补材料 / 不通过: shows that decision's 常用意见 and text box (words typed so far stay). */
    choose(event: ReviewTap) {
      const decision = event.currentTarget.dataset.value as ReasonDecision | undefined;
      if (!decision || !CHOICES[decision] || this.data.busy) return;
      this.setData({
        choice: { decision, ...CHOICES[decision] },
        templates: REASON_TEMPLATES[decision].map((text) => ({ text, chosen: false })),
        reasonError: '', preview: null, previewedReason: '', notice: '', errorMessage: '', errorCode: '',
      });
    },

    toggleTemplate(event: ReviewTap) {
      const index = Number(event.currentTarget.dataset.index);
      if (this.data.busy || !this.data.templates[index]) return;
      this.setData({ [`templates[${index}].chosen`]: !this.data.templates[index]!.chosen, reasonError: '' });
    },

    onReasonInput(event: ReviewTap) {
      this.setData({ reason: event.detail.value ?? '', reasonError: '' });
    },

    /** The reason as it will be sent: tapped templates in list order, then the typed words. */
    composedReason(): string | undefined {
      return composeReason(this.data.templates.filter((t) => t.chosen).map((t) => t.text), this.data.reason);
    },

    /** 预览: checked with the decision's own schema first, then worded by the server; nothing is decided. */
    async showPreview() {
      const decision = this.data.choice.decision;
      if (!decision || this.data.busy) return;
      const id = this.data.id;
      const reason = this.composedReason();
      const input = ReviewActions[decision].safeParse(reason ? { id, reason } : { id });
      if (!input.success) {
        const fields = issuesToFieldErrors(input.error.issues);
        this.setData({ reasonError: fields.reason ?? Object.values(fields)[0] ?? '' });
        return;
      }
      this.setData({ busy: true, notice: '', errorMessage: '', errorCode: '', reasonError: '' });
      const preview = await callCloud('review', 'previewDecision', reason ? { id, decision, reason } : { id, decision });
      if (!preview.ok) {
        this.setData({ busy: false, errorMessage: preview.error.message, errorCode: preview.error.code });
        await this.load(false);
        return;
      }
      this.setData({ busy: false, preview: preview.data, previewedReason: reason ?? '' });
    },

    /** 返回修改: back to the chips and the text, as they were. */
    backToEdit() {
      if (this.data.busy) return;
      this.setData({ preview: null, previewedReason: '' });
    },

    /** 确认: the decision, with exactly the reason the preview was composed from. */
    async confirm() {
      const decision = this.data.choice.decision;
      if (!decision || !this.data.preview || this.data.busy) return;
      const id = this.data.id;
      const reason = this.data.previewedReason;
      this.setData({ busy: true, notice: '', errorMessage: '', errorCode: '' });
      let result: Result<FilingSummary>;
      if (decision === 'approve') result = await callCloud('review', 'approve', reason ? { id, reason } : { id });
      else result = await callCloud('review', decision, { id, reason });
      if (!result.ok) {
        this.setData({ busy: false, preview: null, errorMessage: result.error.message, errorCode: result.error.code });
        await this.load(false);
        return;
      }
      this.setData({ choice: NO_CHOICE, templates: [], preview: null, previewedReason: '', reason: '' });
      await this.load(false);
      this.setData({ busy: false, notice: DONE[decision] });
    },
  },
});
