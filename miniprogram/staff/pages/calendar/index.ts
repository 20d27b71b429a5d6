import {
  adminGate, callCloud, chinaToday, instantInWords, issuesToFieldErrors, PolicyActions, scheduleProblems,
  type CalendarDay, type CalendarView,
} from '../../../lib/index';
import { largeTextBehavior } from '../../../behaviors/large-text';

interface YearRow {
  year: number;
  known: boolean;
  statusText: string;
  summary: string[];
}

interface CalendarEvent {
  currentTarget: { dataset: { year?: number } };
  detail: { value?: string };
}

const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** 春节：2月5日至2月13日放假，共9天；1月30日、2月20日调休上班 — one line per holiday. */
function summaryOf(days: readonly CalendarDay[]): string[] {
  const names: string[] = [];
  const byName = new Map<string, CalendarDay[]>();
  for (const d of [...days].sort((a, b) => a.date.localeCompare(b.date))) {
    if (!byName.has(d.name)) {
      byName.set(d.name, []);
      names.push(d.name);
    }
    byName.get(d.name)!.push(d);
  }
  return names.map((name) => {
    const group = byName.get(name)!;
    const off = group.filter((d) => d.isOffDay).map((d) => d.date);
    const ranges: string[][] = [];
    for (const date of off) {
      const last = ranges[ranges.length - 1];
      if (last && nextDay(last[last.length - 1]!) === date) last.push(date);
      else ranges.push([date]);
    }
    const parts = ranges.map((r) => (r.length === 1 ? `${monthDay(r[0]!)}放假` : `${monthDay(r[0]!)}至${monthDay(r[r.length - 1]!)}放假，共${r.length}天`));
    const work = group.filter((d) => !d.isOffDay).map((d) => monthDay(d.date));
    if (work.length > 0) parts.push(`${work.join('、')}调休上班`);
    return `${name}：${parts.join('；')}`;
  });
}

function rowOf(view: CalendarView): YearRow {
  const statusText = view.source === 'loaded'
    ? `已导入（${view.loadedByName ?? '管理员'}，${view.loadedAt ? instantInWords(view.loadedAt) : ''}）`
    : view.source === 'built-in' ? '已内置国务院办公厅公布的安排' : '尚未导入，审核期限按周末推算';
  return { year: view.year, known: view.known, statusText, summary: view.days ? summaryOf(view.days) : [] };
}

type Parsed = { ok: true; days: CalendarDay[] } | { ok: false; errors: string[] };

/**
 * A pasted file in holiday-cn's format ({ year, days: [{ date, name, isOffDay }] }, or just the
 * days), checked with loadCalendar's own schema and the same entry-by-entry rules the server
 * applies, so every bad entry is named before anything is sent.
 */
function parsePasted(text: string, year: number): Parsed {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, errors: ['粘贴的内容不是有效的 JSON 文件，请复制整个文件的内容'] };
  }
  const file = data && typeof data === 'object' && !Array.isArray(data) ? (data as { year?: unknown; days?: unknown }) : undefined;
  const days = Array.isArray(data) ? data : file?.days;
  if (!Array.isArray(days)) return { ok: false, errors: ['文件里没有找到节假日安排（days）'] };
  if (file && typeof file.year === 'number' && file.year !== year) return { ok: false, errors: [`这是${file.year}年的安排，请在${file.year}年下导入`] };
  const parsed = PolicyActions.loadCalendar.safeParse({ year, days });
  if (!parsed.success) {
    return {
      ok: false,
      errors: Object.entries(issuesToFieldErrors(parsed.error.issues)).map(([path, message]) => {
        const entry = /^days\.(\d+)/.exec(path);
        return entry ? `第${Number(entry[1]) + 1}条：${message}` : message;
      }),
    };
  }
  const problems = Object.values(scheduleProblems(year, parsed.data.days));
  return problems.length > 0 ? { ok: false, errors: problems } : { ok: true, days: parsed.data.days };
}

/**
 * 节假日安排 (staff subpackage, admins only): this year and next, each known (shipped or
 * loaded) or not yet; 导入 takes the State Council's schedule pasted as a holiday-cn JSON file.
 * Loading a year recounts the review deadlines of the open filings it moves.
 */
Component({
  behaviors: [largeTextBehavior],
  data: {
    allowed: false,
    years: [] as YearRow[],
    importing: 0,
    pasted: '',
    importErrors: [] as string[],
    busy: false,
    notice: '',
    errorMessage: '',
  },
  methods: {
    async onLoad() {
      const gate = await adminGate();
      if (!gate.ok) {
        this.setData({ errorMessage: gate.message });
        return;
      }
      this.setData({ allowed: true });
      await this.load();
    },
    async load() {
      const thisYear = Number(chinaToday().slice(0, 4));
      const answers = await Promise.all([thisYear, thisYear + 1].map((year) => callCloud('policy', 'calendar', { year })));
      const failed = answers.find((a) => !a.ok);
      if (failed && !failed.ok) {
        this.setData({ errorMessage: failed.error.message });
        return;
      }
      this.setData({ years: answers.map((a) => (a.ok ? rowOf(a.data) : undefined)).filter((r): r is YearRow => r !== undefined) });
    },
    openImport(event: CalendarEvent) {
      const year = Number(event.currentTarget.dataset.year);
      this.setData({ importing: this.data.importing === year ? 0 : year, pasted: '', importErrors: [], notice: '' });
    },
    onPaste(event: CalendarEvent) {
      this.setData({ pasted: event.detail.value ?? '', importErrors: [] });
    },
    async confirmImport() {
      const year = this.data.importing;
      if (!year || this.data.busy) return;
      const parsed = parsePasted(this.data.pasted, year);
      if (!parsed.ok) {
        this.setData({ importErrors: parsed.errors });
        return;
      }
      this.setData({ busy: true, importErrors: [], errorMessage: '' });
      const result = await callCloud('policy', 'loadCalendar', { year, days: parsed.days });
      if (!result.ok) {
        this.setData({ busy: false, importErrors: result.error.fields ? Object.values(result.error.fields) : [result.error.message] });
        return;
      }
      const { recomputed, pending } = result.data;
      this.setData({
        busy: false,
        importing: 0,
        pasted: '',
        notice: `已导入${year}年节假日安排，${recomputed}条未办结备案的审核期限已重新核定${pending ? '，其余的稍后自动完成' : ''}`,
      });
      await this.load();
    },
  },
});
