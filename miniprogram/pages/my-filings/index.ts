import { callCloud, loadListPage, type FilingSummary } from '../../lib/index';
import { largeTextBehavior } from '../../behaviors/large-text';

interface ItemTap {
  currentTarget: { dataset: { id?: string } };
}

/** 我的备案: newest first, 10 at a time; names and ID numbers arrive masked from the server. */
Component({
  behaviors: [largeTextBehavior],
  data: {
    items: [] as FilingSummary[],
    nextCursor: '',
    loading: false,
    loaded: false,
    errorMessage: '',
  },
  methods: {
    onLoad() {
      void this.load(false);
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
      this.setData(await loadListPage(this.data, more, (cursor) => callCloud('filing', 'list', cursor ? { cursor, limit: 10 } : { limit: 10 })));
    },
    openFiling(event: ItemTap) {
      const id = event.currentTarget.dataset.id;
      if (id) void wx.navigateTo({ url: `/pages/filing-detail/index?id=${id}` });
    },
    newFiling() {
      void wx.navigateTo({ url: '/pages/filing-form/index' });
    },
  },
});
