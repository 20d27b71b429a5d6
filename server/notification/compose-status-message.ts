import { FILING_TYPE_RULES } from '../../core/filing/filing-type';
import { FILING_STATUS_LABELS } from '../../core/filing/filing-status';
import { addDays, chinaDateText } from '../../core/time/china-date';
import type { FilingEventType } from '../../core/filing/status-machine';
import type { NotificationConfig } from '../../core/notification/template-config';
import type { RegionDirectory } from '../regions/region-directory';
import type { FilingRecord, OutboxRecord, StaffRecord } from '../filing/filing-records';
import { covers } from '../filing/staff-directory';
import { filingPage, type ComposedMessage } from './composed-message';

interface Wording {
  title: string;
  body: string;
  /** The 5-character result word of the result template. */
  result: string;
  /** The short line of the result template. */
  note: string;
}

function regionName(regions: RegionDirectory, code: string | undefined): string {
  if (!code) return '';
  return regions.get(code)?.fullName ?? code;
}

/** A change request is told as one: 变更申请已提交, never as a new application. */
function changeWordingOf(event: FilingEventType, type: string, reason: string | undefined, filing: FilingRecord | undefined): Wording | undefined {
  switch (event) {
    case 'submit':
      return {
        title: '变更申请已提交',
        body: `您的${type}备案变更申请已提交，${filing?.reviewDeadline ? `医保经办机构将在${chinaDateText(filing.reviewDeadline)}前办结` : '请耐心等待审核'}；审核通过前，原备案照常有效。`,
        result: '已提交', note: '变更申请等待审核',
      };
    case 'approve':
      return { title: '变更已生效', body: `您的${type}备案变更申请已审核通过，以变更后的信息为准。${reason ? `审核意见：${reason}` : ''}`, result: '已通过', note: reason ?? '变更已生效' };
    case 'reject':
      return { title: '变更申请未通过', body: `您的${type}备案变更申请未通过，原备案照常有效。原因：${reason ?? '未说明'}`, result: '未通过', note: reason ?? '原备案照常有效' };
    case 'withdraw':
      return { title: '变更申请已撤销', body: `您的${type}备案变更申请已撤销，原备案照常有效。`, result: '已撤销', note: '原备案照常有效' };
    case 'close':
      // The base may be cancelled, expired or replaced by another change: no single next step fits all three.
      return {
        title: '变更申请已关闭',
        body: `您的${type}备案变更申请已关闭，原因：${reason ?? '要变更的原备案已不再有效'}。请以备案详情中的当前状态为准。`,
        result: '已关闭', note: reason ?? '原备案已不再有效',
      };
    default:
      return undefined;
  }
}

/** What the applicant reads for each transition: plain words, what happens next. */
function wordingOf(event: FilingEventType, type: string, treatment: string, reason: string | undefined, filing: FilingRecord | undefined): Wording {
  const settle = `可在${treatment || '就医地'}的跨省联网定点医药机构持医保码或社保卡就医，直接结算`;
  const change = filing?.changeOf ? changeWordingOf(event, type, reason, filing) : undefined;
  if (change) return change;
  if (event === 'submit' && filing?.renewalOf) {
    return {
      title: '续期申请已提交',
      body: `您的${type}备案续期申请已提交，新备案从${chinaDateText(filing.startDate)}开始接续；${filing.reviewDeadline ? `医保经办机构将在${chinaDateText(filing.reviewDeadline)}前办结` : '请耐心等待审核'}。`,
      result: '已提交', note: '续期申请等待审核',
    };
  }
  switch (event) {
    case 'submit':
      return {
        title: '备案申请已提交',
        body: `您的${type}备案申请已提交，${filing?.reviewDeadline ? `医保经办机构将在${chinaDateText(filing.reviewDeadline)}前办结` : '请耐心等待审核'}。`,
        result: '已提交', note: '请等待医保经办机构审核',
      };
    case 'approveInstantly':
      return { title: '备案成功', body: `您的${type}备案已即时办结，${settle}。`, result: '已通过', note: '已即时办结，可持码就医' };
    case 'claim':
      return { title: '备案正在审核', body: `医保经办机构已开始审核您的${type}备案。`, result: '审核中', note: '工作人员正在审核' };
    case 'release':
      return { title: '备案等待审核', body: `您的${type}备案已重新进入待审核队列，请耐心等待。`, result: '待审核', note: '请耐心等待审核' };
    case 'approve':
      return {
        title: '备案成功',
        body: `您的${type}备案已审核通过，${settle}。${reason ? `审核意见：${reason}` : ''}`,
        result: '已通过', note: reason ?? '可持医保码或社保卡就医',
      };
    case 'reject':
      return { title: '备案未通过', body: `您的${type}备案未通过审核。原因：${reason ?? '未说明'}`, result: '未通过', note: reason ?? '请查看详情' };
    case 'return':
      return {
        title: '备案需补充材料',
        body: `您的${type}备案需要补充材料：${reason ?? '请查看详情'}。请在小程序中补充后重新提交。`,
        result: '需补充材料', note: reason ?? '请补充材料后重新提交',
      };
    case 'supplement':
      return { title: '材料已补充', body: `您已补充材料，${type}备案重新进入审核。`, result: '待审核', note: '已重新提交审核' };
    case 'withdraw':
      return { title: '备案已撤销', body: `您的${type}备案申请已撤销。${reason ? `原因：${reason}` : ''}`, result: '已撤销', note: reason ?? '申请已撤销' };
    case 'cancel':
      return { title: '备案已取消', body: `您的${type}备案已取消。${reason ? `原因：${reason}` : ''}`, result: '已取消', note: reason ?? '备案已取消' };
    case 'expire':
      if (filing?.renewedBy && filing.endDate) {
        return {
          title: '备案已到期，续期的备案接续',
          body: `您的${type}备案已于${chinaDateText(filing.endDate)}到期；您续期的备案从${chinaDateText(addDays(filing.endDate, 1))}开始接续，请以续期的备案为准。`,
          result: '已失效', note: '请以续期的备案为准',
        };
      }
      return {
        title: '备案已失效',
        body: `您的${type}备案已于${filing?.endDate ? chinaDateText(filing.endDate) : '结束日期'}到期失效。如仍需在${treatment || '就医地'}就医，请重新办理备案。`,
        result: '已失效', note: '如需继续就医请重新备案',
      };
    case 'supersede':
      return { title: '备案已变更', body: `您的${type}备案已按变更申请更新为新的备案，请以新备案为准。`, result: '已变更', note: '请以新备案为准' };
    case 'close':
      // Only a change request can be closed; this is the wording if its filing row is gone.
      return { title: '变更申请已关闭', body: `您的${type}备案变更申请已关闭。${reason ?? ''}`, result: '已关闭', note: reason ?? '变更申请已关闭' };
  }
}

export interface StatusMessageInput {
  row: OutboxRecord;
  filing: FilingRecord | undefined;
  staff: readonly StaffRecord[];
  regions: RegionDirectory;
  config: NotificationConfig;
}

export function applicantMessageId(outboxId: string): string {
  return `msg:${outboxId}`;
}

/**
 * The messages one outbox row produces: always exactly one for the applicant; for a filing
 * that (re)enters the review queue, one for each staff member covering its insured region.
 */
export function composeStatusMessages({ row, filing, staff, regions, config }: StatusMessageInput): ComposedMessage[] {
  const type = filing ? FILING_TYPE_RULES[filing.type].label : '';
  const treatment = regionName(regions, filing?.treatmentRegion);
  const words = wordingOf(row.event, type, treatment, row.reason, filing);
  const page = filingPage(config.pages.filing, row.filingId);
  const applicant: ComposedMessage = {
    id: applicantMessageId(row.id),
    recipientOpenid: row.applicantOpenid,
    audience: 'applicant',
    kind: row.event,
    title: words.title,
    body: words.body,
    page,
    filingId: row.filingId,
    sourceId: row.id,
    createdAt: row.createdAt,
    variables: {
      filingType: type ? `${type}备案` : '异地就医备案',
      status: FILING_STATUS_LABELS[row.to],
      result: words.result,
      note: words.note,
      time: row.createdAt,
      date: row.createdAt,
      filingNo: filing?.filingNo ?? row.filingId,
      ...(filing ? { applicantName: filing.applicantNameMasked } : {}),
    },
  };
  const messages = [applicant];
  // Decided from the row, not the filing's current status, so a late dispatch tells staff the same;
  // an instantly approved filing never had a review deadline and never reaches the queue.
  const entersQueue = (row.event === 'submit' || row.event === 'supplement') && row.to === 'submitted' && filing?.reviewDeadline !== undefined;
  if (entersQueue) {
    const insured = regionName(regions, row.insuredRegion);
    for (const member of staff) {
      if (!covers(member, row.insuredRegion)) continue;
      messages.push({
        id: `${applicantMessageId(row.id)}:staff:${member.id}`,
        recipientOpenid: member.id,
        audience: 'staff',
        kind: 'staff_new_filing',
        title: row.event === 'submit' ? '新的备案待审核' : '补充材料后待审核',
        body: `${insured}有一条${type}备案${row.event === 'submit' ? (filing.changeOf ? '变更申请新提交' : '新提交') : '已补充材料'}，请在${filing.reviewDeadline ? chinaDateText(filing.reviewDeadline) : '期限'}前办结。`,
        page: config.pages.staff,
        filingId: row.filingId,
        sourceId: row.id,
        createdAt: row.createdAt,
        variables: { task: `${type}备案待审核`, count: '1', region: insured, date: filing.reviewDeadline ?? row.createdAt, filingNo: filing.filingNo ?? row.filingId },
      });
    }
  }
  return messages;
}
