import type { Runtime } from '../runtime/runtime';
import { filingContextOf } from '../filing/filing-context';
import type { PolicyStore } from './policy-store.port';
import { openSqlitePolicyStore } from './sqlite-policy-store';
import { createPolicyCache, type PolicyCache } from './policy-cache';

/** What the policy services, the filing rules and the reminders work with, once per runtime. */
export interface PolicyContext {
  runtime: Runtime;
  store: PolicyStore;
  cache: PolicyCache;
}

const contexts = new WeakMap<Runtime, PolicyContext>();

/** Production (and CloudBase tests) install the CloudBase store here; locally SQLite opens beside the filings. */
export function installPolicyContext(runtime: Runtime, store: PolicyStore): PolicyContext {
  const context = { runtime, store, cache: createPolicyCache(store, runtime.clock) };
  contexts.set(runtime, context);
  return context;
}

export function policyContextOf(runtime: Runtime): PolicyContext {
  const existing = contexts.get(runtime);
  if (existing) return existing;
  if (runtime.kind !== 'local') throw new Error('policy context must be installed for the cloudbase runtime');
  return installPolicyContext(runtime, openSqlitePolicyStore(runtime.dataDir, filingContextOf(runtime).repo));
}

/** The context if one was opened (tests close its read connection with the filing store). */
export function openedPolicyContext(runtime: Runtime): PolicyContext | undefined {
  return contexts.get(runtime);
}
