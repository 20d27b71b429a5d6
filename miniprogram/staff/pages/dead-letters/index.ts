import { adminGate, callCloud, chinaDateTimeText, loadListPage, MESSAGE_KIND_LABELS, type DeadLetterView } from '../../../lib/index';
import { largeTextBehavior } from '../../../behaviors/large-text';

interface LetterTap {
  currentTarget: { dataset: { id?: string } };
}

const STATE_LABELS: Record<DeadLetterView['state'], string> = {
  pending: '等待发送',
  sent: '已发送',
  refused: '用户未允许接收',
  invalid: '消息内容不符合模板',
  dead: '多次发送失败',
};

/** A dead letter in words: what it was about, when, how many tries; no openid, no template key, no WeChat errcode. */
interface LetterRow extends DeadLetterView {
  kindLabel: string;
  stateLabel: string;
  createdText: string;
  /** This visit's retry answered and the letter is no longer dead. */
  retried: boolean;
}

function rowOf(d: DeadLetterView): LetterRow {
  return { ...d, kindLabel: MESSAGE_KIND_LABELS[d.kind] ?? '消息', stateLabel: STATE_LABELS[d.state], createdText: chinaDateTimeText(d.createdAt), retried: d.state !== 'dead' };
}

/**
 * 发送失败的消息 (staff subpackage, admins only): subscribe messages WeChat kept refusing after
 * every retry (notification.deadLetters). 重新发送 puts one back and tries it at once
 * (notification.retryDeadLetter); the row then shows how that try went. The inbox copy of each
 * message was written when it was composed, so residents never missed the words themselves.
 */
Component({
  behaviors: [largeTextBehavior],
  data: {
    allowed: false,
    items: [] as LetterRow[],
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
      const gate = await adminGate();
      if (!gate.ok) {
        this.setData({ errorMessage: gate.message });
        return;
      }
      this.setData({ allowed: true });
      await this.load(false);
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
        await loadListPage<LetterRow>(this.data, more, async (cursor) => {
          const result = await callCloud('notification', 'deadLetters', cursor ? { cursor } : {});
          return result.ok ? { ok: true, data: { ...result.data, items: result.data.items.map(rowOf) } } : result;
        }),
      );
    },
    async retry(event: LetterTap) {
      const id = event.currentTarget.dataset.id;
      const index = this.data.items.findIndex((d) => d.id === id);
      if (!id || index < 0 || this.data.busy) return;
      this.setData({ busy: true, notice: '', errorMessage: '', errorCode: '' });
      const result = await callCloud('notification', 'retryDeadLetter', { id });
      if (!result.ok) {
        this.setData({ busy: false, errorMessage: result.error.message, errorCode: result.error.code });
        return;
      }
      const row = rowOf(result.data);
      this.setData({ busy: false, [`items[${index}]`]: row, notice: row.state === 'sent' ? '已重新发送成功' : `已重新发送：${row.stateLabel}` });
    },
  },
});
