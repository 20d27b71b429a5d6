import { callCloud, chinaDateText, chinaDateTimeText, loadListPage, type QueueItem, type StaffView } from '../../../lib/index';
import { largeTextBehavior } from '../../../behaviors/large-text';

type QueueFilter = '' | 'submitted' | 'in_review';

/** A queue item with its dates worded (2026年11月30日), never an ISO instant. */
interface QueueRow extends QueueItem {
  submittedText: string;
  deadlineText: string;
}

interface QueueTap {
  currentTarget: { dataset: { id?: string; value?: string; url?: string } };
}

/**
 * 审核队列 (staff subpackage): filings of the reviewer's own regions, earliest deadline first
 * as the server orders them, overdue ones flagged; 20 at a time.
 */
Component({
  behaviors: [largeTextBehavior],
  data: {
    staff: null as StaffView | null,
    /** 江苏省苏州市、… — regions by name, never by code. */
    regionsText: '',
    filter: '' as QueueFilter,
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
      await this.load(false);
    },
    /** Back from a review: the queue has changed. */
    onShow() {
      if (this.data.staff && this.data.loaded) void this.load(false);
    },
    async onPullDownRefresh() {
      if (this.data.staff) await this.load(false);
      void wx.stopPullDownRefresh();
    },
    onReachBottom() {
      if (this.data.nextCursor) void this.load(true);
    },
    loadMore() {
      void this.load(true);
    },
    setFilter(event: QueueTap) {
      const value = (event.currentTarget.dataset.value ?? '') as QueueFilter;
      if (value === this.data.filter || this.data.loading) return;
      this.setData({ filter: value, items: [], nextCursor: '' });
      void this.load(false);
    },
    async load(more: boolean) {
      if (this.data.loading) return;
      this.setData({ loading: true, errorMessage: '', errorCode: '' });
      const status = this.data.filter || undefined;
      this.setData(
        await loadListPage<QueueRow>(this.data, more, async (cursor) => {
          const input: { status?: 'submitted' | 'in_review'; cursor?: string } = {};
          if (status) input.status = status;
          if (cursor) input.cursor = cursor;
          const result = await callCloud('review', 'queue', input);
          if (!result.ok) return result;
          const items = result.data.items.map((i) => ({ ...i, submittedText: chinaDateTimeText(i.submittedAt), deadlineText: chinaDateText(i.reviewDeadline) }));
          return { ok: true, data: { ...result.data, items } };
        }),
      );
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
