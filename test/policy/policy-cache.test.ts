import type { FilingSummary } from '../../core/api/filing-api';
import type { PolicyChangeView } from '../../core/api/policy-api';
import { installPolicyContext, policyContextOf } from '../../server/policy/policy-context';
import { POLICY_CACHE_TTL_MS } from '../../server/policy/policy-cache';
import type { PolicyStore } from '../../server/policy/policy-store.port';
import { expectOk, startHarness, type Harness, type StoreKind } from '../support/filing-harness';
import { EXAMPLE_FILING, exampleFilingFor } from '../support/example-filing';
import { makeResidentId, nthResidentId } from '../support/resident-ids';
import { bindAs } from '../support/identity-helpers';
import { itServedEveryQueryFromADeclaredIndex } from '../support/index-coverage';

/**
 * The hot path pays nothing for versioned rules: in steady state submit, decisions,
 * policy.check and policy.get resolve from the process's snapshot; the store is asked once
 * per TTL (the head), and again at once after this process's own writes.
 */
function counting(store: PolicyStore): { store: PolicyStore; calls: string[] } {
  const calls: string[] = [];
  const wrapped = Object.fromEntries(
    Object.entries(store).map(([name, fn]) => [name, (...args: unknown[]) => {
      calls.push(name === 'get' ? `get:${String(args[0])}` : name);
      return (fn as (...a: unknown[]) => unknown)(...args);
    }]),
  ) as unknown as PolicyStore;
  return { store: wrapped, calls };
}

describe.each<StoreKind>(['sqlite', 'cloudbase'])('policy cache (%s)', (kind) => {
  let h: Harness;
  let calls: string[];
  beforeEach(async () => {
    h = await startHarness(kind);
    // A fresh context (empty cache) over the harness's own store, counted.
    const wrapped = counting(policyContextOf(h.runtime).store);
    calls = wrapped.calls;
    installPolicyContext(h.runtime, wrapped.store);
    expectOk(await h.call('review', 'demo-admin', { action: 'staffAdd', openid: 'o-admin-2', name: '管理员乙', role: 'admin', regions: ['320000'] }));
    await bindAs(h.runtime, 'o-admin-2', { name: '钱明', idNumber: makeResidentId('320102', '19800303', 33) });
  });
  afterEach(() => h.cleanup());

  const hotPath = async (n: number) => {
    await bindAs(h.runtime, `o-r${n}`, { name: EXAMPLE_FILING.applicant.name, idNumber: nthResidentId(n) });
    const filed = expectOk(await h.call<FilingSummary>('filing', `o-r${n}`, { action: 'submit', idempotencyKey: `k${n}`, filing: exampleFilingFor(nthResidentId(n)) }));
    expectOk(await h.call('review', 'demo-staff-suzhou', { action: 'claim', id: filed.id }));
    expectOk(await h.call('review', 'demo-staff-suzhou', { action: 'approve', id: filed.id }));
    expectOk(await h.call('policy', undefined, { action: 'check', filing: exampleFilingFor(nthResidentId(n + 500)) }));
    expectOk(await h.call('policy', undefined, { action: 'get', region: '320505' }));
  };

  it('adds no store request to the hot path in steady state, one head read per TTL after', async () => {
    await hotPath(1); // warm: the first call of a process reads the head, the versions and the years
    calls.length = 0;
    for (let n = 2; n <= 6; n++) await hotPath(n);
    expect(calls).toEqual([]);
    h.clock.set(new Date(h.clock.now().getTime() + POLICY_CACHE_TTL_MS + 1));
    for (let n = 7; n <= 9; n++) await hotPath(n);
    expect(calls).toEqual(['get:policy_head']);
  });

  it('reads only what changed after its own write: the head and the new version', async () => {
    await hotPath(1);
    const proposed = expectOk(await h.call<PolicyChangeView>('policy', 'demo-admin', {
      action: 'propose', region: '320500', field: 'review.workingDays', value: 3, effectiveFrom: '2027-01-01', source: '通知',
    }));
    expectOk(await h.call('policy', 'o-admin-2', { action: 'approve', changeId: proposed.changeId }));
    calls.length = 0;
    await hotPath(2);
    expect(calls).toEqual(['get:policy_head', 'versionsAfter']);
    calls.length = 0;
    await hotPath(3);
    expect(calls).toEqual([]);
  });
});

itServedEveryQueryFromADeclaredIndex();
