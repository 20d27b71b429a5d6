import { callCloud } from '../../lib/index';
import { largeTextBehavior } from '../../behaviors/large-text';

/** 首页: the three steps of cross-province direct settlement (003, 004), in plain words. */
Component({
  behaviors: [largeTextBehavior],
  data: {
    steps: [
      { key: 'file', title: '先备案', text: '去外省看病前，先在这里向参保地医保部门备案。' },
      { key: 'choose', title: '选定点', text: '在就医地选择开通跨省直接结算的医院或药店。' },
      { key: 'visit', title: '持码卡就医', text: '看病时出示医保电子凭证或社保卡，出院时直接结算。' },
    ],
    unread: 0,
    /** 已实名 张*英, or empty while not verified (null until known). */
    verifiedName: null as string | null,
  },
  methods: {
    /** Back from the inbox, a filing or 实名认证: the unread count and the identity are fresh again. */
    onShow() {
      void this.countUnread();
      void this.loadIdentity();
    },
    async loadIdentity() {
      const result = await callCloud('identity', 'status', {});
      if (result.ok) this.setData({ verifiedName: result.data.person?.nameMasked ?? '' });
    },
    /** 办理备案 starts with 实名认证 when the resident is not yet verified. */
    openFiling() {
      const url = this.data.verifiedName ? '/pages/filing-form/index' : '/pages/identity/index?next=filing';
      void wx.navigateTo({ url });
    },
    async countUnread() {
      const result = await callCloud('notification', 'unreadCount', {});
      if (result.ok) this.setData({ unread: result.data.unread });
    },
    openPolicy() {
      void wx.navigateTo({ url: '/pages/policy/index' });
    },
    openPage(event: { currentTarget: { dataset: { url?: string } } }) {
      const url = event.currentTarget.dataset.url;
      if (url) void wx.navigateTo({ url });
    },
  },
});
