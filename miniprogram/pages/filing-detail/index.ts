import { askToSubscribe, callCloud, chooseAndUploadMaterials, prepareSubscribe, FILING_TYPE_RULES, type AppError, type FilingDetail, type FilingSummary, type Result } from '../../lib/index';
import { largeTextBehavior } from '../../behaviors/large-text';
import { cancelInput, changeInput, emptyActionForm, supplementInput, toActionErrors, withdrawInput, type ResidentAction } from './action-input';

interface DetailEvent {
  currentTarget: { dataset: { field?: string; value?: string; index?: number } };
  detail: { value?: string };
}

/** What the status allows (core/filing/status-machine.ts); the server decides again anyway. */
function actionsFor(detail: FilingDetail) {
  return {
    withdraw: detail.status === 'submitted' || detail.status === 'in_review' || detail.status === 'returned',
    cancel: detail.status === 'approved',
    supplement: detail.status === 'returned',
    change: detail.status === 'approved' && !detail.changeOf,
  };
}

const DONE: Record<ResidentAction, string> = {
  withdraw: '已撤销这条备案申请',
  cancel: '已取消这条备案',
  supplement: '材料已补充，已重新提交审核',
  change: '变更申请已提交，审核通过后生效',
};

/**
 * 备案详情: status, the whole timeline, and the actions the status allows. A refusal shows
 * the coded Chinese message; what was typed into the action form stays.
 */
Component({
  behaviors: [largeTextBehavior],
  data: {
    id: '',
    detail: null as FilingDetail | null,
    regionNames: { insured: '', treatment: '' },
    allowed: { withdraw: false, cancel: false, supplement: false, change: false },
    changeFields: { residenceAddress: false, hospital: false },
    commitmentOffered: false,
    active: '' as ResidentAction | '',
    actionForm: emptyActionForm(),
    actionErrors: {} as Record<string, string>,
    busy: false,
    uploading: false,
    loading: false,
    notice: '',
    errorMessage: '',
    errorCode: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      void this.load();
      void prepareSubscribe();
    },

    async load() {
      this.setData({ loading: true });
      const result = await callCloud('filing', 'get', { id: this.data.id });
      if (!result.ok) {
        this.setData({ loading: false, errorMessage: result.error.message, errorCode: result.error.code });
        return;
      }
      const detail = result.data;
      const rule = FILING_TYPE_RULES[detail.type];
      this.setData({
        loading: false,
        detail,
        allowed: actionsFor(detail),
        changeFields: { residenceAddress: rule.group === 'long_term', hospital: detail.type === 'referral' },
        commitmentOffered: !rule.documentsAccepted || detail.type === 'long_term_residence' || detail.type === 'stationed_work',
      });
      if (!this.data.regionNames.insured) void this.loadRegionNames(detail);
    },

    /** Codes → 江苏省苏州市, from the policy function; the division table never ships to the phone. */
    async loadRegionNames(detail: FilingDetail) {
      const [insured, treatment] = await Promise.all([
        callCloud('policy', 'get', { region: detail.insuredRegion }),
        callCloud('policy', 'get', { region: detail.treatmentRegion }),
      ]);
      this.setData({
        regionNames: {
          insured: insured.ok ? insured.data.regionName : detail.insuredRegion,
          treatment: treatment.ok ? treatment.data.regionName : detail.treatmentRegion,
        },
      });
    },

    openAction(event: DetailEvent) {
      const action = event.currentTarget.dataset.value as ResidentAction | undefined;
      if (!action) return;
      // Another action's half-typed reason stays if the resident comes back to it.
      this.setData({ active: this.data.active === action ? '' : action, actionErrors: {}, errorMessage: '', errorCode: '', notice: '' });
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
      this.setData({ uploading: true, 'actionErrors.proof': '' });
      const result = await chooseAndUploadMaterials(20 - have.length, have.length + 1);
      if (result.ok) this.setData({ uploading: false, 'actionForm.materials': [...this.data.actionForm.materials, ...result.data] });
      else this.setData({ uploading: false, 'actionErrors.proof': result.error.message });
    },

    showRefusal(error: AppError) {
      this.setData({ busy: false, actionErrors: toActionErrors(error.fields), errorMessage: error.message, errorCode: error.code });
    },

    /** One call per tap: the button is inert while the call is in flight. */
    async confirmAction() {
      const action = this.data.active;
      if (!action || this.data.busy) return;
      const id = this.data.id;
      const form = this.data.actionForm;
      this.setData({ busy: true, errorMessage: '', errorCode: '', actionErrors: {} });
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
      this.setData({ busy: false, active: '', actionForm: emptyActionForm(), notice: DONE[action] });
      await this.load();
    },

    refuseLocally(errors: Record<string, string>) {
      this.setData({ busy: false, actionErrors: errors, errorMessage: '请按红字提示修改', errorCode: '' });
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
