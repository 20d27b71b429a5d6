import {
  askToSubscribe, callCloud, chinaDateText, chinaDateTimeText, chinaToday, chooseAndUploadMaterials, materialThumbnails, prepareSubscribe, previewPhotos,
  CAPABILITY_LABELS, FILING_TYPE_RULES,
  type AppError, type Capability, type FilingDetail, type FilingSummary, type Result, type TimelineEntry,
} from '../../lib/index';
import { largeTextBehavior } from '../../behaviors/large-text';
import { cancelInput, changeInput, emptyActionForm, supplementInput, toActionErrors, withdrawInput, type ResidentAction } from './action-input';

interface DetailEvent {
  currentTarget: { dataset: { field?: string; value?: string; index?: number; id?: string; code?: string } };
  detail: { value?: string };
}

/** A timeline entry with its time as residents read it. */
interface TimelineRow extends TimelineEntry {
  atText: string;
}

/** One place of 去哪里看病. */
interface PlaceRow {
  code: string;
  name: string;
  level: string;
  address: string;
  canSettle: string;
}

const PENDING = ['submitted', 'in_review'];
const REFILE_AFTER = ['rejected', 'withdrawn', 'cancelled', 'expired'];
const PLACES = 5;
const PLACE_FILTERS: readonly Capability[] = ['inpatient', 'generalOutpatient'];

/** What the status and its dates allow (core/filing/status-machine.ts); the server decides again anyway. */
function actionsFor(detail: FilingDetail, today: string) {
  const renewal = detail.renewal;
  return {
    withdraw: detail.status === 'submitted' || detail.status === 'in_review' || detail.status === 'returned',
    cancel: detail.status === 'approved',
    /** Locked long-term filing: the button shows the date it opens and stays disabled until then. */
    cancelOpensOn: detail.status === 'approved' && detail.lockedUntil ? chinaDateText(detail.lockedUntil) : '',
    supplement: detail.status === 'returned',
    // Contact details can always be changed; a change request being reviewed cannot be changed again.
    change: detail.status === 'approved',
    refile: REFILE_AFTER.includes(detail.status),
    renew: renewal !== undefined && !renewal.renewedBy && today >= renewal.opensOn,
    renewOpensOn: renewal && !renewal.renewedBy && today < renewal.opensOn ? chinaDateText(renewal.opensOn) : '',
  };
}

/** The reviewer's reason for the latest return or rejection: the first thing the resident needs to read. */
function decisionReason(detail: FilingDetail): string {
  const event = detail.status === 'returned' ? 'return' : detail.status === 'rejected' ? 'reject' : '';
  if (!event) return '';
  return [...detail.timeline].reverse().find((t) => t.event === event)?.reason ?? '';
}

function textsOf(detail: FilingDetail) {
  return {
    filingNo: detail.filingNo ?? '',
    startDate: chinaDateText(detail.startDate),
    endDate: detail.endDate ? chinaDateText(detail.endDate) : '',
    admissionDate: chinaDateText(detail.admissionDate),
    reviewDeadline: PENDING.includes(detail.status) && detail.reviewDeadline ? chinaDateText(detail.reviewDeadline) : '',
    submittedAt: chinaDateTimeText(detail.submittedAt),
    renewalStart: detail.renewal ? chinaDateText(detail.renewal.startDate) : '',
    renewedNo: detail.renewal?.renewedBy?.filingNo ?? '',
  };
}

const DONE: Record<ResidentAction, string> = {
  withdraw: '已撤销这条备案申请',
  cancel: '已取消这条备案',
  supplement: '材料已补充，已重新提交审核',
  change: '变更申请已提交',
};

/** Stable for the page's life, so a second tap on 一键续期 files once. */
function newRenewKey(): string {
  return `renew-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * 备案详情: the outcome first (status, the reviewer's reason, a 请核对 card and where to go once
 * approved), then the details, what can be done now (or from which date), and the timeline.
 * A refusal shows the Chinese message beside the action; what was typed stays.
 */
Component({
  behaviors: [largeTextBehavior],
  data: {
    id: '',
    detail: null as FilingDetail | null,
    texts: { filingNo: '', startDate: '', endDate: '', admissionDate: '', reviewDeadline: '', submittedAt: '', renewalStart: '', renewedNo: '' },
    timeline: [] as TimelineRow[],
    reason: '',
    regionNames: { insured: '', treatment: '' },
    allowed: { withdraw: false, cancel: false, cancelOpensOn: '', supplement: false, change: false, refile: false, renew: false, renewOpensOn: '' },
    changeFields: { residenceAddress: false, hospital: false },
    commitmentOffered: false,
    active: '' as ResidentAction | '',
    actionForm: emptyActionForm(),
    actionErrors: {} as Record<string, string>,
    busy: false,
    uploading: false,
    uploadPercent: 0,
    loading: false,
    loaded: false,
    notice: '',
    /** A filing the last action created (a change request, a renewal), to open from the notice. */
    created: null as { id: string; filingNo: string } | null,
    errorMessage: '',
    thumbs: [] as string[],
    places: [] as PlaceRow[],
    placeFilter: 'inpatient' as Capability,
    placeFilters: PLACE_FILTERS.map((value) => ({ value, label: CAPABILITY_LABELS[value] })),
    placesLoading: false,
    renewKey: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '', renewKey: newRenewKey() });
      void this.load();
      void prepareSubscribe();
    },

    /** Back from 重新办理, a renewal or the inbox: the filing may have moved on. */
    onShow() {
      if (this.data.loaded && !this.data.busy) void this.load();
    },

    async load() {
      this.setData({ loading: true });
      const result = await callCloud('filing', 'get', { id: this.data.id });
      if (!result.ok) {
        this.setData({ loading: false, errorMessage: result.error.message });
        return;
      }
      const firstLoad = !this.data.detail;
      this.show(result.data);
      this.setData({ loading: false, loaded: true });
      if (!this.data.regionNames.insured) void this.loadRegionNames(result.data);
      if (firstLoad || this.data.thumbs.length !== result.data.fileIds.length) void this.loadThumbs(result.data.fileIds);
      if (result.data.status === 'approved' && this.data.places.length === 0) void this.loadPlaces();
    },

    /** Puts a filing on screen: everything worded and dated for the resident. */
    show(detail: FilingDetail) {
      const rule = FILING_TYPE_RULES[detail.type];
      this.setData({
        detail,
        texts: textsOf(detail),
        timeline: detail.timeline.map((t) => ({ ...t, atText: chinaDateTimeText(t.at) })),
        reason: decisionReason(detail),
        allowed: actionsFor(detail, chinaToday()),
        changeFields: { residenceAddress: rule.group === 'long_term', hospital: detail.type === 'referral' },
        commitmentOffered: !rule.documentsAccepted || detail.type === 'long_term_residence' || detail.type === 'stationed_work',
      });
    },

    /** Codes → 江苏省苏州市, from the policy function; the division table never ships to the phone. */
    async loadRegionNames(detail: FilingDetail) {
      const [insured, treatment] = await Promise.all([
        callCloud('policy', 'get', { region: detail.insuredRegion }),
        callCloud('policy', 'get', { region: detail.treatmentRegion }),
      ]);
      this.setData({
        regionNames: {
          insured: insured.ok ? insured.data.regionName : '',
          treatment: treatment.ok ? treatment.data.regionName : '',
        },
      });
    },

    /** The resident's own materials as thumbnails (cloud storage lets the uploader read them). */
    async loadThumbs(fileIds: readonly string[]) {
      this.setData({ thumbs: fileIds.length ? await materialThumbnails(fileIds) : [] });
    },

    openThumb(event: DetailEvent) {
      const current = this.data.thumbs[Number(event.currentTarget.dataset.index)];
      if (current) void previewPhotos(this.data.thumbs, current);
    },

    /** 去哪里看病: networked hospitals of the treatment city that settle what the resident needs. */
    async loadPlaces() {
      const detail = this.data.detail;
      if (!detail) return;
      this.setData({ placesLoading: true });
      const result = await callCloud('institution', 'search', { region: detail.treatmentRegion, kind: 'hospital', capabilities: [this.data.placeFilter], sort: 'level', pageSize: PLACES });
      const places = result.ok ? result.data.items.map((i) => ({
        code: i.code,
        name: i.name,
        level: i.level,
        address: i.address,
        canSettle: i.capabilities.length ? `可直接结算：${i.capabilities.map((c) => CAPABILITY_LABELS[c]).join('、')}` : '',
      })) : [];
      this.setData({ placesLoading: false, places });
    },

    choosePlaceFilter(event: DetailEvent) {
      const value = event.currentTarget.dataset.value as Capability | undefined;
      if (!value || value === this.data.placeFilter) return;
      this.setData({ placeFilter: value, places: [] });
      void this.loadPlaces();
    },

    openPlace(event: DetailEvent) {
      const code = event.currentTarget.dataset.code;
      if (code) void wx.navigateTo({ url: `/pages/institution-detail/index?code=${code}` });
    },

    openAction(event: DetailEvent) {
      const action = event.currentTarget.dataset.value as ResidentAction | undefined;
      if (!action) return;
      if (action === 'cancel' && this.data.allowed.cancelOpensOn) return;
      // Another action's half-typed reason stays if the resident comes back to it.
      this.setData({ active: this.data.active === action ? '' : action, actionErrors: {}, errorMessage: '', notice: '', created: null });
    },

    onInput(event: DetailEvent) {
      const field = event.currentTarget.dataset.field;
      if (field) this.setData({ [`actionForm.${field}`]: event.detail.value ?? '', [`actionErrors.${field}`]: '' });
    },

    chooseProof(event: DetailEvent) {
      this.setData({ 'actionForm.proofKind': event.currentTarget.dataset.value ?? 'documents', 'actionErrors.proof': '' });
    },

    toggleCommitment() {
      this.setData({ 'actionForm.commitmentAccepted': !this.data.actionForm.commitmentAccepted, 'actionErrors.proof': '' });
    },

    async addMaterials() {
      if (this.data.uploading) return;
      const have = this.data.actionForm.materials;
      this.setData({ uploading: true, uploadPercent: 0, 'actionErrors.proof': '' });
      const result = await chooseAndUploadMaterials(20 - have.length, have.length + 1, (percent) => this.setData({ uploadPercent: percent }));
      if (result.ok) this.setData({ uploading: false, 'actionForm.materials': [...this.data.actionForm.materials, ...result.data] });
      else this.setData({ uploading: false, 'actionErrors.proof': result.error.message });
    },

    openNewMaterial(event: DetailEvent) {
      const thumbs = this.data.actionForm.materials.map((m) => m.thumb ?? '');
      const current = thumbs[Number(event.currentTarget.dataset.index)];
      if (current) void previewPhotos(thumbs, current);
    },

    showRefusal(error: AppError) {
      const errors = toActionErrors(error.fields);
      // The reason shows beside the button once: under it when no box holds it.
      if (!errors.form && Object.keys(errors).length === 0) errors.form = error.message;
      this.setData({ busy: false, actionErrors: errors, errorMessage: errors.form === error.message ? '' : error.message });
    },

    /** One call per tap: the button is inert while the call is in flight. */
    async confirmAction() {
      const action = this.data.active;
      if (!action || this.data.busy) return;
      const id = this.data.id;
      const form = this.data.actionForm;
      this.setData({ busy: true, errorMessage: '', actionErrors: {} });
      let result: Result<FilingSummary>;
      if (action === 'withdraw') {
        const input = withdrawInput(id, form);
        if (!input.ok) return this.refuseLocally(input.errors);
        result = await callCloud('filing', 'withdraw', input.input);
      } else if (action === 'cancel') {
        const input = cancelInput(id, form);
        if (!input.ok) return this.refuseLocally(input.errors);
        result = await callCloud('filing', 'cancel', input.input);
      } else if (action === 'supplement') {
        const input = supplementInput(id, form);
        if (!input.ok) return this.refuseLocally(input.errors);
        await askToSubscribe();
        result = await callCloud('filing', 'supplement', input.input);
      } else {
        const input = changeInput(id, form);
        if (!input.ok) return this.refuseLocally(input.errors);
        await askToSubscribe();
        result = await callCloud('filing', 'change', input.input);
      }
      if (!result.ok) return this.showRefusal(result.error);
      this.settled(result.data, DONE[action]);
    },

    /**
     * The outcome at once: the same filing's new status straight from the answer; a filing the
     * action created (a change request) is named with its number. The timeline follows from a reload.
     */
    settled(summary: FilingSummary, done: string) {
      const detail = this.data.detail;
      const created = summary.id !== this.data.id ? { id: summary.id, filingNo: summary.filingNo ?? '' } : null;
      if (detail && !created) {
        // What the answer does not carry is no longer known to hold (a lock, a renewal, a deadline).
        const next: FilingDetail = { ...detail, ...summary };
        delete next.lockedUntil;
        delete next.renewal;
        if (!summary.reviewDeadline) delete next.reviewDeadline;
        this.show(next);
      }
      const notice = created?.filingNo ? `${done}，新的编号 ${created.filingNo}` : done;
      this.setData({ busy: false, active: '', actionForm: emptyActionForm(), notice, created });
      void this.load();
    },

    refuseLocally(errors: Record<string, string>) {
      this.setData({ busy: false, actionErrors: errors, errorMessage: '请按红字提示修改' });
    },

    /** 一键续期: the same filing again from the day after it ends; WeChat's subscribe dialog comes first in the tap. */
    async renew() {
      if (this.data.busy || !this.data.allowed.renew) return;
      // Asked first thing in the tap; the credit is recorded before anything can be sent.
      const subscribed = askToSubscribe();
      this.setData({ busy: true, errorMessage: '', notice: '' });
      await subscribed;
      const result = await callCloud('filing', 'renew', { id: this.data.id, idempotencyKey: this.data.renewKey });
      if (!result.ok) {
        this.setData({ busy: false, errorMessage: result.error.message });
        return;
      }
      const starts = chinaDateText(result.data.startDate);
      this.setData({ busy: false, notice: `已提交续期申请，新备案从${starts}开始，编号 ${result.data.filingNo ?? ''}`, created: { id: result.data.id, filingNo: result.data.filingNo ?? '' } });
      void this.load();
    },

    openCreated(event: DetailEvent) {
      const id = event.currentTarget.dataset.id;
      if (id) void wx.navigateTo({ url: `/pages/filing-detail/index?id=${id}` });
    },

    /** 重新办理: the form, pre-filled from this filing. */
    refile() {
      void wx.navigateTo({ url: `/pages/filing-form/index?from=${this.data.id}` });
    },

    /** 选定点 in the treatment region of this (approved) filing. */
    openInstitutions() {
      const detail = this.data.detail;
      if (!detail) return;
      const name = encodeURIComponent(this.data.regionNames.treatment || '');
      void wx.navigateTo({ url: `/pages/institutions/index?region=${detail.treatmentRegion}&name=${name}` });
    },

    openForm() {
      void wx.navigateTo({ url: '/pages/filing-form/index' });
    },
  },
});
