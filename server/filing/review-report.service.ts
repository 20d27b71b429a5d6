import { DECISION_SHORT_LABELS } from '../../core/filing/decision-labels';
import type * as ExcelJs from 'exceljs';
import { ok, type Result } from '../../core/errors/result';
import { chinaToday, type IsoDate } from '../../core/time/china-date';
import { FILING_TYPE_RULES } from '../../core/filing/filing-type';
import type { ListPage } from '../../core/api/filing-api';
import { type Decision, type QueueItem, type RegionStats, type ReviewStats } from '../../core/api/review-api';
import type { FilingContext } from './filing-context';
import type { FilingRecord, StaffRecord } from './filing-records';
import { toSummary } from './filing-views';
import { staffOf } from './staff-directory';
import { regionFullName } from '../regions/region-directory';
import { deciderNameOf, regionNamesOf, staffNamesFor } from './desk-names';
import { workingDays } from '../policy/calendar-modules';
import { policyContextOf } from '../policy/policy-context';
import { materialLinks } from '../storage/material-links';
import { saveExport } from '../storage/export-files';


/** Decisions one stats or export pass reads, at most: a year of a city's desk, with room to spare. */
export const REPORT_ROW_LIMIT = 20_000;
const READ_PAGE = 500;

/** Who made a decision the system made (an orphaned change request closed). */

export interface ExportAnswer {
  fileId: string;
  rows: number;
  /** A short-lived link for the requester's phone (wx.downloadFile → wx.openDocument). */
  url: string;
  expiresAt: string;
}

/** Median of a non-empty list. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The desk's reports (issue 14): 审核记录 (history), 工作量 (stats) and the spreadsheet export, of
 * the caller's regions only. Each reads decisions through `decidedBetween`, which is scoped by
 * the staff record's regions, never by anything in the payload.
 */
export function reviewReportService(ctx: FilingContext) {
  const { repo, runtime } = ctx;
  const today = () => chinaToday(runtime.clock.now());

  /** Staff names by openid, read once, only when a decision is someone else's. */
  const namesFor = (staff: StaffRecord, filings: readonly FilingRecord[]) =>
    staffNamesFor(repo, staff, filings.map((f) => (f.decision === 'closed' ? undefined : f.decidedBy)));

  function itemOf(f: FilingRecord, names: Map<string, string>, now: IsoDate): QueueItem {
    const item: QueueItem = {
      ...toSummary(f),
      ...regionNamesOf(runtime.regions, f),
      overdue: (f.status === 'submitted' || f.status === 'in_review') && f.reviewDeadline !== undefined && f.reviewDeadline < now,
      reviewerName: deciderNameOf(f, names),
    };
    if (f.decision) item.decision = f.decision;
    if (f.decidedAt) item.decidedAt = f.decidedAt;
    if (f.decisionReason) item.reason = f.decisionReason;
    return item;
  }

  /** Every decision of the scopes in the range (up to REPORT_ROW_LIMIT), newest first. */
  async function allDecided(scopes: readonly string[], from: IsoDate, to: IsoDate): Promise<FilingRecord[]> {
    const out: FilingRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await repo.decidedBetween({ scopes, from, to, limit: READ_PAGE, ...(cursor ? { cursor } : {}) });
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && out.length < REPORT_ROW_LIMIT);
    return out.slice(0, REPORT_ROW_LIMIT);
  }

  return {
    async history(openid: string | undefined, q: { from: IsoDate; to: IsoDate; decision?: Decision; cursor?: string; limit?: number }): Promise<Result<ListPage<QueueItem>>> {
      const staff = await staffOf(ctx, openid);
      if (!staff.ok) return staff;
      const page = await repo.decidedBetween({
        scopes: staff.data.regions,
        from: q.from,
        to: q.to,
        limit: q.limit ?? 20,
        ...(q.decision ? { decision: q.decision } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
      const names = await namesFor(staff.data, page.items);
      const now = today();
      const items = page.items.map((f) => itemOf(f, names, now));
      return ok(page.nextCursor ? { items, nextCursor: page.nextCursor } : { items });
    },

    /**
     * Per region of the caller: received in the range, decisions in the range by kind, open
     * filings overdue today, the median of working days from submission to decision (the review
     * clock's calendar: loaded holiday schedules, else chinese-days) and the share decided on or
     * before the deadline.
     */
    async stats(openid: string | undefined, q: { from: IsoDate; to: IsoDate }): Promise<Result<ReviewStats>> {
      const staff = await staffOf(ctx, openid);
      if (!staff.ok) return staff;
      const calendar = (await policyContextOf(runtime).cache.current()).calendar;
      const { workingDaysBetween } = workingDays();
      const now = today();
      const regions: RegionStats[] = [];
      for (const scope of [...new Set(staff.data.regions)]) {
        const decidedFilings = await allDecided([scope], q.from, q.to);
        const decided = { approved: 0, rejected: 0, returned: 0, closed: 0 };
        const days: number[] = [];
        let withinDeadline = 0;
        for (const f of decidedFilings) {
          if (!f.decision || !f.decidedAt) continue;
          decided[f.decision] += 1;
          const decidedOn = f.decidedAt.slice(0, 10);
          days.push(workingDaysBetween(f.submittedAt.slice(0, 10), decidedOn, calendar));
          if (!f.reviewDeadline || decidedOn <= f.reviewDeadline) withinDeadline += 1;
        }
        const stats: RegionStats = {
          region: { code: scope, name: regionFullName(runtime.regions, scope) },
          received: await repo.countSubmittedBetween(scope, q.from, q.to),
          decided,
          overdueNow: await repo.countQueue({ scopes: [scope], statuses: ['submitted', 'in_review'], deadlineBefore: now }),
        };
        if (days.length > 0) {
          stats.medianWorkingDays = median(days);
          stats.withinDeadlineShare = withinDeadline / days.length;
        }
        regions.push(stats);
      }
      return ok({ from: q.from, to: q.to, regions });
    },

    /**
     * The decisions of the caller's regions in the range as an .xlsx: names and ID numbers only
     * masked (the full number is never decrypted here), stored for the caller alone.
     */
    async export(openid: string | undefined, q: { from: IsoDate; to: IsoDate }): Promise<Result<ExportAnswer>> {
      const staff = await staffOf(ctx, openid);
      if (!staff.ok) return staff;
      const filings = await allDecided(staff.data.regions, q.from, q.to);
      const names = await namesFor(staff.data, filings);
      // Loaded here only: the spreadsheet writer is the heaviest package of the function (bench/cold-start).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const Excel = require('exceljs') as typeof ExcelJs;
      const book = new Excel.Workbook();
      book.creator = '异地就医备案';
      const sheet = book.addWorksheet('审核记录');
      sheet.columns = [
        { header: '备案编号', key: 'filingNo', width: 18 },
        { header: '备案类型', key: 'type', width: 14 },
        { header: '参保地', key: 'insured', width: 20 },
        { header: '就医地', key: 'treatment', width: 20 },
        { header: '提交日期', key: 'submitted', width: 12 },
        { header: '办结日期', key: 'decided', width: 12 },
        { header: '审核结果', key: 'decision', width: 10 },
        { header: '审核意见', key: 'reason', width: 30 },
        { header: '审核人', key: 'reviewer', width: 12 },
        { header: '姓名', key: 'name', width: 10 },
        { header: '身份证号', key: 'idNumber', width: 20 },
      ];
      sheet.getRow(1).font = { bold: true };
      for (const f of filings) {
        sheet.addRow({
          filingNo: f.filingNo ?? '',
          type: FILING_TYPE_RULES[f.type].label,
          insured: regionFullName(runtime.regions, f.insuredRegion),
          treatment: regionFullName(runtime.regions, f.treatmentRegion),
          submitted: f.submittedAt.slice(0, 10),
          decided: f.decidedAt?.slice(0, 10) ?? '',
          decision: f.decision ? DECISION_SHORT_LABELS[f.decision] : '',
          reason: f.decisionReason ?? '',
          reviewer: deciderNameOf(f, names),
          name: f.applicantNameMasked,
          idNumber: f.idNumberMasked,
        });
      }
      const bytes = Buffer.from(await book.xlsx.writeBuffer());
      const fileId = await saveExport(ctx, staff.data.id, `审核记录${q.from}至${q.to}.xlsx`, bytes);
      const link = await materialLinks(runtime).linkFor(fileId);
      runtime.log.info('review.exported', { by: staff.data.id, rows: filings.length, from: q.from, to: q.to });
      return ok({ fileId, rows: filings.length, url: link.url, expiresAt: link.expiresAt });
    },
  };
}
