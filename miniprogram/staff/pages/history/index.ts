import {
  addDays, callCloud, chinaDateText, chinaDateTimeText, chinaToday, DECISION_SHORT_LABELS, DECISIONS, loadListPage, openSpreadsheet,
  type Decision, type QueueItem,
} from '../../../lib/index';
import { largeTextBehavior } from '../../../behaviors/large-text';

/** A decided filing with its dates and decision worded (2026年11月27日 09:00, 通过). */
interface HistoryRow extends QueueItem {
  decidedText: string;
  decisionLabel: string;
}

interface HistoryEvent {
  currentTarget: { dataset: { field?: 'from' | 'to'; value?: string } };
  detail: { value?: string };
}

const CHOICES = [{ value: '', label: '全部' }, ...DECISIONS.map((d) => ({ value: d, label: DECISION_SHORT_LABELS[d] }))];

/**
 * 审核记录 (staff subpackage): what the desk decided in a date range (default: the last 30
 * days), newest first, by decision; 导出 writes the same range as a spreadsheet and opens it.
 */
Component({
  behaviors: [largeTextBehavior],
  data: {
    from: '',
    to: '',
    fromText: '',
    toText: '',
    /** The pickers end today: nothing is decided in the future. */
    today: '',
    choices: CHOICES,
    decision: '' as '' | Decision,
    items: [] as HistoryRow[],
    nextCursor: '',
    loading: false,
    loaded: false,
    errorMessage: '',
    errorCode: '',
    /** The server's word on a wrong range (结束日期不能早于开始日期 …), beside the pickers. */
    rangeError: '',
    exporting: false,
    notice: '',
  },
  methods: {
    onLoad() {
      const today = chinaToday();
      const from = addDays(today, -29);
      this.setData({ today, from, to: today, fromText: chinaDateText(from), toText: chinaDateText(today) });
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
    onDateChange(event: HistoryEvent) {
      const field = event.currentTarget.dataset.field;
      const value = event.detail.value ?? '';
      if (!field || !value) return;
      this.setData({ [field]: value, [`${field}Text`]: chinaDateText(value), items: [], nextCursor: '', notice: '' });
      void this.load(false);
    },
    setDecision(event: HistoryEvent) {
      const value = (event.currentTarget.dataset.value ?? '') as '' | Decision;
      if (value === this.data.decision || this.data.loading) return;
      this.setData({ decision: value, items: [], nextCursor: '' });
      void this.load(false);
    },
    async load(more: boolean) {
      if (this.data.loading) return;
      this.setData({ loading: true, errorMessage: '', errorCode: '', rangeError: '' });
      const { from, to, decision } = this.data;
      const patch = await loadListPage<HistoryRow>(this.data, more, async (cursor) => {
        const input: { from: string; to: string; decision?: Decision; cursor?: string } = { from, to };
        if (decision) input.decision = decision;
        if (cursor) input.cursor = cursor;
        const result = await callCloud('review', 'history', input);
        if (!result.ok) {
          if (result.error.fields) this.setData({ rangeError: Object.values(result.error.fields).join('；') });
          return result;
        }
        const items = result.data.items.map((i) => ({
          ...i,
          decidedText: i.decidedAt ? chinaDateTimeText(i.decidedAt) : '',
          decisionLabel: i.decision ? DECISION_SHORT_LABELS[i.decision] : i.statusLabel,
        }));
        return { ok: true, data: { ...result.data, items } };
      });
      this.setData(patch);
    },
    /** 导出: the range as an .xlsx of masked rows, stored for me alone, opened in WeChat's viewer. */
    async exportRange() {
      if (this.data.exporting) return;
      this.setData({ exporting: true, notice: '', errorMessage: '', rangeError: '' });
      const result = await callCloud('review', 'export', { from: this.data.from, to: this.data.to });
      if (!result.ok) {
        this.setData({ exporting: false, errorMessage: result.error.message, errorCode: result.error.code });
        return;
      }
      const opened = await openSpreadsheet(result.data.url);
      this.setData({
        exporting: false,
        notice: opened.ok ? `已导出${result.data.rows}条记录` : `已导出${result.data.rows}条记录，但${opened.message}`,
      });
    },
    openWorkload() {
      void wx.navigateTo({ url: '/staff/pages/workload/index' });
    },
    openReview(event: HistoryEvent & { currentTarget: { dataset: { id?: string } } }) {
      const id = event.currentTarget.dataset.id;
      if (id) void wx.navigateTo({ url: `/staff/pages/review/index?id=${id}` });
    },
  },
});
