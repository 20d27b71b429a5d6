import { adminGate, callCloud, dateInWords, instantInWords, loadListPage, type PolicyChangeView } from '../../../lib/index';
import { largeTextBehavior } from '../../../behaviors/large-text';

interface ChangeTap {
  currentTarget: { dataset: { id?: string; url?: string } };
}

/** A proposal as the page shows it: everything in words, no IDs. */
interface ChangeRow extends PolicyChangeView {
  effectiveText: string;
  proposedText: string;
  approvedText: string;
}

function rowOf(c: PolicyChangeView): ChangeRow {
  return {
    ...c,
    effectiveText: dateInWords(c.effectiveFrom),
    proposedText: instantInWords(c.proposedAt),
    approvedText: c.approvedAt ? instantInWords(c.approvedAt) : '',
  };
}

/**
 * 政策变更审批 (staff subpackage, admins only): every proposal with its decision, newest first.
 * A proposal waits for a second admin: its proposer sees it but cannot approve it; another
 * admin approves it once (the button is inert while the call is in flight).
 */
Component({
  behaviors: [largeTextBehavior],
  data: {
    allowed: false,
    items: [] as ChangeRow[],
    nextCursor: '',
    loading: false,
    loaded: false,
    busy: false,
    notice: '',
    errorMessage: '',
    errorCode: '',
  },
  methods: {
    async onLoad() {
      this.setData({ loading: true });
      const gate = await adminGate();
      if (!gate.ok) {
        this.setData({ loading: false, errorMessage: gate.message });
        return;
      }
      this.setData({ allowed: true, loading: false });
      await this.load(false);
    },
    onShow() {
      if (this.data.allowed && this.data.loaded) void this.load(false);
    },
    async onPullDownRefresh() {
      if (this.data.allowed) await this.load(false);
      void wx.stopPullDownRefresh();
    },
    loadMore() {
      void this.load(true);
    },
    async load(more: boolean) {
      if (this.data.loading) return;
      this.setData({ loading: true, errorMessage: '' });
      this.setData(
        await loadListPage<ChangeRow>(this.data, more, async (cursor) => {
          const result = await callCloud('policy', 'changes', cursor ? { cursor } : {});
          return result.ok ? { ok: true, data: { ...result.data, items: result.data.items.map(rowOf) } } : result;
        }),
      );
    },
    async approve(event: ChangeTap) {
      const changeId = event.currentTarget.dataset.id;
      if (!changeId || this.data.busy) return;
      this.setData({ busy: true, notice: '', errorMessage: '' });
      const result = await callCloud('policy', 'approve', { changeId });
      if (result.ok) {
        this.setData({ notice: `已批准第${result.data.version ?? ''}版：${result.data.summary}` });
      } else {
        this.setData({ errorMessage: result.error.fields?.changeId ?? result.error.message });
      }
      this.setData({ busy: false });
      await this.load(false);
    },
    openPage(event: ChangeTap) {
      const url = event.currentTarget.dataset.url;
      if (url) void wx.navigateTo({ url });
    },
  },
});
