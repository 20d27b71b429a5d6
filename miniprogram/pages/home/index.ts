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
  },
  methods: {
    /** Back from the inbox or a filing: the count of unread messages is fresh again. */
    onShow() {
      void this.countUnread();
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
