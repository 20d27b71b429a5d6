import { addDays, adminGate, callCloud, chinaDateText, chinaDateTimeText, chinaToday, issuesToFieldErrors, loadListPage, ReviewActions, type PiiAccessEntry } from '../../../lib/index';
import { largeTextBehavior } from '../../../behaviors/large-text';

interface RangeTap {
  currentTarget: { dataset: { value?: string } };
  detail: { value?: string };
}

const KIND_LABELS: Record<PiiAccessEntry['kind'], string> = { reveal: '查看完整身份证号', search: '按身份证号查询' };

/** One access in words: who, what, which filing (its 备案编号), when; never an openid or an internal ID. */
interface AccessRow extends PiiAccessEntry {
  kindLabel: string;
  atText: string;
}

function rowOf(e: PiiAccessEntry): AccessRow {
  return { ...e, kindLabel: KIND_LABELS[e.kind], atText: chinaDateTimeText(e.at) };
}

/**
 * 身份证号查看记录 (staff subpackage, admins only): every time a staff member revealed a full ID
 * number or searched by one (PIPL: access to sensitive personal data is recorded), newest first,
 * for the chosen dates — the last 30 days to begin with, a year at most (the server's rule,
 * checked here first with the same schema).
 */
Component({
  behaviors: [largeTextBehavior],
  data: {
    allowed: false,
    from: '',
    to: '',
    fromText: '',
    toText: '',
    rangeError: '',
    items: [] as AccessRow[],
    nextCursor: '',
    loading: false,
    loaded: false,
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
      const to = chinaToday();
      this.setRange(addDays(to, -29), to);
      this.setData({ allowed: true });
      await this.load(false);
    },
    async onPullDownRefresh() {
      if (this.data.allowed) await this.load(false);
      void wx.stopPullDownRefresh();
    },
    setRange(from: string, to: string) {
      this.setData({ from, to, fromText: chinaDateText(from), toText: chinaDateText(to), rangeError: '' });
    },
    async onDateChange(event: RangeTap) {
      const value = event.detail.value ?? '';
      if (!value) return;
      if (event.currentTarget.dataset.value === 'from') this.setRange(value, this.data.to);
      else this.setRange(this.data.from, value);
      await this.load(false);
    },
    loadMore() {
      void this.load(true);
    },
    async load(more: boolean) {
      if (this.data.loading) return;
      const range = { from: this.data.from, to: this.data.to };
      const checked = ReviewActions.piiAccessLog.safeParse(range);
      if (!checked.success) {
        const fields = issuesToFieldErrors(checked.error.issues);
        this.setData({ rangeError: fields.to ?? fields.from ?? Object.values(fields)[0] ?? '', items: [], nextCursor: '', loaded: true });
        return;
      }
      this.setData({ loading: true, errorMessage: '', rangeError: '' });
      this.setData(
        await loadListPage<AccessRow>(this.data, more, async (cursor) => {
          const result = await callCloud('review', 'piiAccessLog', cursor ? { ...range, cursor } : range);
          return result.ok ? { ok: true, data: { ...result.data, items: result.data.items.map(rowOf) } } : result;
        }),
      );
    },
  },
});
