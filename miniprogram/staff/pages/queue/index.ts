import { callCloud, loadListPage, queueRowOf, type QueueCounts, type QueueRow, type QueueTab, type StaffView } from '../../../lib/index';
import { largeTextBehavior } from '../../../behaviors/large-text';

interface QueueTap {
  currentTarget: { dataset: { id?: string; value?: string; url?: string } };
}

/** The four tabs of the desk, in the order a reviewer works through them. */
const TABS: readonly { value: QueueTab; label: string; empty: string }[] = [
  { value: 'pending', label: '待审核', empty: '没有需要审核的备案' },
  { value: 'mine', label: '我在审', empty: '您没有正在审核的备案' },
  { value: 'returned', label: '已退回', empty: '没有等待补充材料的备案' },
  { value: 'done', label: '已办结', empty: '还没有办结的备案' },
];

/**
 * 审核工作台 (staff subpackage): filings of the reviewer's own regions in four tabs with their
 * counts — 待审核, 我在审, 已退回, 已办结 — earliest deadline first (已办结: newest decision first),
 * overdue ones flagged and counted; 20 at a time.
 */
Component({
  behaviors: [largeTextBehavior],
  data: {
    staff: null as StaffView | null,
    /** 江苏省苏州市、… — regions by name, never by code. */
    regionsText: '',
    tab: 'pending' as QueueTab,
    tabs: TABS.map((t) => ({ ...t, count: '' })),
    emptyText: TABS[0]!.empty,
    /** Open filings of my regions past their deadline today. */
    overdueCount: 0,
    items: [] as QueueRow[],
    nextCursor: '',
    loading: false,
    loaded: false,
    errorMessage: '',
    errorCode: '',
  },
  methods: {
    async onLoad() {
      this.setData({ loading: true });
      const me = await callCloud('review', 'whoami', {});
      if (!me.ok) {
        this.setData({ loading: false, errorMessage: me.error.message, errorCode: me.error.code });
        return;
      }
      this.setData({ staff: me.data, regionsText: me.data.regionNames.join('、') || '全部地区', loading: false });
      await this.refresh();
    },
    /** Back from a review: the queue and its counts have changed. */
    onShow() {
      if (this.data.staff && this.data.loaded) void this.refresh();
    },
    async onPullDownRefresh() {
      if (this.data.staff) await this.refresh();
      void wx.stopPullDownRefresh();
    },
    onReachBottom() {
      if (this.data.nextCursor) void this.load(true);
    },
    loadMore() {
      void this.load(true);
    },
    async refresh() {
      await Promise.all([this.load(false), this.loadCounts()]);
    },
    /** The numbers on the tabs; if they cannot be read the tabs simply show none. */
    async loadCounts() {
      const counts = await callCloud('review', 'queueCounts', {});
      if (!counts.ok) return;
      const c: QueueCounts = counts.data;
      this.setData({ tabs: TABS.map((t) => ({ ...t, count: String(c[t.value]) })), overdueCount: c.overdue });
    },
    setTab(event: QueueTap) {
      const value = event.currentTarget.dataset.value as QueueTab | undefined;
      const tab = TABS.find((t) => t.value === value);
      if (!tab || tab.value === this.data.tab || this.data.loading) return;
      this.setData({ tab: tab.value, emptyText: tab.empty, items: [], nextCursor: '', loaded: false });
      void this.refresh();
    },
    async load(more: boolean) {
      if (this.data.loading) return;
      this.setData({ loading: true, errorMessage: '', errorCode: '' });
      const tab = this.data.tab;
      this.setData(
        await loadListPage<QueueRow>(this.data, more, async (cursor) => {
          const result = await callCloud('review', 'queue', cursor ? { tab, cursor } : { tab });
          if (!result.ok) return result;
          return { ok: true, data: { ...result.data, items: result.data.items.map(queueRowOf) } };
        }),
      );
    },
    /** 搜索 and the pages other desk work lives on (the server checks each caller again). */
    openPage(event: QueueTap) {
      const url = event.currentTarget.dataset.url;
      if (url) void wx.navigateTo({ url });
    },
    /** Admins reach the policy and calendar pages from here (the server checks the role again). */
    openAdminPage(event: QueueTap) {
      const url = event.currentTarget.dataset.url;
      if (url) void wx.navigateTo({ url });
    },
    openReview(event: QueueTap) {
      const id = event.currentTarget.dataset.id;
      if (id) void wx.navigateTo({ url: `/staff/pages/review/index?id=${id}` });
    },
  },
});
