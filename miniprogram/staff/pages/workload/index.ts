import { addDays, callCloud, chinaDateText, chinaToday, DECISION_SHORT_LABELS, DECISIONS, type RegionStats } from '../../../lib/index';
import { largeTextBehavior } from '../../../behaviors/large-text';

/** One region's figures in words: 12件, 3个工作日, 92% — what the page shows. */
interface RegionRow {
  code: string;
  name: string;
  received: number;
  overdueNow: number;
  decidedTotal: number;
  decided: { key: string; label: string; count: number }[];
  medianText: string;
  withinText: string;
}

interface WorkloadEvent {
  currentTarget: { dataset: { field?: 'from' | 'to' } };
  detail: { value?: string };
}

/** The bars: decisions by kind over all my regions. */
interface Bar {
  label: string;
  count: number;
  color: string;
}

/** What the chart uses of a 2D canvas context (the typings give `getContext` no type). */
interface Painter {
  font: string;
  textAlign: string;
  fillStyle: string;
  scale(x: number, y: number): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
}

const BAR_COLORS: Record<string, string> = { approved: '#2ba471', rejected: '#d54941', returned: '#e37318', closed: '#a0a4aa' };

function rowOf(r: RegionStats): RegionRow {
  const decided = DECISIONS.map((d) => ({ key: d, label: DECISION_SHORT_LABELS[d], count: r.decided[d] }));
  return {
    code: r.region.code,
    name: r.region.name,
    received: r.received,
    overdueNow: r.overdueNow,
    decidedTotal: decided.reduce((sum, d) => sum + d.count, 0),
    decided,
    medianText: r.medianWorkingDays === undefined ? '暂无' : `${r.medianWorkingDays}个工作日`,
    withinText: r.withinDeadlineShare === undefined ? '暂无' : `${Math.round(r.withinDeadlineShare * 100)}%`,
  };
}

/**
 * 工作量 (staff subpackage): per region of mine, what arrived and what was decided in a range
 * (default: the last 30 days), what is overdue now, how long decisions took in working days and
 * how many met their deadline; a bar chart of decisions by kind on a 2D canvas.
 */
Component({
  behaviors: [largeTextBehavior],
  data: {
    from: '',
    to: '',
    fromText: '',
    toText: '',
    today: '',
    regions: [] as RegionRow[],
    bars: [] as Bar[],
    loading: false,
    loaded: false,
    errorMessage: '',
    errorCode: '',
    rangeError: '',
    /** Whether the chart was drawn (a phone always; the simulator has no canvas). */
    chartDrawn: false,
  },
  methods: {
    onLoad() {
      const today = chinaToday();
      const from = addDays(today, -29);
      this.setData({ today, from, to: today, fromText: chinaDateText(from), toText: chinaDateText(today) });
      void this.load();
    },
    onDateChange(event: WorkloadEvent) {
      const field = event.currentTarget.dataset.field;
      const value = event.detail.value ?? '';
      if (!field || !value) return;
      this.setData({ [field]: value, [`${field}Text`]: chinaDateText(value) });
      void this.load();
    },
    async load() {
      if (this.data.loading) return;
      this.setData({ loading: true, errorMessage: '', errorCode: '', rangeError: '' });
      const result = await callCloud('review', 'stats', { from: this.data.from, to: this.data.to });
      if (!result.ok) {
        this.setData({
          loading: false,
          errorMessage: result.error.message,
          errorCode: result.error.code,
          rangeError: result.error.fields ? Object.values(result.error.fields).join('；') : '',
        });
        return;
      }
      const regions = result.data.regions.map(rowOf);
      const bars = DECISIONS.map((d) => ({ label: DECISION_SHORT_LABELS[d], count: regions.reduce((sum, r) => sum + r.decided.find((x) => x.key === d)!.count, 0), color: BAR_COLORS[d]! }));
      this.setData({ loading: false, loaded: true, regions, bars });
      this.drawChart();
    },
    /**
     * The bars on <canvas type="2d">. Guarded: where the node or its 2D context is missing
     * (miniprogram-simulate, an old base library) the figures above still say everything.
     */
    drawChart() {
      try {
        wx.createSelectorQuery().in(this).select('#chart').fields({ node: true, size: true }).exec((res: unknown[]) => {
          const found = (res?.[0] ?? null) as { node?: WechatMiniprogram.Canvas; width?: number; height?: number } | null;
          const canvas = found?.node;
          if (!canvas || typeof canvas.getContext !== 'function' || !found.width || !found.height) return;
          const ctx = canvas.getContext('2d') as Painter | null;
          if (!ctx) return;
          const ratio = wx.getWindowInfo ? wx.getWindowInfo().pixelRatio : 2;
          canvas.width = found.width * ratio;
          canvas.height = found.height * ratio;
          ctx.scale(ratio, ratio);
          this.paint(ctx, found.width, found.height);
          this.setData({ chartDrawn: true });
        });
      } catch {
        // No canvas here: the page keeps its figures.
      }
    },
    paint(ctx: Painter, width: number, height: number) {
      const bars = this.data.bars;
      const max = Math.max(1, ...bars.map((b) => b.count));
      const labelSpace = 28;
      const top = 20;
      const slot = width / bars.length;
      const barWidth = slot * 0.5;
      ctx.clearRect(0, 0, width, height);
      ctx.font = '12px sans-serif';
      ctx.textAlign = 'center';
      bars.forEach((bar, i) => {
        const h = ((height - labelSpace - top) * bar.count) / max;
        const x = slot * i + (slot - barWidth) / 2;
        const y = height - labelSpace - h;
        ctx.fillStyle = bar.color;
        ctx.fillRect(x, y, barWidth, h);
        ctx.fillStyle = '#1f2329';
        ctx.fillText(String(bar.count), x + barWidth / 2, y - 4);
        ctx.fillStyle = '#646a73';
        ctx.fillText(bar.label, x + barWidth / 2, height - 8);
      });
    },
  },
});
