import { callCloud, MAX_FAMILY_MEMBERS, type IdentityStatus } from '../../lib/index';
import { largeTextBehavior } from '../../behaviors/large-text';

interface MemberTap {
  currentTarget: { dataset: { id?: string; name?: string } };
}

/**
 * 家庭成员 (亲情账户): relatives this account may file for. Each was verified by their own face on
 * this phone; removing one takes effect at once.
 */
Component({
  behaviors: [largeTextBehavior],
  data: {
    status: null as IdentityStatus | null,
    max: MAX_FAMILY_MEMBERS,
    errorMessage: '',
    busy: false,
  },
  methods: {
    /** Back from adding a member: the list is fresh again. */
    onShow() {
      void this.load();
    },

    async load() {
      const result = await callCloud('identity', 'status', {});
      if (result.ok) this.setData({ status: result.data, errorMessage: '' });
      else this.setData({ errorMessage: result.error.message });
    },

    addMember() {
      if (!this.data.status?.verified || this.data.status.family.length >= MAX_FAMILY_MEMBERS) return;
      void wx.navigateTo({ url: '/pages/identity/index?purpose=family' });
    },

    verifySelf() {
      void wx.navigateTo({ url: '/pages/identity/index' });
    },

    async removeMember(event: MemberTap) {
      const memberId = event.currentTarget.dataset.id;
      if (!memberId || this.data.busy) return;
      const sure = await wx.showModal({ title: '删除家庭成员', content: `删除后不能再为${event.currentTarget.dataset.name ?? '他（她）'}办理备案，已办的备案不受影响。`, confirmText: '删除' });
      if (!sure.confirm) return;
      this.setData({ busy: true });
      const result = await callCloud('identity', 'familyRemove', { memberId });
      if (result.ok) this.setData({ status: result.data, busy: false, errorMessage: '' });
      else this.setData({ busy: false, errorMessage: result.error.message });
    },
  },
});
