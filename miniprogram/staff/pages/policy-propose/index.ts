import {
  addDays, adminGate, callCloud, chinaToday, dateInWords, issuesToFieldErrors, POLICY_FIELDS, POLICY_KEYS, POLICY_VALUE_SCHEMAS, PolicyActions, valueInWords,
  type PolicyKey, type PolicyValueKind,
} from '../../../lib/index';
import { largeTextBehavior } from '../../../behaviors/large-text';

type Scope = 'national' | 'province' | 'city';

interface FormEvent {
  currentTarget: { dataset: { field?: string; value?: string } };
  detail: { value?: string | number | string[]; code?: string[] };
}

interface ProposalForm {
  scope: Scope;
  regionNames: string[];
  regionCodes: string[];
  fieldIndex: number;
  yesNo: '' | 'yes' | 'no';
  amount: string;
  unit: 'month' | 'day';
  benefitKind: 'none' | 'subtract_points' | 'multiply';
  exclusions: { work_injury: boolean; third_party: boolean; maternity: boolean };
  effectiveFrom: string;
  source: string;
}

const FIELD_LABELS = POLICY_KEYS.map((k) => POLICY_FIELDS[k].label);

function emptyForm(): ProposalForm {
  return {
    scope: 'city', regionNames: [], regionCodes: [], fieldIndex: -1, yesNo: '', amount: '', unit: 'month', benefitKind: 'subtract_points',
    exclusions: { work_injury: false, third_party: false, maternity: false }, effectiveFrom: '', source: '',
  };
}

function regionOf(form: ProposalForm): string {
  if (form.scope === 'national') return '000000';
  return (form.scope === 'province' ? form.regionCodes[0] : form.regionCodes[1]) ?? '';
}

function numberOf(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

/** The value in the shape of its field's schema; what is missing stays missing, so the schema names it. */
function valueOf(kind: PolicyValueKind, form: ProposalForm): unknown {
  switch (kind) {
    case 'boolean':
      return form.yesNo === '' ? undefined : form.yesNo === 'yes';
    case 'months':
    case 'workingDays':
    case 'days':
      return numberOf(form.amount);
    case 'optionalDays':
      return form.amount.trim() === '' ? null : Number(form.amount);
    case 'period':
      return { amount: numberOf(form.amount), unit: form.unit };
    case 'benefit':
      if (form.benefitKind === 'none') return { kind: 'none' };
      if (form.benefitKind === 'subtract_points') return { kind: 'subtract_points', points: numberOf(form.amount) };
      return { kind: 'multiply', factor: (numberOf(form.amount) ?? Number.NaN) / 100 };
    case 'exclusions':
      return (Object.keys(form.exclusions) as (keyof ProposalForm['exclusions'])[]).filter((k) => form.exclusions[k]);
  }
}

/** The schema's paths → the boxes of this form. */
function boxErrors(fields: Record<string, string>): Record<string, string> {
  const boxes: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) {
    const box = path.startsWith('value') ? 'value' : path;
    boxes[box] ??= message;
  }
  return boxes;
}

/**
 * 提出政策变更 (staff subpackage, admins only): one field of one region (national, a province or
 * a city) from a future day, with the notice it rests on. Checked with `policy.propose`'s own
 * schema (each field's value schema) before sending; another admin must approve it.
 */
Component({
  behaviors: [largeTextBehavior],
  data: {
    allowed: false,
    fieldLabels: FIELD_LABELS,
    form: emptyForm(),
    kind: '' as PolicyValueKind | '',
    fieldLabel: '',
    earliest: '',
    effectiveText: '',
    current: '',
    errors: {} as Record<string, string>,
    busy: false,
    done: '',
    errorMessage: '',
  },
  methods: {
    async onLoad() {
      const gate = await adminGate();
      if (!gate.ok) {
        this.setData({ errorMessage: gate.message });
        return;
      }
      this.setData({ allowed: true, earliest: addDays(chinaToday(), 1) });
    },

    chooseScope(event: FormEvent) {
      const scope = (event.currentTarget.dataset.value ?? 'city') as Scope;
      this.setData({ 'form.scope': scope, 'errors.region': '', done: '' });
      void this.showCurrent();
    },
    onRegionChange(event: FormEvent) {
      this.setData({ 'form.regionNames': event.detail.value as string[], 'form.regionCodes': event.detail.code ?? [], 'errors.region': '', done: '' });
      void this.showCurrent();
    },
    onFieldChange(event: FormEvent) {
      const fieldIndex = Number(event.detail.value);
      const field = POLICY_KEYS[fieldIndex];
      if (!field) return;
      this.setData({ 'form.fieldIndex': fieldIndex, kind: POLICY_FIELDS[field].kind, fieldLabel: POLICY_FIELDS[field].label, 'errors.field': '', 'errors.value': '', done: '' });
      void this.showCurrent();
    },
    choose(event: FormEvent) {
      const { field, value } = event.currentTarget.dataset;
      if (field) this.setData({ [`form.${field}`]: value ?? '', 'errors.value': '' });
    },
    toggleExclusion(event: FormEvent) {
      const key = event.currentTarget.dataset.value as keyof ProposalForm['exclusions'] | undefined;
      if (key) this.setData({ [`form.exclusions.${key}`]: !this.data.form.exclusions[key], 'errors.value': '' });
    },
    onInput(event: FormEvent) {
      const field = event.currentTarget.dataset.field;
      if (field) this.setData({ [`form.${field}`]: String(event.detail.value ?? ''), [`errors.${field === 'amount' ? 'value' : field}`]: '' });
    },
    onDateChange(event: FormEvent) {
      const date = String(event.detail.value ?? '');
      this.setData({ 'form.effectiveFrom': date, effectiveText: date ? dateInWords(date) : '', 'errors.effectiveFrom': '' });
    },

    /** What the region's rule is today, so the admin sees what the change replaces. */
    async showCurrent() {
      const field = POLICY_KEYS[this.data.form.fieldIndex];
      const region = regionOf(this.data.form);
      if (!field || !region || region === '000000') {
        this.setData({ current: '' });
        return;
      }
      const city = this.data.form.regionCodes[1] ?? region;
      const result = await callCloud('policy', 'get', { region: this.data.form.scope === 'province' ? region : city });
      if (result.ok && POLICY_KEYS[this.data.form.fieldIndex] === field) {
        this.setData({ current: `现行规定：${valueInWords(field, result.data.values[field] as never)}` });
      }
    },

    async submit() {
      if (this.data.busy) return;
      const form = this.data.form;
      const field: PolicyKey | undefined = POLICY_KEYS[form.fieldIndex];
      const input = {
        region: regionOf(form),
        field: field ?? '',
        value: field ? valueOf(POLICY_FIELDS[field].kind, form) : undefined,
        // Unpicked stays missing, so the schema says 请选择 rather than 不是有效的日期.
        effectiveFrom: form.effectiveFrom || undefined,
        source: form.source,
      };
      const parsed = PolicyActions.propose.safeParse(input);
      if (!parsed.success) {
        // The value's own schema too: the action's check of it waits until the other boxes are right.
        const value = field ? POLICY_VALUE_SCHEMAS[field].safeParse(input.value) : undefined;
        const valueMessage = value && !value.success ? Object.values(issuesToFieldErrors(value.error.issues))[0] : undefined;
        this.setData({ errors: { ...(valueMessage ? { value: valueMessage } : {}), ...boxErrors(issuesToFieldErrors(parsed.error.issues)) } });
        return;
      }
      this.setData({ busy: true, errors: {}, errorMessage: '', done: '' });
      const result = await callCloud('policy', 'propose', parsed.data);
      if (!result.ok) {
        this.setData({ busy: false, errors: boxErrors(result.error.fields ?? {}), errorMessage: result.error.message });
        return;
      }
      this.setData({ busy: false, done: `已提出，等待另一位管理员批准：${result.data.summary}`, form: emptyForm(), kind: '', fieldLabel: '', effectiveText: '', current: '' });
    },
  },
});
