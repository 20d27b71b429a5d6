import { askToSubscribe, callCloud, chooseAndUploadMaterials, prepareSubscribe, FILING_TYPE_RULES, INSURANCE_TYPE_LABELS, type AppError, type FilingType, type IdentityStatus } from '../../lib/index';
import { largeTextBehavior } from '../../behaviors/large-text';
import { emptyForm, isBlank, restoreForm, type FormState } from './form-state';
import { errorsOfStep, ruleOf, STEPS, stepOfBox, toBoxErrors, validateForm } from './validate-form';

interface FormEvent {
  currentTarget: { dataset: { field?: string; value?: string; index?: number } };
  detail: { value?: string; code?: string[] } & Record<string, unknown>;
}

interface TypeView {
  typeLabel: string;
  temporary: boolean;
  needsResidence: boolean;
  needsHospital: boolean;
  needsDiagnosis: boolean;
  needsAdmission: boolean;
  documentsText: string;
  documentsAccepted: boolean;
  commitmentOffered: boolean;
}

const MAX_MATERIALS = 20;

/** Which proofs the insured region accepts per type; unknown until its policy is loaded. */
type CommitmentRules = Record<string, boolean> | null;

function viewOf(type: string, rules: CommitmentRules): TypeView {
  const rule = ruleOf(type);
  const needs = (f: 'residenceAddress' | 'hospital' | 'diagnosis' | 'admissionDate') => rule?.requiredFields.includes(f) ?? false;
  return {
    typeLabel: rule?.label ?? '',
    temporary: rule?.group === 'temporary',
    needsResidence: needs('residenceAddress'),
    needsHospital: needs('hospital'),
    needsDiagnosis: needs('diagnosis'),
    needsAdmission: needs('admissionDate'),
    documentsText: (rule?.documents ?? []).join('、'),
    documentsAccepted: rule?.documentsAccepted ?? true,
    // Before the region's policy is known, offer it where the type could ever allow it.
    commitmentOffered: rules ? rules[type] === true : rule !== undefined && type !== 'referral' && type !== 'emergency',
  };
}

/** Stable for the whole form session, so a second tap (or a retry) files once. */
function newIdempotencyKey(): string {
  return `form-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

function chinaToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

function firstStepWithError(errors: Record<string, string>): number {
  return Math.min(...Object.keys(errors).map(stepOfBox));
}

/** Who may be filed for: the verified self and each verified family member, shown masked. */
interface ApplicantChoice {
  key: string;
  label: string;
  nameMasked: string;
  idNumberMasked: string;
}

function applicantChoices(status: IdentityStatus): ApplicantChoice[] {
  if (!status.person) return [];
  return [
    { key: 'self', label: '本人', nameMasked: status.person.nameMasked, idNumberMasked: status.person.idNumberMasked },
    ...status.family.map((m) => ({ key: m.memberId, label: m.relationshipLabel, nameMasked: m.nameMasked, idNumberMasked: m.idNumberMasked })),
  ];
}

const TYPES = (Object.keys(FILING_TYPE_RULES) as FilingType[]).map((type) => ({
  type,
  label: FILING_TYPE_RULES[type].label,
  description: FILING_TYPE_RULES[type].description,
  groupLabel: FILING_TYPE_RULES[type].group === 'long_term' ? '长期' : '临时',
}));

/**
 * 办理备案: four short steps, each checked with the same schema the server uses before moving
 * on; the whole filing is checked again (schema, then policy.check) before filing.submit.
 * Every wrong box shows its own message and keeps what was typed.
 */
Component({
  behaviors: [largeTextBehavior],
  data: {
    steps: STEPS.map((s) => s.title),
    step: 0,
    form: emptyForm(),
    errors: {} as Record<string, string>,
    formError: '',
    types: TYPES,
    insuranceTypes: Object.entries(INSURANCE_TYPE_LABELS).map(([value, label]) => ({ value, label })),
    view: viewOf('', null),
    commitmentRules: null as CommitmentRules,
    idempotencyKey: '',
    today: '',
    submitting: false,
    uploading: false,
    restoredAt: '',
    /** null until identity.status answers; then whether the resident may file at all. */
    verified: null as boolean | null,
    applicants: [] as ApplicantChoice[],
    submitted: null as { id: string; statusLabel: string; typeLabel: string; reviewText: string } | null,
  },
  methods: {
    onLoad() {
      this.setData({ idempotencyKey: newIdempotencyKey(), today: chinaToday() });
      void this.loadApplicants();
      void this.restoreDraft();
      // The template IDs must be at hand when 提交 is tapped: WeChat asks only inside the tap.
      void prepareSubscribe();
    },
    /** Back from adding a family member: the new member is offered at once. */
    onShow() {
      if (this.data.verified !== null) void this.loadApplicants();
    },
    onHide() {
      void this.saveDraft();
    },

    async loadApplicants() {
      const result = await callCloud('identity', 'status', {});
      if (!result.ok) {
        this.setData({ formError: result.error.message });
        return;
      }
      const applicants = applicantChoices(result.data);
      this.setData({ verified: result.data.verified, applicants });
      // A chosen member who has since been removed is no longer a choice.
      const key = this.data.form.applicantKey;
      if (key && !applicants.some((a) => a.key === key)) this.setData({ 'form.applicantKey': '', 'form.name': '', 'form.idNumber': '' });
    },

    /** Name and number come from the binding (never typed); the page keeps them only to file. */
    async chooseApplicant(event: FormEvent) {
      const key = event.currentTarget.dataset.value ?? '';
      if (!this.data.applicants.some((a) => a.key === key)) return;
      this.setData({ 'form.applicantKey': key, 'errors.applicant': '', formError: '' });
      const result = await callCloud('identity', 'applicant', key === 'self' ? {} : { memberId: key });
      if (this.data.form.applicantKey !== key) return;
      if (result.ok) this.setData({ 'form.name': result.data.name, 'form.idNumber': result.data.idNumber });
      else this.setData({ 'form.applicantKey': '', 'errors.applicant': result.error.message });
    },

    verifyFirst() {
      void wx.redirectTo({ url: '/pages/identity/index?next=filing' });
    },

    addFamilyMember() {
      void wx.navigateTo({ url: '/pages/identity/index?purpose=family' });
    },
    onUnload() {
      void this.saveDraft();
    },

    async restoreDraft() {
      const result = await callCloud('filing', 'getDraft', {});
      // A draft that arrives after the resident started typing must not overwrite the typing.
      if (!result.ok || !result.data.draft || !isBlank(this.data.form)) return;
      const form = restoreForm(result.data.draft);
      this.setData({ form, restoredAt: result.data.savedAt ?? '已保存', view: viewOf(form.type, null) });
      if (form.insuredRegion) void this.loadCommitmentRules(form.insuredRegion);
    },

    async saveDraft() {
      if (this.data.submitted || isBlank(this.data.form)) return;
      await callCloud('filing', 'saveDraft', { draft: { ...this.data.form } });
    },

    async loadCommitmentRules(region: string) {
      const result = await callCloud('policy', 'get', { region });
      if (!result.ok || this.data.form.insuredRegion !== region) return;
      const rules: Record<string, boolean> = {};
      for (const type of Object.keys(FILING_TYPE_RULES) as FilingType[]) rules[type] = result.data.values[`commitment.${type}`];
      this.setData({ commitmentRules: rules, view: viewOf(this.data.form.type, rules) });
    },

    /** Typing into a box clears that box's message; the value itself is always kept. */
    setField(field: string, value: unknown) {
      this.setData({ [`form.${field}`]: value, [`errors.${field}`]: '', formError: '' });
    },

    onInput(event: FormEvent) {
      const field = event.currentTarget.dataset.field;
      if (field) this.setField(field, event.detail.value ?? '');
    },

    onDateChange(event: FormEvent) {
      this.onInput(event);
    },

    onRegionChange(event: FormEvent) {
      const field = event.currentTarget.dataset.field;
      const codes = event.detail.code ?? [];
      const code = codes[codes.length - 1] ?? '';
      if (field !== 'insuredRegion' && field !== 'treatmentRegion') return;
      this.setData({ [`form.${field}Names`]: event.detail.value ?? [] });
      this.setField(field, code);
      if (field === 'insuredRegion') {
        this.setData({ commitmentRules: null, view: viewOf(this.data.form.type, null) });
        void this.loadCommitmentRules(code);
      }
    },

    chooseType(event: FormEvent) {
      const type = event.currentTarget.dataset.value ?? '';
      const view = viewOf(type, this.data.commitmentRules);
      this.setField('type', type);
      // Keep the proof choice only if the new type still allows it.
      let proofKind = this.data.form.proofKind;
      if (!view.documentsAccepted) proofKind = 'commitment';
      else if (proofKind === 'commitment' && !view.commitmentOffered) proofKind = '';
      this.setData({ view, 'form.proofKind': proofKind });
    },

    chooseInsurance(event: FormEvent) {
      this.setField('insuranceType', event.currentTarget.dataset.value ?? '');
    },

    chooseProof(event: FormEvent) {
      this.setData({ 'form.proofKind': event.currentTarget.dataset.value ?? '', 'errors.proof': '' });
    },

    toggleCommitment() {
      this.setData({ 'form.commitmentAccepted': !this.data.form.commitmentAccepted, 'errors.proof': '' });
    },

    async addMaterials() {
      if (this.data.uploading) return;
      const have = this.data.form.materials;
      if (have.length >= MAX_MATERIALS) return;
      this.setData({ uploading: true, 'errors.proof': '' });
      const result = await chooseAndUploadMaterials(MAX_MATERIALS - have.length, have.length + 1);
      if (result.ok) this.setData({ uploading: false, 'form.materials': [...this.data.form.materials, ...result.data] });
      else this.setData({ uploading: false, 'errors.proof': result.error.message });
    },

    removeMaterial(event: FormEvent) {
      const index = Number(event.currentTarget.dataset.index);
      this.setData({ 'form.materials': this.data.form.materials.filter((_m: unknown, i: number) => i !== index) });
    },

    next() {
      const check = validateForm(this.data.form as FormState);
      const errors = check.ok ? {} : errorsOfStep(check.errors, this.data.step);
      if (Object.keys(errors).length > 0) {
        this.setData({ errors: { ...this.data.errors, ...errors }, formError: '请按红字提示修改后再继续' });
        return;
      }
      this.setData({ step: this.data.step + 1, formError: '' });
      void this.saveDraft();
    },

    prev() {
      if (this.data.step > 0) this.setData({ step: this.data.step - 1, formError: '' });
    },

    goStep(event: FormEvent) {
      const step = Number(event.currentTarget.dataset.index);
      if (step < this.data.step) this.setData({ step, formError: '' });
    },

    showRefusal(error: AppError) {
      const errors = toBoxErrors(error.fields);
      const data: Record<string, unknown> = { errors, formError: error.message, submitting: false };
      if (Object.keys(errors).length > 0) data.step = firstStepWithError(errors);
      this.setData(data);
    },

    /** Checks everything, asks filing.precheck (identity, rules, history), then files once; a second tap while busy is ignored. */
    async submit() {
      if (this.data.submitting || this.data.submitted) return;
      this.setData({ submitting: true, formError: '' });
      const check = validateForm(this.data.form as FormState);
      if (!check.ok) {
        this.setData({ errors: check.errors, step: firstStepWithError(check.errors), formError: '还有信息需要修改，请按红字提示修改', submitting: false });
        return;
      }
      // Asked first thing in the tap (nothing awaited before); a refusal never stops the filing.
      const subscribed = askToSubscribe();
      const judged = await callCloud('filing', 'precheck', { filing: check.filing });
      await subscribed;
      if (!judged.ok) {
        this.showRefusal(judged.error);
        return;
      }
      const filed = await callCloud('filing', 'submit', { idempotencyKey: this.data.idempotencyKey, filing: check.filing });
      if (!filed.ok) {
        this.showRefusal(filed.error);
        return;
      }
      const review = judged.data.review;
      const reviewText = filed.data.status === 'approved'
        ? '您的备案已办结，可以去就医了。'
        : review.mode === 'instant' ? '正在办理，请稍后查看结果。' : `医保经办机构会在${review.workingDays}个工作日内审核，结果会通知您。`;
      this.setData({
        submitting: false,
        submitted: { id: filed.data.id, statusLabel: filed.data.statusLabel, typeLabel: filed.data.typeLabel, reviewText },
      });
    },

    restart() {
      this.setData({
        step: 0,
        form: emptyForm(),
        errors: {},
        formError: '',
        view: viewOf('', null),
        commitmentRules: null,
        idempotencyKey: newIdempotencyKey(),
        submitted: null,
        restoredAt: '',
      });
    },

    openDetail() {
      if (this.data.submitted) void wx.navigateTo({ url: `/pages/filing-detail/index?id=${this.data.submitted.id}` });
    },
  },
});
