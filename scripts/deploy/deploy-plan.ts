import fs from 'node:fs';
import path from 'node:path';
import { cloudbaseCollections } from '../../server/runtime/cloudbase-collections';
import type { IndexSpec } from '../../server/institution/cloudbase-directory.schema';
import { functionBundleSizes } from '../package-budgets';
import {
  DeployConfigError,
  functionSettings,
  referencedVariables,
  type CollectionRule,
  type DeployFiles,
  type InvokeRules,
  type StorageRules,
  type Trigger,
} from './deploy-config';

/**
 * What `npm run deploy` would put on CloudBase, computed offline from the repository and dist/.
 * Environment values appear only as their `{{env.NAME}}` reference and whether the deployer's
 * environment sets them: the plan never holds a secret.
 */
export interface FunctionPlan {
  name: string;
  runtime: string;
  memory: number;
  timeout: number;
  bytes: number;
  triggers: Trigger[];
  handler: string;
  installDependency: boolean;
  /** What CloudBase installs from the bundle's package.json. */
  dependencies: Record<string, string>;
  /** Variable → `{{env.NAME}}`. */
  environment: Record<string, string>;
  openapi: string[];
}

export interface CollectionPlanEntry {
  name: string;
  indexes: IndexSpec[];
  rules: CollectionRule;
}

export interface VariablePlan {
  name: string;
  usedBy: string[];
  set: boolean;
}

export interface DeployPlan {
  envId: string;
  functionRoot: string;
  functions: FunctionPlan[];
  collections: CollectionPlanEntry[];
  storageRules: StorageRules;
  invokeRules: InvokeRules;
  variables: VariablePlan[];
}

function bundlePackage(functionsDir: string, name: string): { dependencies?: Record<string, string> } {
  const file = path.join(functionsDir, name, 'package.json');
  if (!fs.existsSync(file)) throw new DeployConfigError(`dist/cloudfunctions/${name} is not built: run npm run build`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as { dependencies?: Record<string, string> };
}

export function buildPlan(files: DeployFiles, env: NodeJS.ProcessEnv = process.env): DeployPlan {
  const functionsDir = path.resolve(files.root, files.cloudbaserc.functionRoot);
  const sizes = fs.existsSync(functionsDir) ? functionBundleSizes(functionsDir) : {};
  const functions = files.functionFolders.map((name): FunctionPlan => {
    const s = functionSettings(files, name);
    const config = files.functionConfigs[name] ?? {};
    return {
      name,
      runtime: s.runtime,
      memory: s.memorySize,
      timeout: s.timeout,
      bytes: sizes[name] ?? 0,
      triggers: s.triggers,
      handler: s.handler,
      installDependency: s.installDependency,
      dependencies: bundlePackage(functionsDir, name).dependencies ?? {},
      environment: s.envVariables,
      openapi: config.permissions?.openapi ?? [],
    };
  });

  const declared = cloudbaseCollections();
  const declaredNames = declared.map((c) => c.name);
  const unruled = declaredNames.filter((n) => !files.databaseRules[n]);
  if (unruled.length > 0) throw new DeployConfigError(`cloudbase/database-rules.json has no rule for ${unruled.join(', ')}`);
  const strays = Object.keys(files.databaseRules).filter((n) => !declaredNames.includes(n));
  if (strays.length > 0) throw new DeployConfigError(`cloudbase/database-rules.json names ${strays.join(', ')}, which no adapter uses`);
  const strayInvoke = Object.keys(files.invokeRules).filter((n) => n !== '*' && !files.functionFolders.includes(n));
  if (strayInvoke.length > 0) throw new DeployConfigError(`cloudbase/function-rules.json names ${strayInvoke.join(', ')}, which cloudfunctions/ does not have`);

  return {
    envId: files.cloudbaserc.envId,
    functionRoot: files.cloudbaserc.functionRoot,
    functions,
    collections: declared.map((c) => ({ name: c.name, indexes: c.indexes, rules: files.databaseRules[c.name]! })),
    storageRules: files.storageRules,
    invokeRules: files.invokeRules,
    variables: [...referencedVariables(files).entries()]
      .map(([name, usedBy]) => ({ name, usedBy, set: Boolean(env[name]) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ruleText = (value: boolean | string) => (typeof value === 'string' ? `"${value}"` : String(value));

/** The plan as a reader checks it before going live. */
export function formatPlan(plan: DeployPlan): string {
  const lines: string[] = [];
  lines.push(`CloudBase environment ${plan.envId}, functions from ${plan.functionRoot}`, '');
  lines.push(`Functions (${plan.functions.length}):`);
  for (const f of plan.functions) {
    const triggers = f.triggers.map((t) => `${t.type} ${t.name} "${t.config}"`).join(', ');
    lines.push(`  ${f.name.padEnd(14)} ${f.runtime} ${String(f.memory).padStart(4)} MB ${String(f.timeout).padStart(2)} s ${kb(f.bytes).padStart(9)}  env ${Object.keys(f.environment).join(', ') || '—'}`);
    lines.push(`  ${''.padEnd(14)} installs ${Object.entries(f.dependencies).map(([n, v]) => `${n}@${v}`).join(', ') || '—'}${f.openapi.length > 0 ? `; openapi ${f.openapi.join(', ')}` : ''}${triggers ? `; ${triggers}` : ''}`);
  }
  lines.push('', `Collections (${plan.collections.length}), each with its security rule:`);
  for (const c of plan.collections) {
    const indexes = c.indexes.map((i) => `${i.name}(${i.keys.map(([k, d]) => (d === 1 ? k : `${k} ${d}`)).join(', ')})${i.unique ? ' unique' : ''}`);
    lines.push(`  ${c.name.padEnd(24)} read ${ruleText(c.rules.read)}, write ${ruleText(c.rules.write)}; ${indexes.length} index${indexes.length === 1 ? '' : 'es'}${indexes.length > 0 ? `: ${indexes.join('; ')}` : ''}`);
  }
  lines.push('', `Storage rule: read ${ruleText(plan.storageRules.read)}, write ${ruleText(plan.storageRules.write)}`);
  lines.push(`Function invoke rules: ${Object.entries(plan.invokeRules).map(([n, r]) => `${n} → ${ruleText(r.invoke)}`).join('; ')}`);
  lines.push('', 'Environment variables read by reference (values are never shown):');
  for (const v of plan.variables) lines.push(`  ${v.name.padEnd(22)} ${v.set ? 'set' : 'NOT SET'}   ${v.usedBy.join(', ')}`);
  return lines.join('\n');
}
