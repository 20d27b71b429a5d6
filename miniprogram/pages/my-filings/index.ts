import { callCloud, chinaDateText, chinaDateTimeText, loadListPage, type FilingSummary } from '../../lib/index';
import { largeTextBehavior } from '../../behaviors/large-text';

interface ItemTap {
  currentTarget: { dataset: { id?: string } };
}

/** A filing of the list with its dates as residents read them. */
interface FilingRow extends FilingSummary {
  startText: string;
  endText: string;
  submittedText: string;
}

function rowOf(f: FilingSummary): FilingRow {
  return { ...f, startText: chinaDateText(f.startDate), endText: chinaDateText(f.endDate), submittedText: chinaDateTimeText(f.submittedAt) };
}

/**
 * 我的备案: newest first, 10 at a time; names and ID numbers arrive masked from the server.
 * Shown again (back from a filing, after a withdrawal or a renewal), it reloads: never a stale status.
 */
Component({
  behaviors: [largeTextBehavior],
  data: {
    items: [] as FilingRow[],
    nextCursor: '',
    loading: false,
    loaded: false,
    errorMessage: '',
  },
  methods: {
    onLoad() {
      void this.load(false);
    },
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
      this.setData(await loadListPage<FilingRow>(this.data, more, async (cursor) => {
        const result = await callCloud('filing', 'list', cursor ? { cursor, limit: 10 } : { limit: 10 });
        return result.ok ? { ok: true, data: { ...result.data, items: result.data.items.map(rowOf) } } : result;
      }));
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
