import { FILING_TYPE_RULES } from '../../core/filing/filing-type';
import { addDays, chinaDateText, chinaTimestamp, chinaToday, daysBetween } from '../../core/time/china-date';
import { ACTIVE_STATUSES } from '../../core/filing/filing-status';
import { renewalWindow } from '../../core/filing/renewal';
import { POLICY_TABLE } from '../../core/policy/policy-table';
import { policyContextOf } from '../policy/policy-context';
import { rulesOfFiling } from '../policy/rules-in-force';
import { WriteConflict } from '../store/document-store';
import { Collections, type FilingRecord, type StaffRecord } from '../filing/filing-records';
import type { NotificationContext } from './notification-context';
import type { Page } from '../filing/filing-repository.port';
import type { InboxRecord } from './notification-records';
import { filingPage, type ComposedMessage } from './composed-message';
import { messageWrites } from './message-ops';
import { sendDelivery } from './send-delivery';

/** Rows read per query: the reminders page through their candidates instead of one large read. */
export const REMINDER_PAGE_SIZE = 100;

/** Every item of a cursor-paged query, one page at a time. */
async function* paged<T>(read: (cursor: string | undefined, limit: number) => Promise<Page<T>>, size: number): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const page = await read(cursor, size);
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor);
}

export interface ReminderReport {
  created: number;
  sent: number;
}

/**
 * Writes a reminder unless it exists. Its ID is deterministic (what, whom, which date), so
 * however often or concurrently the timer runs, each reminder is written — and sent — once.
 */
async function remindOnce(ctx: NotificationContext, message: ComposedMessage, report: ReminderReport): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await ctx.store.get<InboxRecord>(Collections.inbox, message.id)) return;
    const writes = await messageWrites(ctx, [message]);
    try {
      await ctx.store.commit(writes.ops);
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
      continue;
    }
    report.created += 1;
    for (const d of writes.deliveries) if ((await sendDelivery(ctx, d)).state === 'sent') report.sent += 1;
    return;
  }
}

function typeLabel(f: FilingRecord): string {
  return FILING_TYPE_RULES[f.type].label;
}

function regionName(ctx: NotificationContext, code: string): string {
  return ctx.runtime.regions.get(code)?.fullName ?? code;
}

/** The longest renewal horizon any region has in any version: the one query that finds every filing due a reminder. */
async function longestRenewalHorizon(ctx: NotificationContext): Promise<number> {
  const { versions } = await policyContextOf(ctx.runtime).cache.current();
  const set = versions.flatMap((v) => v.rules).filter((r) => r.field === 'renewal.reminderDays').map((r) => r.value as number);
  const builtIn = POLICY_TABLE.map((entry) => entry.overrides['renewal.reminderDays']?.value ?? 0);
  return Math.max(...set, ...builtIn);
}

/** A renewal that was filed and is still active: nothing left to remind. */
async function renewedAlready(ctx: NotificationContext, f: FilingRecord): Promise<boolean> {
  if (!f.renewedBy) return false;
  const renewal = await ctx.filing.repo.get<FilingRecord>(Collections.filings, f.renewedBy);
  return renewal !== undefined && ACTIVE_STATUSES.includes(renewal.status);
}

/** Temporary filings ending within their region's renewal horizon (30 days): one reminder each, offering 续期. */
async function expiringSoon(ctx: NotificationContext, now: Date, report: ReminderReport, pageSize: number): Promise<void> {
  const today = chinaToday(now);
  const until = addDays(today, await longestRenewalHorizon(ctx));
  for await (const f of paged((cursor, limit) => ctx.store.endingBetween(today, until, cursor, limit), pageSize)) {
    if (!f.endDate) continue;
    const policy = (await rulesOfFiling(ctx.runtime, f)).values;
    if (addDays(f.endDate, -policy['renewal.reminderDays']) > today || (await renewedAlready(ctx, f))) continue;
    const treatment = regionName(ctx, f.treatmentRegion);
    const ends = chinaDateText(f.endDate);
    const renewable = renewalWindow(f, policy) !== undefined;
    const body = renewable
      ? `您的${typeLabel(f)}备案将于${ends}到期。如仍需在${treatment}就医，打开备案详情点“一键续期”，新备案从${chinaDateText(addDays(f.endDate, 1))}开始接续。`
      : `您的${typeLabel(f)}备案将于${ends}到期。到期后如仍需在${treatment}就医，请及时重新办理备案。`;
    await remindOnce(ctx, {
      id: `reminder:expiring:${f.id}:${f.endDate}`,
      recipientOpenid: f.applicantOpenid, audience: 'applicant', kind: 'reminder_expiring',
      title: renewable ? '备案即将到期，可一键续期' : '备案即将到期',
      body,
      page: filingPage(ctx.config.pages.filing, f.id), filingId: f.id, sourceId: `expiring:${f.id}:${f.endDate}`,
      createdAt: chinaTimestamp(now),
      variables: { filingType: `${typeLabel(f)}备案`, status: '即将到期', date: f.endDate, note: renewable ? '可在备案详情中一键续期' : '到期后如需就医请重新备案', filingNo: f.filingNo ?? f.id },
    }, report);
  }
}

async function notSupplemented(ctx: NotificationContext, now: Date, report: ReminderReport, pageSize: number): Promise<void> {
  const decidedBy = chinaTimestamp(new Date(now.getTime() - ctx.config.reminders.returnedAfterDays * 86_400_000));
  for await (const f of paged((cursor, limit) => ctx.store.returnedBefore(decidedBy, cursor, limit), pageSize)) {
    const returned = (await ctx.filing.repo.timeline(f.id)).filter((a) => a.event === 'return').pop();
    const what = returned?.reason ?? '请查看备案详情';
    await remindOnce(ctx, {
      id: `reminder:returned:${f.id}:${f.decidedAt ?? ''}`,
      recipientOpenid: f.applicantOpenid, audience: 'applicant', kind: 'reminder_returned',
      title: '请补充备案材料',
      body: `您的${typeLabel(f)}备案还在等待您补充材料：${what}。补充后医保经办机构才能继续审核。`,
      page: filingPage(ctx.config.pages.filing, f.id), filingId: f.id, sourceId: `returned:${f.id}:${f.decidedAt ?? ''}`,
      createdAt: chinaTimestamp(now),
      variables: { filingType: `${typeLabel(f)}备案`, status: '待补充', date: (f.decidedAt ?? chinaTimestamp(now)).slice(0, 10), note: what, filingNo: f.filingNo ?? f.id },
    }, report);
  }
}

/** One digest per staff member and day: filings of their regions due tomorrow, and overdue ones. */
async function staffDeadlines(ctx: NotificationContext, staff: readonly StaffRecord[], now: Date, report: ReminderReport, pageSize: number): Promise<void> {
  const today = chinaToday(now);
  const tomorrow = addDays(today, 1);
  for (const member of staff) {
    if (member.regions.length === 0) continue;
    let dueTomorrow = 0;
    let overdue = 0;
    for await (const f of paged((cursor, limit) => ctx.store.pendingDueBy(member.regions, tomorrow, cursor, limit), pageSize)) {
      if (f.reviewDeadline === tomorrow) dueTomorrow += 1;
      else if ((f.reviewDeadline ?? '') < today) overdue += 1;
    }
    const regions = member.regions.map((r) => regionName(ctx, r)).join('、');
    const base = { recipientOpenid: member.id, audience: 'staff' as const, page: ctx.config.pages.staff, createdAt: chinaTimestamp(now) };
    if (dueTomorrow > 0) {
      await remindOnce(ctx, {
        ...base, id: `reminder:staff-due:${member.id}:${today}`, kind: 'staff_due_tomorrow', sourceId: `staff-due:${today}`,
        title: '明天到期的备案', body: `${regions}有${dueTomorrow}条备案明天（${chinaDateText(tomorrow)}）到审核期限，请及时办理。`,
        variables: { task: '备案明天到审核期限', count: String(dueTomorrow), region: regions, date: tomorrow },
      }, report);
    }
    if (overdue > 0) {
      await remindOnce(ctx, {
        ...base, id: `reminder:staff-overdue:${member.id}:${today}`, kind: 'staff_overdue', sourceId: `staff-overdue:${today}`,
        title: '已超期的备案', body: `${regions}有${overdue}条备案已超过审核期限，请尽快办理。`,
        variables: { task: '备案已超过审核期限', count: String(overdue), region: regions, date: today },
      }, report);
    }
  }
}

/** From 1 November, next year's holiday schedule is due (the State Council publishes it then). */
const NEXT_YEAR_DUE = '11-01';

/**
 * Tells the admins when deadlines are about to be counted without holidays: weekly from
 * 1 November while next year's schedule is missing, daily once the year has begun without it.
 * The ID names the admin, the year and the week (or day), so each is written once.
 */
async function calendarMissing(ctx: NotificationContext, staff: readonly StaffRecord[], now: Date, report: ReminderReport): Promise<void> {
  const admins = staff.filter((s) => s.role === 'admin');
  if (admins.length === 0) return;
  const today = chinaToday(now);
  const year = Number(today.slice(0, 4));
  const { calendar } = await policyContextOf(ctx.runtime).cache.current();
  const missing: { year: number; period: string; urgent: boolean }[] = [];
  if (!calendar.sourceOf(year)) missing.push({ year, period: today, urgent: true });
  if (today.slice(5) >= NEXT_YEAR_DUE && !calendar.sourceOf(year + 1)) {
    missing.push({ year: year + 1, period: `week-${Math.floor(daysBetween(`${year}-${NEXT_YEAR_DUE}`, today) / 7)}`, urgent: false });
  }
  for (const gap of missing) {
    for (const admin of admins) {
      await remindOnce(ctx, {
        id: `reminder:calendar-missing:${admin.id}:${gap.year}:${gap.period}`,
        recipientOpenid: admin.id, audience: 'staff', kind: 'admin_calendar_missing',
        title: `${gap.year}年节假日安排尚未导入`,
        body: gap.urgent
          ? `${gap.year}年的节假日安排还没有导入，审核期限现在只按周末推算。请尽快在“节假日安排”中导入国务院办公厅公布的安排。`
          : `${gap.year}年的节假日安排还没有导入。国务院办公厅公布后，请在“节假日安排”中导入，否则跨年的审核期限只能按周末推算。`,
        page: 'staff/pages/calendar/index', sourceId: `calendar-missing:${gap.year}:${gap.period}`,
        createdAt: chinaTimestamp(now),
        variables: { task: `导入${gap.year}年节假日安排`, date: today },
      }, report);
    }
  }
}

export async function runReminders(ctx: NotificationContext, pageSize = REMINDER_PAGE_SIZE): Promise<ReminderReport> {
  const report: ReminderReport = { created: 0, sent: 0 };
  const now = ctx.runtime.clock.now();
  await expiringSoon(ctx, now, report, pageSize);
  await notSupplemented(ctx, now, report, pageSize);
  const staff = await ctx.filing.repo.listStaff();
  await staffDeadlines(ctx, staff, now, report, pageSize);
  await calendarMissing(ctx, staff, now, report);
  return report;
}
