import path from 'node:path';
import type CloudBase from '@cloudbase/manager-node';
import { createIndexesRequest, type IndexSpec } from '../../server/institution/cloudbase-directory.schema';
import { REFERENCE } from './deploy-config';
import type { DeployPlan, FunctionPlan } from './deploy-plan';

/**
 * Applies a plan with CloudBase's own management SDK (@cloudbase/manager-node 5.x), in an order
 * that is safe to stop at any step: collections, then their security rules (locked before any
 * function can write), indexes, the storage and invoke rules, the functions, and last the timer
 * trigger (the scheduler runs only once everything is in place). Each step is idempotent, so a
 * deploy stopped halfway is finished by running it again.
 */
export interface DeployStep {
  /** What the step puts in place, as the report names it. */
  name: string;
  run(): Promise<void>;
}

export interface DeployReport {
  applied: string[];
  failed?: { step: string; message: string };
  notApplied: string[];
}

export class MissingVariables extends Error {
  constructor(readonly names: string[]) {
    super(`these environment variables are referenced by cloudbaserc.json but not set: ${names.join(', ')}`);
  }
}

/** `{{env.NAME}}` → the deployer's value. Every reference must resolve before anything is sent. */
export function resolveReferences(plan: DeployPlan, env: NodeJS.ProcessEnv): { envId: string; environment: Record<string, Record<string, string>> } {
  const missing = plan.variables.filter((v) => !env[v.name]).map((v) => v.name);
  if (missing.length > 0) throw new MissingVariables(missing);
  const value = (ref: string) => env[REFERENCE.exec(ref)![1]!]!;
  const environment: Record<string, Record<string, string>> = {};
  for (const f of plan.functions) {
    environment[f.name] = Object.fromEntries(Object.entries(f.environment).map(([key, ref]) => [key, value(ref)]));
  }
  return { envId: value(plan.envId), environment };
}

type Manager = Pick<CloudBase, 'database' | 'functions' | 'storage' | 'commonService'>;

interface OnlineIndex {
  Name?: string;
  Keys?: { Name?: string; Direction?: string }[];
  Unique?: boolean;
}

function sameIndex(online: OnlineIndex, declared: IndexSpec): boolean {
  const keys = (online.Keys ?? []).map((k) => `${k.Name}:${k.Direction}`).join(',');
  return keys === declared.keys.map(([field, direction]) => `${field}:${String(direction)}`).join(',') && Boolean(online.Unique) === Boolean(declared.unique);
}

/** Creates the declared indexes that are missing and re-creates those whose keys changed; leaves others. */
async function applyIndexes(manager: Manager, collection: string, declared: readonly IndexSpec[]): Promise<void> {
  const described = (await manager.database.describeCollection(collection)) as { Indexes?: OnlineIndex[] };
  const online = new Map((described.Indexes ?? []).map((i) => [i.Name ?? '', i]));
  const changed = declared.filter((d) => online.has(d.name) && !sameIndex(online.get(d.name)!, d));
  const missing = declared.filter((d) => !online.has(d.name));
  if (changed.length === 0 && missing.length === 0) return;
  if (changed.length > 0) await manager.database.updateCollection(collection, { DropIndexes: changed.map((d) => ({ IndexName: d.name })) });
  await manager.database.updateCollection(collection, createIndexesRequest([...changed, ...missing]));
}

interface OnlineTrigger {
  TriggerName?: string;
  Type?: string;
  TriggerDesc?: string;
}

/** A timer's TriggerDesc is `{"cron":"…"}` online; compare the expression itself. */
function cronOf(trigger: OnlineTrigger): string {
  try {
    return String((JSON.parse(trigger.TriggerDesc ?? '') as { cron?: unknown }).cron ?? trigger.TriggerDesc);
  } catch {
    return trigger.TriggerDesc ?? '';
  }
}

async function applyTriggers(manager: Manager, f: FunctionPlan): Promise<void> {
  const detail = (await manager.functions.getFunctionDetail(f.name)) as { Triggers?: OnlineTrigger[] };
  const online = (detail.Triggers ?? []).filter((t) => t.Type === 'timer');
  for (const t of online) {
    const wanted = f.triggers.find((d) => d.name === t.TriggerName);
    if (!wanted || wanted.config.trim() !== cronOf(t).trim()) await manager.functions.deleteFunctionTrigger(f.name, t.TriggerName ?? '');
  }
  const kept = new Set(online.filter((t) => f.triggers.some((d) => d.name === t.TriggerName && d.config.trim() === cronOf(t).trim())).map((t) => t.TriggerName));
  const toCreate = f.triggers.filter((d) => !kept.has(d.name));
  if (toCreate.length > 0) await manager.functions.createFunctionTriggers(f.name, toCreate);
}

export function deploySteps(manager: Manager, plan: DeployPlan, resolved: ReturnType<typeof resolveReferences>, root: string): DeployStep[] {
  const steps: DeployStep[] = [];
  const functionsDir = path.resolve(root, plan.functionRoot);
  for (const c of plan.collections) {
    steps.push({ name: `collection ${c.name}`, run: async () => void (await manager.database.createCollectionIfNotExists(c.name)) });
  }
  for (const c of plan.collections) {
    steps.push({
      name: `security rule of ${c.name}`,
      run: async () =>
        void (await manager.commonService().call({
          Action: 'ModifySafeRule',
          Param: { EnvId: resolved.envId, CollectionName: c.name, AclTag: 'CUSTOM', Rule: JSON.stringify(c.rules) },
        })),
    });
  }
  for (const c of plan.collections) {
    if (c.indexes.length > 0) steps.push({ name: `indexes of ${c.name}`, run: () => applyIndexes(manager, c.name, c.indexes) });
  }
  steps.push({ name: 'storage rule', run: async () => void (await manager.storage.setStorageAcl('CUSTOM', plan.storageRules)) });
  steps.push({
    name: 'function invoke rules',
    run: async () =>
      void (await manager.commonService().call({
        Action: 'ModifySecurityRule',
        Param: { EnvId: resolved.envId, ResourceType: 'FUNCTION', AclTag: 'CUSTOM', Rule: JSON.stringify(plan.invokeRules) },
      })),
  });
  for (const f of plan.functions) {
    steps.push({
      name: `function ${f.name}`,
      run: async () =>
        void (await manager.functions.createFunction({
          // Triggers are reconciled below, so a redeploy never tries to create one twice.
          func: {
            name: f.name,
            runtime: f.runtime,
            handler: f.handler,
            memorySize: f.memory,
            timeout: f.timeout,
            installDependency: f.installDependency,
            envVariables: resolved.environment[f.name] ?? {},
          },
          functionRootPath: functionsDir,
          force: true,
          // The bundles are far below the 1.5 MB a ZipFile upload allows: no COS bucket needed.
          deployMode: 'zip',
        })),
    });
  }
  for (const f of plan.functions) {
    if (f.triggers.length > 0) steps.push({ name: `timer trigger of ${f.name}`, run: () => applyTriggers(manager, f) });
  }
  return steps;
}

/** Hides every resolved value from text that is about to be printed. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('***');
  return out;
}

/** Runs the steps in order and stops at the first failure; the report says what was and was not applied. */
export async function runSteps(steps: readonly DeployStep[], onStep: (name: string) => void = () => undefined): Promise<DeployReport> {
  const applied: string[] = [];
  for (const [i, step] of steps.entries()) {
    onStep(step.name);
    try {
      await step.run();
      applied.push(step.name);
    } catch (error) {
      const e = error as { message?: unknown; code?: unknown; requestId?: unknown };
      const code = typeof e.code === 'string' && e.code ? ` [${e.code}]` : '';
      const requestId = typeof e.requestId === 'string' && e.requestId ? ` (request ${e.requestId})` : '';
      return { applied, failed: { step: step.name, message: `${String(e.message ?? error)}${code}${requestId}` }, notApplied: steps.slice(i + 1).map((s) => s.name) };
    }
  }
  return { applied, notApplied: [] };
}

const listOf = (names: readonly string[]) => (names.length === 0 ? 'nothing' : names.join(', '));

export function formatReport(report: DeployReport): string {
  if (!report.failed) return `Deploy finished: ${report.applied.length} steps applied.`;
  return [
    `Deploy STOPPED at "${report.failed.step}": ${report.failed.message}`,
    `Applied (${report.applied.length}): ${listOf(report.applied)}`,
    `Not applied (${report.notApplied.length + 1}): ${listOf([report.failed.step, ...report.notApplied])}`,
    'Every step is idempotent: fix the cause and run npm run deploy again.',
  ].join('\n');
}
