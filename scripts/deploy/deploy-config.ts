import fs from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import { cronProblem } from './cron';

/**
 * The deployment as code, read and checked before anything is built or sent:
 * - cloudbaserc.json (CloudBase CLI 2.x format, version 2.0): `functionDefaultConfig` and one
 *   entry per function; values only as `{{env.NAME}}` references;
 * - cloudfunctions/<name>/config.json: openapi permissions and timer triggers (WeChat's format);
 * - cloudbase/database-rules.json, storage-rules.json, function-rules.json: the security rules.
 * A file that is not well formed stops here with a message naming the file and the field.
 */
export const ROOT = path.resolve(__dirname, '../..');

/**
 * `{{env.NAME}}`: `npm run deploy` resolves it from the deployer's process environment; the
 * CloudBase CLI from the `.env` / `.env.local` files of the project (kept out of git).
 */
export const REFERENCE = /^\{\{env\.([A-Z][A-Z0-9_]*)\}\}$/;
const reference = z.string().check(z.regex(REFERENCE, 'must be a reference like {{env.NAME}}, never a value'));

const trigger = z.strictObject({
  name: z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_-]{0,59}$/, 'trigger names are letters, digits, - and _')),
  type: z.literal('timer', 'CloudBase triggers here are timers'),
  config: z.string().check(z.refine((cron) => cronProblem(cron) === undefined, { message: 'not a 7-field CloudBase cron expression' })),
});
export type Trigger = z.infer<typeof trigger>;

/** Node runtimes at least as new as the bundles' target (scripts/build.ts builds for node18). */
const runtime = z.string().check(z.refine((r) => /^Nodejs(\d+)\.\d+$/.test(r) && Number(/^Nodejs(\d+)/.exec(r)![1]) >= 18, { message: 'must be a CloudBase Node.js runtime, Nodejs18.15 or newer' }));

const settings = {
  runtime: z.optional(runtime),
  handler: z.optional(z.literal('index.main', 'the bundles export main from index.js')),
  memorySize: z.optional(z.union([z.literal(128), z.literal(256), z.literal(512), z.literal(1024), z.literal(2048)], 'memorySize is 128, 256, 512, 1024 or 2048 (MB)')),
  timeout: z.optional(z.number().check(z.int(), z.minimum(1, 'timeout is 1–60 s'), z.maximum(60, 'timeout is 1–60 s'))),
  installDependency: z.optional(z.boolean()),
  envVariables: z.optional(z.record(z.string().check(z.regex(/^[A-Z][A-Z0-9_]*$/, 'variable names are upper case')), reference)),
  triggers: z.optional(z.array(trigger)),
};

const functionEntry = z.strictObject({
  name: z.string().check(z.regex(/^[a-z][a-z0-9-]{0,59}$/, 'function names are lower case letters, digits and -')),
  ...settings,
});

export const CloudbaseRcSchema = z.strictObject({
  version: z.literal('2.0', 'version must be "2.0" ({{env.X}} references need it)'),
  envId: reference,
  functionRoot: z.literal('./dist/cloudfunctions', 'functions deploy from the built bundles, ./dist/cloudfunctions'),
  functionDefaultConfig: z.strictObject({
    runtime,
    handler: z.literal('index.main'),
    memorySize: settings.memorySize,
    timeout: settings.timeout,
    installDependency: z.boolean(),
    envVariables: z.record(z.string(), reference),
  }),
  functions: z.array(functionEntry),
});
export type CloudbaseRc = z.infer<typeof CloudbaseRcSchema>;

export const FunctionConfigSchema = z.strictObject({
  permissions: z.optional(z.strictObject({ openapi: z.array(z.string().check(z.regex(/^[a-zA-Z]+\.[a-zA-Z]+$/, 'an openapi permission looks like subscribeMessage.send'))) })),
  triggers: z.optional(z.array(trigger)),
});
export type FunctionConfig = z.infer<typeof FunctionConfigSchema>;

const ruleValue = z.union([z.boolean(), z.string().check(z.minLength(1))]);
export const CollectionRuleSchema = z.strictObject({ read: ruleValue, write: ruleValue });
export type CollectionRule = z.infer<typeof CollectionRuleSchema>;
export const DatabaseRulesSchema = z.record(z.string(), CollectionRuleSchema);
export const StorageRulesSchema = z.strictObject({ read: ruleValue, write: ruleValue });
export type StorageRules = z.infer<typeof StorageRulesSchema>;

/** CloudBase accepts only these invoke values (function security rules). */
const invoke = z.union([z.boolean(), z.literal('auth != null'), z.literal("auth.loginType != 'ANONYMOUS' && auth != null")], 'invoke is true, false, "auth != null" or "auth.loginType != \'ANONYMOUS\' && auth != null"');
export const InvokeRulesSchema = z.record(z.string(), z.strictObject({ invoke })).check(
  z.refine((rules) => '*' in rules, { message: 'function rules need a "*" entry' }),
);
export type InvokeRules = z.infer<typeof InvokeRulesSchema>;

export interface DeployFiles {
  root: string;
  cloudbaserc: CloudbaseRc;
  /** Function folders of cloudfunctions/ (those with an index.ts), sorted. */
  functionFolders: string[];
  functionConfigs: Record<string, FunctionConfig>;
  databaseRules: Record<string, CollectionRule>;
  storageRules: StorageRules;
  invokeRules: InvokeRules;
}

export class DeployConfigError extends Error {}

function readJson(root: string, rel: string): unknown {
  const file = path.join(root, rel);
  if (!fs.existsSync(file)) throw new DeployConfigError(`${rel} is missing`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new DeployConfigError(`${rel} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parse<T>(schema: z.ZodMiniType<T>, value: unknown, rel: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(top)'}: ${i.message}`);
  throw new DeployConfigError(`${rel} is not well formed:\n  ${problems.join('\n  ')}`);
}

export function functionFoldersOf(root: string): string[] {
  const dir = path.join(root, 'cloudfunctions');
  return fs.readdirSync(dir).filter((n) => fs.existsSync(path.join(dir, n, 'index.ts'))).sort();
}

/** Reads and checks every deployment file; throws DeployConfigError naming the first bad one. */
export function loadDeployFiles(root = ROOT): DeployFiles {
  const cloudbaserc = parse(CloudbaseRcSchema, readJson(root, 'cloudbaserc.json'), 'cloudbaserc.json');
  const functionFolders = functionFoldersOf(root);
  const names = cloudbaserc.functions.map((f) => f.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw new DeployConfigError(`cloudbaserc.json lists the function ${duplicate} twice`);
  const unknown = names.filter((n) => !functionFolders.includes(n));
  if (unknown.length > 0) throw new DeployConfigError(`cloudbaserc.json lists ${unknown.join(', ')}, which cloudfunctions/ does not have`);
  // The CLI (tcb fn deploy) deploys only what the file lists: a folder must have its entry, even an empty one.
  const unlisted = functionFolders.filter((n) => !names.includes(n));
  if (unlisted.length > 0) throw new DeployConfigError(`${unlisted.map((n) => `cloudfunctions/${n}`).join(', ')} ${unlisted.length === 1 ? 'is' : 'are'} not in cloudbaserc.json: add { "name": "${unlisted[0]}" } to its functions`);
  const functionConfigs: Record<string, FunctionConfig> = {};
  for (const name of functionFolders) {
    const rel = `cloudfunctions/${name}/config.json`;
    functionConfigs[name] = fs.existsSync(path.join(root, rel)) ? parse(FunctionConfigSchema, readJson(root, rel), rel) : {};
  }
  return {
    root,
    cloudbaserc,
    functionFolders,
    functionConfigs,
    databaseRules: parse(DatabaseRulesSchema, readJson(root, 'cloudbase/database-rules.json'), 'cloudbase/database-rules.json'),
    storageRules: parse(StorageRulesSchema, readJson(root, 'cloudbase/storage-rules.json'), 'cloudbase/storage-rules.json'),
    invokeRules: parse(InvokeRulesSchema, readJson(root, 'cloudbase/function-rules.json'), 'cloudbase/function-rules.json'),
  };
}

export interface FunctionSettings {
  name: string;
  runtime: string;
  handler: string;
  memorySize: number;
  timeout: number;
  installDependency: boolean;
  /** Variable name → its `{{env.NAME}}` reference. */
  envVariables: Record<string, string>;
  triggers: Trigger[];
}

/** CloudBase's default memory and timeout when neither the entry nor the defaults say. */
const PLATFORM_DEFAULTS = { memorySize: 256, timeout: 5 };

/**
 * One function's settings: `functionDefaultConfig` under its cloudbaserc.json entry, merged as
 * CloudBase CLI 2.x does (lodash `merge`: the entry wins, `envVariables` merge key by key), so the
 * CLI and `npm run deploy` read the file alike.
 */
export function functionSettings(files: DeployFiles, name: string): FunctionSettings {
  const defaults = files.cloudbaserc.functionDefaultConfig;
  const entry = files.cloudbaserc.functions.find((f) => f.name === name);
  return {
    name,
    runtime: entry?.runtime ?? defaults.runtime,
    handler: entry?.handler ?? defaults.handler,
    memorySize: entry?.memorySize ?? defaults.memorySize ?? PLATFORM_DEFAULTS.memorySize,
    timeout: entry?.timeout ?? defaults.timeout ?? PLATFORM_DEFAULTS.timeout,
    installDependency: entry?.installDependency ?? defaults.installDependency,
    envVariables: { ...defaults.envVariables, ...entry?.envVariables },
    triggers: entry?.triggers ?? [],
  };
}

/** Every `{{env.NAME}}` the deployment reads, with the places that read it. */
export function referencedVariables(files: DeployFiles): Map<string, string[]> {
  const used = new Map<string, string[]>();
  const note = (value: string, where: string) => {
    const name = REFERENCE.exec(value)?.[1];
    if (name) used.set(name, [...(used.get(name) ?? []), where]);
  };
  note(files.cloudbaserc.envId, 'envId');
  for (const name of files.functionFolders) {
    for (const [key, value] of Object.entries(functionSettings(files, name).envVariables)) {
      note(value, REFERENCE.exec(value)?.[1] === key ? name : `${name}.${key}`);
    }
  }
  return used;
}
