import { fail, ok, type Result } from '../../core/errors/result';
import { regionLevel } from '../../core/region/region-code';
import { NATIONAL_REGION } from '../../core/policy/policy-table';
import { POLICY_VALUE_SCHEMAS, type PolicyKey, type PolicyValues } from '../../core/policy/policy-values';
import { POLICY_FIELDS, policyPhrase, valueInWords } from '../../core/policy/policy-wording';
import { samePolicyValue } from '../../core/policy/resolve-policy-at';
import { chinaTimestamp, chinaToday, dateInWords, type IsoDate } from '../../core/time/china-date';
import type { ListPage } from '../../core/api/filing-api';
import type { PolicyChangeState, PolicyChangeView } from '../../core/api/policy-api';
import { sortableId } from '../kernel/sortable-id';
import { WriteConflict } from '../store/document-store';
import { Collections } from '../filing/filing-records';
import type { Runtime } from '../runtime/runtime';
import { policyContextOf } from './policy-context';
import { adminOf, earliestEffectiveDate, verifiedAdminOf } from './policy-admin';
import {
  POLICY_HEAD_ID,
  versionId,
  type PolicyAuditRecord,
  type PolicyChangeRecord,
  type PolicyHeadRecord,
  type PolicyVersionRecord,
} from './policy-records';

export interface Proposal {
  region: string;
  field: PolicyKey;
  value: unknown;
  effectiveFrom: IsoDate;
  source: string;
}

const STATE_LABELS: Record<PolicyChangeState, string> = {
  proposed: '待审批',
  approved: '已批准',
  lapsed: '生效日期已到，未获批准',
};

function summaryOf(c: Pick<PolicyChangeRecord, 'effectiveFrom' | 'regionName' | 'field' | 'value'>): string {
  return `自${dateInWords(c.effectiveFrom)}起，${c.regionName}${policyPhrase(c.field, c.value as PolicyValues[PolicyKey] as never)}`;
}

/**
 * Four eyes on every rule change: one admin proposes a change of one field of one region from a
 * future day, a different admin approves it, and only the approval makes it a version. Each
 * step commits with its audit row; versions are never edited afterwards.
 */
export function policyChangeService(runtime: Runtime) {
  const { store, cache } = policyContextOf(runtime);
  const now = () => runtime.clock.now();

  function viewOf(c: PolicyChangeRecord, callerId: string): PolicyChangeView {
    const earliest = earliestEffectiveDate(now());
    const state: PolicyChangeState = c.state === 'approved' ? 'approved' : c.effectiveFrom < earliest ? 'lapsed' : 'proposed';
    const mine = c.proposedBy === callerId;
    const view: PolicyChangeView = {
      changeId: c.id,
      region: c.region,
      regionName: c.regionName,
      field: c.field,
      fieldLabel: POLICY_FIELDS[c.field].label,
      value: c.value,
      valueText: valueInWords(c.field, c.value as never),
      effectiveFrom: c.effectiveFrom,
      source: c.source,
      state,
      stateLabel: state === 'approved' && c.effectiveFrom <= chinaToday(now()) ? '已批准，已施行' : state === 'approved' ? '已批准，待施行' : STATE_LABELS[state],
      proposerName: c.proposerName,
      proposedAt: c.proposedAt,
      mine,
      canApprove: state === 'proposed' && !mine,
      summary: summaryOf(c),
    };
    if (c.approverName) view.approverName = c.approverName;
    if (c.approvedAt) view.approvedAt = c.approvedAt;
    if (c.policyVersion) view.version = c.policyVersion;
    return view;
  }

  return {
    async propose(openid: string | undefined, proposal: Proposal): Promise<Result<PolicyChangeView>> {
      const verified = await verifiedAdminOf(runtime, openid);
      if (!verified.ok) return verified;
      const { staff: admin } = verified.data;
      const national = proposal.region === NATIONAL_REGION;
      const info = national ? undefined : runtime.regions.get(proposal.region);
      if (!national && !info) return fail('REGION.UNKNOWN', { region: '没有这个地区，请重新选择' });
      if (!national && regionLevel(proposal.region) === 'district') return fail('POLICY.REGION_LEVEL', { region: '区县按所在地级市的政策执行，请选择市' });
      const parsed = POLICY_VALUE_SCHEMAS[proposal.field].safeParse(proposal.value);
      if (!parsed.success) return fail('REQUEST.INVALID', { value: parsed.error.issues[0]?.message ?? '取值不正确' });
      const earliest = earliestEffectiveDate(now());
      if (proposal.effectiveFrom < earliest) return fail('POLICY.EFFECTIVE_DATE_PASSED', { effectiveFrom: `生效日期最早为${dateInWords(earliest)}` });
      const then = (await cache.current()).resolve(proposal.region, proposal.effectiveFrom);
      if (then.origins[proposal.field].region === proposal.region && samePolicyValue(then.values[proposal.field], parsed.data)) {
        return fail('POLICY.NO_CHANGE', { value: `届时施行的规定已经是“${valueInWords(proposal.field, parsed.data as never)}”` });
      }
      const at = chinaTimestamp(now());
      const change: PolicyChangeRecord = {
        id: sortableId(),
        version: 1,
        region: proposal.region,
        regionName: national ? '全国' : info!.name,
        field: proposal.field,
        value: parsed.data,
        effectiveFrom: proposal.effectiveFrom,
        source: proposal.source,
        state: 'proposed',
        proposedBy: admin.id,
        proposerPerson: verified.data.person,
        proposerName: admin.name,
        proposedAt: at,
      };
      const audit: PolicyAuditRecord = {
        id: sortableId(), event: 'policy_proposed', actorRole: 'admin', actorId: admin.id, at, changeId: change.id,
        detail: `${admin.name}提出：${summaryOf(change)}（依据：${change.source}）`,
      };
      await store.commit([
        { kind: 'create', collection: Collections.policyChanges, doc: change },
        { kind: 'create', collection: Collections.policyAudit, doc: audit },
      ]);
      runtime.log.info('policy.proposed', { changeId: change.id, by: admin.id, region: change.region, field: change.field, effectiveFrom: change.effectiveFrom });
      return ok(viewOf(change, admin.id));
    },

    async approve(openid: string | undefined, changeId: string): Promise<Result<PolicyChangeView>> {
      const verified = await verifiedAdminOf(runtime, openid);
      if (!verified.ok) return verified;
      const { staff: admin } = verified.data;
      await cache.current(); // makes sure version 1 and the head exist
      for (let attempt = 0; attempt < 3; attempt++) {
        const change = await store.get<PolicyChangeRecord>(Collections.policyChanges, changeId);
        if (!change) return fail('POLICY.CHANGE_NOT_FOUND');
        if (change.state === 'approved') return fail('POLICY.ALREADY_APPROVED');
        if (change.proposedBy === admin.id || change.proposerPerson === verified.data.person) return fail('POLICY.OWN_PROPOSAL');
        const earliest = earliestEffectiveDate(now());
        if (change.effectiveFrom < earliest) {
          return fail('POLICY.EFFECTIVE_DATE_PASSED', { changeId: `这项变更定于${dateInWords(change.effectiveFrom)}生效，现在已来不及施行，请重新提出` });
        }
        const head = await store.get<PolicyHeadRecord>(Collections.policyHead, POLICY_HEAD_ID);
        if (!head) return fail('POLICY.CONFLICT');
        const at = chinaTimestamp(now());
        const number = head.latestVersion + 1;
        const version: PolicyVersionRecord = {
          id: versionId(number), version: 1, number, effectiveFrom: change.effectiveFrom,
          rules: [{ region: change.region, regionName: change.regionName, field: change.field, value: change.value as never, source: change.source }],
          changeId: change.id, proposedBy: change.proposedBy, approvedBy: admin.id, approvedAt: at,
        };
        const approved: PolicyChangeRecord = {
          ...change, version: change.version + 1, state: 'approved', approvedBy: admin.id, approverName: admin.name, approvedAt: at, policyVersion: number,
        };
        const audit: PolicyAuditRecord = {
          id: sortableId(), event: 'policy_approved', actorRole: 'admin', actorId: admin.id, at, changeId: change.id, policyVersion: number,
          detail: `${admin.name}批准第${number}版：${summaryOf(change)}（${change.proposerName}提出，依据：${change.source}）`,
        };
        const movedHead: PolicyHeadRecord = { ...head, version: head.version + 1, latestVersion: number, updatedAt: at };
        try {
          await store.commit([
            { kind: 'update', collection: Collections.policyHead, doc: movedHead, expectedVersion: head.version },
            { kind: 'create', collection: Collections.policyVersions, doc: version },
            { kind: 'update', collection: Collections.policyChanges, doc: approved, expectedVersion: change.version },
            { kind: 'create', collection: Collections.policyAudit, doc: audit },
          ]);
        } catch (error) {
          if (!(error instanceof WriteConflict)) throw error;
          // Another approval (of this change or another) moved the head first: read again.
          continue;
        }
        cache.invalidate();
        runtime.log.info('policy.approved', { changeId, by: admin.id, version: number, effectiveFrom: change.effectiveFrom });
        return ok(viewOf(approved, admin.id));
      }
      return fail('POLICY.CONFLICT');
    },

    async changes(openid: string | undefined, cursor: string | undefined, limit = 20): Promise<Result<ListPage<PolicyChangeView>>> {
      const caller = await adminOf(runtime, openid);
      if (!caller.ok) return caller;
      const page = await store.changes(cursor, limit);
      const items = page.items.map((c) => viewOf(c, caller.data.id));
      return ok(page.nextCursor ? { items, nextCursor: page.nextCursor } : { items });
    },
  };
}
