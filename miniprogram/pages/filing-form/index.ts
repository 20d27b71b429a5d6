import {
  askToSubscribe, callCloud, chinaDateText, chinaToday, chooseAndUploadMaterials, prepareSubscribe, previewPhotos, FILING_TYPE_RULES, INSURANCE_TYPE_LABELS,
  type AppError, type FilingInput, type FilingSummary, type FilingType, type IdentityStatus, type PolicyValues,
} from '../../lib/index';
import { largeTextBehavior } from '../../behaviors/large-text';
import { emptyForm, formOfPrefill, isBlank, restoreForm, type FormState } from './form-state';
import { errorsOfStep, probeProof, ruleErrorsUpTo, ruleOf, STEPS, stepOfBox, toBoxErrors, validateForm } from './validate-form';

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

/** One hospital of the treatment city's directory, as the picker lists it. */
interface HospitalOption {
  code: string;
  name: string;
  level: string;
  address: string;
}

/** The receipt: what was filed, its number, by when staff decide, what happens next. */
interface Receipt {
  id: string;
  filingNo: string;
  typeLabel: string;
  statusLabel: string;
  approved: boolean;
  deadlineText: string;
  nextSteps: string[];
}

const MAX_MATERIALS = 20;
const HOSPITAL_RESULTS = 10;

function viewOf(type: string, policy: PolicyValues | null): TypeView {
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
    commitmentOffered: policy ? policy[`commitment.${type as FilingType}`] === true : rule !== undefined && type !== 'referral' && type !== 'emergency',
  };
}

/** Stable for the whole form session, so a second tap (or a retry) files once. */
function newIdempotencyKey(): string {
  return `form-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
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

function receiptOf(filed: FilingSummary, treatment: string): Receipt {
  const approved = filed.status === 'approved';
  const deadlineText = filed.reviewDeadline ? chinaDateText(filed.reviewDeadline) : '';
  const settle = `在${treatment || '就医地'}的联网医院和药店看病买药时，出示医保电子凭证或社保卡，就可以直接结算。`;
  const nextSteps = approved
    ? ['备案已办结，现在就可以去就医地看病。', settle, '可以在“我的备案”里看备案详情和能直接结算的医院。']
    : [
      `医保经办机构会在${deadlineText || '规定时间'}前审核完成，结果会发到“我的消息”；允许了微信通知的，还会收到微信消息。`,
      `审核通过后，${settle}`,
      '如果需要补充材料，消息里会写明要补什么。随时可以在“我的备案”查看进度。',
    ];
  return { id: filed.id, filingNo: filed.filingNo ?? '', typeLabel: filed.typeLabel, statusLabel: filed.statusLabel, approved, deadlineText, nextSteps };
}

/**
 * 办理备案: four short steps. Each 下一步 checks the step with the same schema and the same rules
 * (checkFiling with the insured region's policy) the server applies; before the last step
 * filing.precheck adds the rules of the person's history, so nothing is refused for the first
 * time at 提交. Every wrong box shows its own message and keeps what was typed.
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
    policy: null as PolicyValues | null,
    /** Why a commitment cannot be used by this person (e.g. long-term filings in several places). */
    commitmentBlocked: '',
    idempotencyKey: '',
    today: '',
    checking: false,
    submitting: false,
    uploading: false,
    uploadPercent: 0,
    /** 'draft' (恢复上次没填完的) or 'filing' (重新办理 from an old filing); '' for a fresh form. */
    restoredAt: '',
    hospitalQuery: '',
    hospitalResults: [] as HospitalOption[],
    hospitalSearched: false,
    hospitalSearching: false,
    hospitalManual: false,
    /** null until identity.status answers; then whether the resident may file at all. */
    verified: null as boolean | null,
    applicants: [] as ApplicantChoice[],
    submitted: null as Receipt | null,
    /** The chosen dates as residents read them (2026年12月1日). */
    dates: { startDate: '', endDate: '', admissionDate: '' },
  },
  observers: {
    'form.startDate, form.endDate, form.admissionDate'(startDate: string, endDate: string, admissionDate: string) {
      this.setData({ dates: { startDate: chinaDateText(startDate), endDate: chinaDateText(endDate), admissionDate: chinaDateText(admissionDate) } });
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ idempotencyKey: newIdempotencyKey(), today: chinaToday() });
      void this.loadApplicants();
      if (query.from) void this.prefillFrom(query.from);
      else void this.restoreDraft();
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
    onUnload() {
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

    chooseApplicant(event: FormEvent) {
      void this.selectApplicant(event.currentTarget.dataset.value ?? '');
    },

    /** Name and number come from the binding (never typed); the page keeps them only to file. */
    async selectApplicant(key: string) {
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

    async restoreDraft() {
      const result = await callCloud('filing', 'getDraft', {});
      // A draft that arrives after the resident started typing must not overwrite the typing.
      if (!result.ok || !result.data.draft || !isBlank(this.data.form)) return;
      const form = restoreForm(result.data.draft);
      this.setData({ form, restoredAt: 'draft', view: viewOf(form.type, null), hospitalManual: form.hospitalName !== '' && form.hospitalCode === '' });
      if (form.insuredRegion) void this.loadPolicy(form.insuredRegion);
    },

    /** 重新办理: the old filing's details, to check and file again; the applicant is chosen again from the bindings. */
    async prefillFrom(id: string) {
      const result = await callCloud('filing', 'prefill', { id });
      if (!result.ok) {
        this.setData({ formError: result.error.message });
        return;
      }
      const form = formOfPrefill(result.data);
      this.setData({ form, restoredAt: 'filing', view: viewOf(form.type, null), hospitalManual: form.hospitalName !== '' && form.hospitalCode === '' });
      void this.loadPolicy(form.insuredRegion);
      if (result.data.applicantKey) await this.selectApplicant(result.data.applicantKey);
    },

    async saveDraft() {
      if (this.data.submitted || isBlank(this.data.form)) return;
      await callCloud('filing', 'saveDraft', { draft: { ...this.data.form } });
    },

    /** The insured region's effective policy: which proofs it accepts, its validity and deadlines. */
    async loadPolicy(region: string): Promise<PolicyValues | null> {
      const result = await callCloud('policy', 'get', { region });
      if (!result.ok || this.data.form.insuredRegion !== region) return null;
      this.setData({ policy: result.data.values, view: viewOf(this.data.form.type, result.data.values) });
      return result.data.values;
    },

    async policyOfForm(): Promise<PolicyValues | null> {
      return this.data.policy ?? (this.data.form.insuredRegion ? this.loadPolicy(this.data.form.insuredRegion) : null);
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
        this.setData({ policy: null, commitmentBlocked: '', view: viewOf(this.data.form.type, null) });
        void this.loadPolicy(code);
      } else {
        // A hospital of the old city is not one of the new city's.
        this.setData({ hospitalResults: [], hospitalSearched: false, ...(this.data.form.hospitalCode ? { 'form.hospitalName': '', 'form.hospitalCode': '' } : {}) });
      }
    },

    chooseType(event: FormEvent) {
      const type = event.currentTarget.dataset.value ?? '';
      const view = viewOf(type, this.data.policy);
      this.setField('type', type);
      // Keep the proof choice only if the new type still allows it.
      let proofKind = this.data.form.proofKind;
      if (!view.documentsAccepted) proofKind = 'commitment';
      else if (proofKind === 'commitment' && !view.commitmentOffered) proofKind = '';
      this.setData({ view, 'form.proofKind': proofKind, commitmentBlocked: '' });
    },

    chooseInsurance(event: FormEvent) {
      this.setField('insuranceType', event.currentTarget.dataset.value ?? '');
    },

    // ---- the hospital, from the treatment city's directory (referral, emergency) ----

    onHospitalQuery(event: FormEvent) {
      this.setData({ hospitalQuery: event.detail.value ?? '' });
    },

    async searchHospitals() {
      const region = this.data.form.treatmentRegion;
      if (!region) {
        this.setData({ 'errors.hospitalName': '请先选择就医地，再查找医院' });
        return;
      }
      if (this.data.hospitalSearching) return;
      const keyword = this.data.hospitalQuery.trim();
      this.setData({ hospitalSearching: true, 'errors.hospitalName': '' });
      const result = await callCloud('institution', 'search', { region, kind: 'hospital', pageSize: HOSPITAL_RESULTS, ...(keyword ? { keyword } : {}) });
      if (!result.ok) {
        this.setData({ hospitalSearching: false, 'errors.hospitalName': result.error.message });
        return;
      }
      this.setData({
        hospitalSearching: false,
        hospitalSearched: true,
        hospitalResults: result.data.items.map((i) => ({ code: i.code, name: i.name, level: i.level, address: i.address })),
      });
    },

    pickHospital(event: FormEvent) {
      const chosen = this.data.hospitalResults[Number(event.currentTarget.dataset.index)];
      if (!chosen) return;
      this.setData({ 'form.hospitalName': chosen.name, 'form.hospitalCode': chosen.code, 'errors.hospitalName': '', formError: '', hospitalManual: false });
    },

    /** Not in the directory (or not found): the name typed by hand, as the referral letter gives it. */
    typeHospital() {
      this.setData({ hospitalManual: true, 'form.hospitalCode': '', 'form.hospitalName': this.data.form.hospitalCode ? '' : this.data.form.hospitalName });
    },

    changeHospital() {
      this.setData({ 'form.hospitalName': '', 'form.hospitalCode': '', hospitalManual: false });
    },

    // ---- proof ----

    chooseProof(event: FormEvent) {
      const kind = event.currentTarget.dataset.value ?? '';
      if (kind === 'commitment' && this.data.commitmentBlocked) return;
      this.setData({ 'form.proofKind': kind, 'errors.proof': '' });
    },

    toggleCommitment() {
      this.setData({ 'form.commitmentAccepted': !this.data.form.commitmentAccepted, 'errors.proof': '' });
    },

    async addMaterials() {
      if (this.data.uploading) return;
      const have = this.data.form.materials;
      if (have.length >= MAX_MATERIALS) return;
      this.setData({ uploading: true, uploadPercent: 0, 'errors.proof': '' });
      const result = await chooseAndUploadMaterials(MAX_MATERIALS - have.length, have.length + 1, (percent) => this.setData({ uploadPercent: percent }));
      if (result.ok) this.setData({ uploading: false, 'form.materials': [...this.data.form.materials, ...result.data] });
      else this.setData({ uploading: false, 'errors.proof': result.error.message });
    },

    removeMaterial(event: FormEvent) {
      const index = Number(event.currentTarget.dataset.index);
      this.setData({ 'form.materials': this.data.form.materials.filter((_m: unknown, i: number) => i !== index) });
    },

    openMaterial(event: FormEvent) {
      const thumbs = this.data.form.materials.map((m) => m.thumb ?? '');
      const current = thumbs[Number(event.currentTarget.dataset.index)];
      if (current) void previewPhotos(thumbs, current);
    },

    // ---- steps ----

    async next() {
      if (this.data.checking) return;
      const step = this.data.step;
      const check = validateForm(this.data.form as FormState);
      const schemaErrors = check.ok ? {} : errorsOfStep(check.errors, step);
      if (Object.keys(schemaErrors).length > 0) {
        this.setData({ errors: { ...this.data.errors, ...schemaErrors }, formError: '请按红字提示修改后再继续' });
        return;
      }
      this.setData({ checking: true, formError: '' });
      const refused = await this.ruleErrors(step);
      if (refused) {
        this.setData({ checking: false, errors: { ...this.data.errors, ...refused.errors }, formError: refused.message, step: Math.min(step, firstStepWithError(refused.errors)) });
        return;
      }
      this.setData({ checking: false, step: step + 1, formError: '' });
      void this.saveDraft();
    },

    /**
     * The rules for what is filled up to `step`: the region's rules on the phone, and before the
     * last step the server's precheck (identity and the person's other filings) with a stand-in proof.
     */
    async ruleErrors(step: number): Promise<{ errors: Record<string, string>; message: string } | null> {
      const lastStep = STEPS.length - 1;
      if (step < lastStep - 1) return null;
      const policy = await this.policyOfForm();
      if (!policy) return { errors: {}, message: '暂时没能读取参保地的政策，请检查网络后再点“下一步”' };
      const local = ruleErrorsUpTo(this.data.form as FormState, step, policy, this.data.today || chinaToday());
      if (Object.keys(local).length > 0) return { errors: local, message: '请按红字提示修改后再继续' };
      return this.precheckHistory(policy);
    },

    /** Asks filing.precheck with each proof the resident could still choose; a refused commitment only narrows the choice. */
    async precheckHistory(policy: PolicyValues): Promise<{ errors: Record<string, string>; message: string } | null> {
      const form = this.data.form as FormState;
      const view = viewOf(form.type, policy);
      const asked = async (kind: 'commitment' | 'documents') => {
        const probe = validateForm({ ...form, ...probeProof(form.type, policy, kind) });
        if (!probe.ok) return null;
        return callCloud('filing', 'precheck', { filing: probe.filing });
      };
      const withCommitment = view.commitmentOffered ? await asked('commitment') : null;
      let blocked = '';
      if (withCommitment && !withCommitment.ok && withCommitment.error.code === 'FILING.COMMITMENT_MULTI_PLACE') {
        blocked = withCommitment.error.fields?.proof ?? withCommitment.error.message;
      }
      const judged = withCommitment && (withCommitment.ok || !blocked) ? withCommitment : await asked(view.documentsAccepted ? 'documents' : 'commitment');
      this.setData({ commitmentBlocked: blocked, ...(blocked && form.proofKind === 'commitment' ? { 'form.proofKind': '' } : {}) });
      if (!judged || judged.ok) return null;
      const errors = toBoxErrors(judged.error.fields);
      const onScreen = Object.fromEntries(Object.entries(errors).filter(([box]) => stepOfBox(box) < STEPS.length - 1));
      return { errors: onScreen, message: judged.error.message };
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
      const judged = await callCloud('filing', 'precheck', { filing: check.filing as FilingInput });
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
      const treatment = this.data.form.treatmentRegionNames.join('');
      this.setData({ submitting: false, submitted: receiptOf(filed.data, treatment) });
    },

    restart() {
      this.setData({
        step: 0,
        form: emptyForm(),
        errors: {},
        formError: '',
        view: viewOf('', null),
        policy: null,
        commitmentBlocked: '',
        idempotencyKey: newIdempotencyKey(),
        submitted: null,
        restoredAt: '',
        hospitalQuery: '',
        hospitalResults: [],
        hospitalSearched: false,
        hospitalManual: false,
      });
    },

    openDetail() {
      if (this.data.submitted) void wx.redirectTo({ url: `/pages/filing-detail/index?id=${this.data.submitted.id}` });
    },
  },
});
