import { chinaTimestamp } from '../../core/time/china-date';
import type { Runtime } from '../runtime/runtime';
import { filingContextOf } from '../filing/filing-context';
import { Collections, type StaffRecord } from '../filing/filing-records';
import { ensureConfiguredAdmins } from '../filing/staff-directory';
import { policyContextOf } from '../policy/policy-context';
import { ensurePolicySeeded } from '../policy/policy-cache';
import { identityContextOf } from '../identity/identity-context';
import { identityService } from '../identity/identity.service';
import { DEMO_IDENTITIES } from './demo-identities';

/** The demo identities of the README: two residents (no record needed), two reviewers, one admin. */
export const DEMO_STAFF: readonly Omit<StaffRecord, 'version' | 'createdAt'>[] = [
  { id: 'demo-staff-suzhou', name: '苏州市医保中心 审核员', role: 'reviewer', regions: ['320500'] },
  { id: 'demo-staff-beijing', name: '北京市医保中心 审核员', role: 'reviewer', regions: ['110000'] },
];

/** Seeds staff on first start; running it again changes nothing. */
export async function seedDemoStaff(runtime: Runtime): Promise<void> {
  const ctx = filingContextOf(runtime);
  const at = chinaTimestamp(runtime.clock.now());
  for (const staff of DEMO_STAFF) {
    if (await ctx.repo.get(Collections.staff, staff.id)) continue;
    const record: StaffRecord = { ...staff, regions: [...staff.regions], version: 1, createdAt: at };
    await ctx.repo.commit([{ kind: 'put', collection: Collections.staff, doc: record }]);
  }
  await ensureConfiguredAdmins(ctx, ['demo-admin', ...configuredAdmins()], at);
  // Version 1 of the policy (the seeded table); production writes it on first use.
  await ensurePolicySeeded(policyContextOf(runtime).store, runtime.clock);
}

/** The demo identities' verified people (demo-identities.ts); running it again changes nothing. */
export async function seedDemoIdentities(runtime: Runtime): Promise<void> {
  const identity = identityService(identityContextOf(runtime));
  for (const demo of DEMO_IDENTITIES) await identity.seedVerified(demo.openid, demo.self, demo.family);
}

/** Everything the demo identities of the README need: staff records and verified identities. */
export async function seedDemoData(runtime: Runtime): Promise<void> {
  await seedDemoStaff(runtime);
  await seedDemoIdentities(runtime);
}

/** ADMIN_OPENIDS names the deployment's first admins (comma-separated). */
export function configuredAdmins(): string[] {
  return (process.env.ADMIN_OPENIDS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}
