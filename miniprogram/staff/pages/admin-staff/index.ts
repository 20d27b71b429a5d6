import { adminGate, callCloud, issuesToFieldErrors, ReviewActions, type FieldErrors, type Result, type StaffView } from '../../../lib/index';
import { largeTextBehavior } from '../../../behaviors/large-text';

interface StaffTap {
  currentTarget: { dataset: { openid?: string; value?: string; mode?: string } };
  detail: { value?: string | string[]; code?: string[] };
}

const ROLE_LABELS = { reviewer: '审核员', admin: '管理员' } as const;

/** A staff member as the list shows them: regions by name, the role in words, never the openid. */
interface StaffRow extends StaffView {
  roleLabel: string;
  regionText: string;
  mine: boolean;
}

function rowOf(s: StaffView, me: string): StaffRow {
  return { ...s, roleLabel: ROLE_LABELS[s.role], regionText: s.regionNames.join('、') || '不负责具体地区', mine: s.openid === me };
}

/** The city a region picker chose (a province when no city was chosen). */
function pickedRegion(codes: readonly string[] | undefined): string {
  return codes?.[1] ?? codes?.[0] ?? '';
}

const EMPTY_FORM = { openid: '', name: '', role: 'reviewer' as 'reviewer' | 'admin', regionNames: [] as string[], regionCodes: [] as string[] };

/**
 * 工作人员管理 (staff subpackage, admins only): who may review which regions. Add a colleague by
 * their WeChat identifier, change the regions they cover (replace or add one), make them an admin
 * or a reviewer, remove them after a second tap. The server keeps at least one admin and refuses
 * an admin removing themself; every refusal is shown in its Chinese words.
 */
Component({
  behaviors: [largeTextBehavior],
  data: {
    allowed: false,
    me: '',
    items: [] as StaffRow[],
    loaded: false,
    busy: false,
    /** The openid whose 删除 was tapped once and awaits 确认删除. */
    removing: '',
    form: { ...EMPTY_FORM },
    errors: {} as FieldErrors,
    notice: '',
    errorMessage: '',
    errorCode: '',
  },
  methods: {
    async onLoad() {
      const gate = await adminGate();
      if (!gate.ok) {
        this.setData({ errorMessage: gate.message });
        return;
      }
      this.setData({ allowed: true, me: gate.admin.openid });
      await this.load();
    },
    async onPullDownRefresh() {
      if (this.data.allowed) await this.load();
      void wx.stopPullDownRefresh();
    },
    async load() {
      const result = await callCloud('review', 'staffList', {});
      if (!result.ok) {
        this.setData({ errorMessage: result.error.message, errorCode: result.error.code });
        return;
      }
      this.setData({ items: result.data.items.map((s) => rowOf(s, this.data.me)), loaded: true });
    },

    /** One admin call, then the list again; the notice or the refusal in words. */
    async run(call: () => Promise<Result<unknown>>, done: string): Promise<boolean> {
      if (this.data.busy) return false;
      this.setData({ busy: true, notice: '', errorMessage: '', errorCode: '' });
      const result = await call();
      if (!result.ok) {
        const field = result.error.fields ? Object.values(result.error.fields)[0] : undefined;
        this.setData({ busy: false, removing: '', errorMessage: field ? `${result.error.message}（${field}）` : result.error.message, errorCode: result.error.code });
        await this.load();
        return false;
      }
      await this.load();
      this.setData({ busy: false, removing: '', notice: done });
      return true;
    },

    /** 更换负责地区 (mode replace) or 增加负责地区 (mode add), from a region picker on the row. */
    async onRegionsPicked(event: StaffTap) {
      const { openid, mode } = event.currentTarget.dataset;
      const member = this.data.items.find((s) => s.openid === openid);
      const region = pickedRegion(event.detail.code);
      if (!member || !region) return;
      const regions = mode === 'add' ? [...new Set([...member.regions, region])] : [region];
      await this.run(() => callCloud('review', 'staffUpdate', { openid: member.openid, regions }), `已更新${member.name}的负责地区`);
    },

    async toggleRole(event: StaffTap) {
      const member = this.data.items.find((s) => s.openid === event.currentTarget.dataset.openid);
      if (!member) return;
      const role = member.role === 'admin' ? 'reviewer' : 'admin';
      await this.run(() => callCloud('review', 'staffUpdate', { openid: member.openid, role }), `已将${member.name}设为${ROLE_LABELS[role]}`);
    },

    /** 删除 asks once more (确认删除) before anything is sent. */
    askRemove(event: StaffTap) {
      if (this.data.busy) return;
      this.setData({ removing: event.currentTarget.dataset.openid ?? '', notice: '', errorMessage: '' });
    },
    cancelRemove() {
      this.setData({ removing: '' });
    },
    async confirmRemove() {
      const member = this.data.items.find((s) => s.openid === this.data.removing);
      if (!member) return;
      await this.run(() => callCloud('review', 'staffRemove', { openid: member.openid }), `已删除${member.name}`);
    },

    onFormInput(event: StaffTap) {
      const field = event.currentTarget.dataset.value;
      if (field !== 'openid' && field !== 'name') return;
      this.setData({ [`form.${field}`]: String(event.detail.value ?? ''), [`errors.${field}`]: '' });
    },
    chooseRole(event: StaffTap) {
      const role = event.currentTarget.dataset.value;
      if (role === 'reviewer' || role === 'admin') this.setData({ 'form.role': role });
    },
    onFormRegion(event: StaffTap) {
      this.setData({ 'form.regionNames': (event.detail.value as string[] | undefined) ?? [], 'form.regionCodes': event.detail.code ?? [], 'errors.regions': '' });
    },

    /** 添加: checked with staffAdd's own schema first, so every wrong field shows at once. */
    async add() {
      if (this.data.busy) return;
      const { openid, name, role, regionCodes } = this.data.form;
      const region = pickedRegion(regionCodes);
      const input = ReviewActions.staffAdd.safeParse({ openid: openid.trim(), name: name.trim(), role, regions: region ? [region] : [] });
      if (!input.success) {
        this.setData({ errors: issuesToFieldErrors(input.error.issues) });
        return;
      }
      this.setData({ busy: true, notice: '', errorMessage: '', errorCode: '', errors: {} });
      const result = await callCloud('review', 'staffAdd', input.data);
      if (!result.ok) {
        this.setData({ busy: false, errors: result.error.fields ?? {}, errorMessage: result.error.message, errorCode: result.error.code });
        return;
      }
      this.setData({ form: { ...EMPTY_FORM } });
      await this.load();
      this.setData({ busy: false, notice: `已添加${result.data.name}（${ROLE_LABELS[result.data.role]}，负责${result.data.regionNames.join('、')}）` });
    },
  },
});
