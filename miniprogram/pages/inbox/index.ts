import { askForLongTerm, callCloud, chinaDateTimeText, loadListPage, longTermOffered, prepareSubscribe, type InboxItem } from '../../lib/index';
import { largeTextBehavior } from '../../behaviors/large-text';

interface ItemTap {
  currentTarget: { dataset: { id?: string } };
}

interface MessageRow extends InboxItem {
  /** 2026年11月26日 10:00, China time. */
  timeText: string;
}

/** The page a message opens: its filing's detail, else the page the server named. */
function pageOf(item: InboxItem): string {
  if (item.filingId) return `/pages/filing-detail/index?id=${item.filingId}`;
  return item.page ? (item.page.startsWith('/') ? item.page : `/${item.page}`) : '';
}

/**
 * 我的消息: every status change of the resident's filings, newest first, 20 at a time. Unread
 * ones are marked; opening one marks it read and shows its filing.
 */
Component({
  behaviors: [largeTextBehavior],
  data: {
    items: [] as MessageRow[],
    unread: 0,
    nextCursor: '',
    loading: false,
    loaded: false,
    errorMessage: '',
    /** A long-term reminder the resident can still turn on (one tap, then every progress step). */
    offerLongTerm: false,
  },
  methods: {
    onLoad() {
      void this.load(false);
      void prepareSubscribe().then(() => this.setData({ offerLongTerm: longTermOffered() }));
    },

    /** Its own tap: WeChat shows the dialog only there, and never mixed with one-time templates. */
    async turnOnLongTerm() {
      const outcome = await askForLongTerm();
      this.setData({ offerLongTerm: longTermOffered() });
      if (outcome === 'accepted') void wx.showToast({ title: '已开启进度提醒', icon: 'success' });
    },
    /** Back from a filing: new messages may have come in meanwhile. */
    onShow() {
      if (this.data.loaded) void this.load(false);
    },
    async onPullDownRefresh() {
      await this.load(false);
      void wx.stopPullDownRefresh();
    },
    onReachBottom() {
      if (this.data.nextCursor) void this.load(true);
    },
    loadMore() {
      void this.load(true);
    },

    async load(more: boolean) {
      if (this.data.loading) return;
      this.setData({ loading: true, errorMessage: '' });
      const patch = await loadListPage<MessageRow>(this.data, more, async (cursor) => {
        const result = await callCloud('notification', 'inbox', cursor ? { cursor, limit: 20 } : { limit: 20 });
        if (!result.ok) return result;
        return { ok: true, data: { ...result.data, items: result.data.items.map((item) => ({ ...item, timeText: chinaDateTimeText(item.createdAt) })) } };
      });
      this.setData(patch);
      if ('loaded' in patch) void this.countUnread();
    },

    async countUnread() {
      const result = await callCloud('notification', 'unreadCount', {});
      if (result.ok) this.setData({ unread: result.data.unread });
    },

    /** Marks the message read (on the page at once, then on the server) and opens its filing. */
    async openMessage(event: ItemTap) {
      const id = event.currentTarget.dataset.id;
      const index = this.data.items.findIndex((item) => item.id === id);
      const item = this.data.items[index];
      if (!id || !item) return;
      const url = pageOf(item);
      if (!item.read) {
        this.setData({ [`items[${index}].read`]: true, unread: Math.max(0, this.data.unread - 1) });
        await callCloud('notification', 'markRead', { ids: [id] });
      }
      if (url) void wx.navigateTo({ url }).catch(() => undefined);
    },

    async markAllRead() {
      if (!this.data.unread) return;
      this.setData({ items: this.data.items.map((item) => ({ ...item, read: true })), unread: 0 });
      await callCloud('notification', 'markRead', { all: true });
    },
  },
});
