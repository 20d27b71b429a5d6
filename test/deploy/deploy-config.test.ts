import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeployConfigError, functionFoldersOf, loadDeployFiles, ROOT } from '../../scripts/deploy/deploy-config';
import { buildPlan } from '../../scripts/deploy/deploy-plan';
import { cronProblem } from '../../scripts/deploy/cron';
import { cloudbaseCollections } from '../../server/runtime/cloudbase-collections';

/**
 * The deployment files are well formed, and every function of cloudfunctions/ is in the plan:
 * cloudbaserc.json, each function's config.json, and the three rule files under cloudbase/.
 * Broken copies in a scratch folder show that each check can fail.
 */
const readJson = (rel: string) => JSON.parse(fs.readFileSync(path.join(ROOT, rel), 'utf8')) as Record<string, unknown>;

describe('the deployment files of the repository', () => {
  const files = loadDeployFiles();
  const plan = buildPlan(files, {});

  it('name every function of cloudfunctions/ in cloudbaserc.json and in the plan', () => {
    const folders = functionFoldersOf(ROOT);
    expect(folders).toEqual(expect.arrayContaining(['filing', 'identity', 'institution', 'notification', 'policy', 'review', 'scheduler']));
    // The CLI (tcb fn deploy) deploys what cloudbaserc.json lists: it must list every folder.
    expect(files.cloudbaserc.functions.map((f) => f.name).sort()).toEqual(folders);
    expect(plan.functions.map((f) => f.name)).toEqual(folders);
  });

  it('give every function the shared variables by reference, and nothing by value', () => {
    for (const f of plan.functions) {
      expect({ fn: f.name, env: f.environment }).toEqual({
        fn: f.name,
        env: expect.objectContaining({ PII_KEY: '{{env.PII_KEY}}', ADMIN_OPENIDS: '{{env.ADMIN_OPENIDS}}', NOTIFY_CONFIG: '{{env.NOTIFY_CONFIG}}' }) as unknown,
      });
      for (const value of Object.values(f.environment)) expect(value).toMatch(/^\{\{env\.[A-Z0-9_]+\}\}$/);
    }
    expect(plan.envId).toBe('{{env.CLOUDBASE_ENV_ID}}');
  });

  it('give identity the AppID and AppSecret by reference, and no other function', () => {
    for (const f of plan.functions) {
      const wechat = Object.fromEntries(Object.entries(f.environment).filter(([k]) => k.startsWith('WX_')));
      expect({ fn: f.name, wechat }).toEqual({ fn: f.name, wechat: f.name === 'identity' ? { WX_APPID: '{{env.WX_APPID}}', WX_APPSECRET: '{{env.WX_APPSECRET}}' } : {} });
    }
    expect(plan.variables.find((v) => v.name === 'WX_APPSECRET')).toEqual({ name: 'WX_APPSECRET', usedBy: ['identity'], set: false });
  });

  it('schedule the scheduler with a 7-field timer that config.json and cloudbaserc.json agree on', () => {
    const scheduler = plan.functions.find((f) => f.name === 'scheduler')!;
    expect(scheduler.triggers).toEqual([{ name: 'every-5-minutes', type: 'timer', config: '0 */5 * * * * *' }]);
    for (const name of files.functionFolders) {
      const fromConfig = files.functionConfigs[name]?.triggers;
      if (fromConfig) expect({ name, triggers: plan.functions.find((f) => f.name === name)!.triggers }).toEqual({ name, triggers: fromConfig });
    }
  });

  it('grant subscribeMessage.send to every function that sends, and give those wx-server-sdk', () => {
    const senders = plan.functions.filter((f) => f.openapi.includes('subscribeMessage.send')).map((f) => f.name);
    expect(senders).toEqual(['filing', 'notification', 'review', 'scheduler']);
    for (const f of plan.functions) {
      expect({ fn: f.name, sdk: 'wx-server-sdk' in f.dependencies }).toEqual({ fn: f.name, sdk: senders.includes(f.name) });
      expect(f.dependencies['@cloudbase/node-sdk']).toBeDefined();
    }
  });

  it('have a security rule for exactly the collections the adapters use', () => {
    expect(Object.keys(files.databaseRules).sort()).toEqual(cloudbaseCollections().map((c) => c.name));
    expect(plan.collections.map((c) => c.name)).toEqual(cloudbaseCollections().map((c) => c.name));
  });

  it('declare each index name once per collection', () => {
    for (const c of plan.collections) expect({ c: c.name, names: new Set(c.indexes.map((i) => i.name)).size }).toEqual({ c: c.name, names: c.indexes.length });
  });
});

describe('cron expressions of timer triggers', () => {
  it.each(['0 */5 * * * * *', '0 0 2 1 * * *', '0 30 9 * * MON-FRI *', '0 0 0 1 JAN,JUL * 2026-2030'])('accepts %s', (cron) => {
    expect(cronProblem(cron)).toBeUndefined();
  });
  it.each([
    ['*/5 * * * *', /7 fields/],
    ['0 */5 * * * *', /7 fields/],
    ['60 * * * * * *', /second/],
    ['0 0 24 * * * *', /hour/],
    ['0 0 0 0 * * *', /day of month/],
    ['0 0 0 * 13 * *', /month/],
    ['0 0 0 * * 7 *', /day of week/],
    ['0 */0 * * * * *', /step/],
    ['0 0 5-2 * * * *', /backwards/],
  ])('refuses %s', (cron, why) => {
    expect(cronProblem(cron)).toMatch(why);
  });
});

describe('a copy of the deployment files', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-config-'));
    for (const rel of ['cloudbaserc.json', 'cloudbase/database-rules.json', 'cloudbase/storage-rules.json', 'cloudbase/function-rules.json']) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, rel), path.join(root, rel));
    }
    for (const name of functionFoldersOf(ROOT)) addFunction(name);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  function addFunction(name: string): void {
    fs.mkdirSync(path.join(root, 'cloudfunctions', name), { recursive: true });
    fs.writeFileSync(path.join(root, 'cloudfunctions', name, 'index.ts'), '');
    const config = path.join(ROOT, 'cloudfunctions', name, 'config.json');
    if (fs.existsSync(config)) fs.copyFileSync(config, path.join(root, 'cloudfunctions', name, 'config.json'));
    fs.mkdirSync(path.join(root, 'dist/cloudfunctions', name), { recursive: true });
    fs.writeFileSync(path.join(root, 'dist/cloudfunctions', name, 'package.json'), '{"dependencies":{"@cloudbase/node-sdk":"^3.18.3"}}');
    fs.writeFileSync(path.join(root, 'dist/cloudfunctions', name, 'index.js'), 'exports.main = async () => ({});\n');
  }
  function edit(rel: string, change: (json: Record<string, unknown>) => void): void {
    const json = readJson(rel);
    change(json);
    fs.writeFileSync(path.join(root, rel), JSON.stringify(json));
  }
  const rcFunctions = (json: Record<string, unknown>) => json.functions as Record<string, unknown>[];

  it('takes a new function with its folder and one entry, which may add variables by reference', () => {
    addFunction('archive');
    edit('cloudbaserc.json', (json) => {
      rcFunctions(json).push({ name: 'archive', envVariables: { ARCHIVE_BUCKET_KEY: '{{env.ARCHIVE_BUCKET_KEY}}' } });
    });
    const plan = buildPlan(loadDeployFiles(root), { ARCHIVE_BUCKET_KEY: 'planted-archive-key' });
    const archive = plan.functions.find((f) => f.name === 'archive')!;
    expect(archive).toMatchObject({ runtime: 'Nodejs18.15', memory: 256, timeout: 20, triggers: [] });
    expect(archive.environment).toEqual({
      PII_KEY: '{{env.PII_KEY}}', ADMIN_OPENIDS: '{{env.ADMIN_OPENIDS}}', NOTIFY_CONFIG: '{{env.NOTIFY_CONFIG}}',
      ARCHIVE_BUCKET_KEY: '{{env.ARCHIVE_BUCKET_KEY}}',
    });
    expect(plan.variables.find((v) => v.name === 'ARCHIVE_BUCKET_KEY')).toEqual({ name: 'ARCHIVE_BUCKET_KEY', usedBy: ['archive'], set: true });
    expect(JSON.stringify(plan)).not.toContain('planted-archive-key');
  });

  it('refuses a function folder that cloudbaserc.json does not list', () => {
    addFunction('archive');
    expect(() => loadDeployFiles(root)).toThrow(/cloudfunctions\/archive is not in cloudbaserc.json/);
  });

  it.each<[string, string, (json: Record<string, unknown>) => void, RegExp]>([
    ['a variable given by value', 'cloudbaserc.json', (j) => { (j.functionDefaultConfig as { envVariables: Record<string, string> }).envVariables.PII_KEY = 'c2VjcmV0'; }, /envVariables.PII_KEY: must be a reference like \{\{env.NAME\}\}, never a value/],
    ['an environment ID written in', 'cloudbaserc.json', (j) => { j.envId = 'prod-1a2b3c'; }, /envId: must be a reference/],
    ['a misspelt setting', 'cloudbaserc.json', (j) => { rcFunctions(j)[0]!.memory = 512; }, /functions.0/],
    ['a memory size CloudBase does not sell', 'cloudbaserc.json', (j) => { rcFunctions(j)[0]!.memorySize = 300; }, /memorySize is 128, 256/],
    ['a timeout over 60 s', 'cloudbaserc.json', (j) => { rcFunctions(j)[0]!.timeout = 120; }, /timeout is 1–60 s/],
    ['an old runtime', 'cloudbaserc.json', (j) => { rcFunctions(j)[0]!.runtime = 'Nodejs12.16'; }, /Nodejs18.15 or newer/],
    ['a 5-field cron', 'cloudbaserc.json', (j) => { rcFunctions(j).find((f) => f.name === 'scheduler')!.triggers = [{ name: 't', type: 'timer', config: '*/5 * * * *' }]; }, /7-field CloudBase cron/],
    ['a function twice', 'cloudbaserc.json', (j) => { rcFunctions(j).push({ name: 'policy' }); }, /lists the function policy twice/],
    ['a function without a folder', 'cloudbaserc.json', (j) => { rcFunctions(j).push({ name: 'ghost' }); }, /lists ghost, which cloudfunctions\/ does not have/],
    ['a bad openapi permission', 'cloudfunctions/notification/config.json', (j) => { j.permissions = { openapi: ['send message'] }; }, /cloudfunctions\/notification\/config.json is not well formed/],
    ['function rules without "*"', 'cloudbase/function-rules.json', (j) => { delete j['*']; j.policy = { invoke: 'auth != null' }; }, /need a "\*" entry/],
    ['an invoke value CloudBase refuses', 'cloudbase/function-rules.json', (j) => { j['*'] = { invoke: 'auth.openid != null' }; }, /invoke is true, false/],
    ['a storage rule with an unknown operation', 'cloudbase/storage-rules.json', (j) => { j.delete = true; }, /storage-rules.json is not well formed/],
  ])('refuses %s', (_what, rel, change, message) => {
    edit(rel, change);
    expect(() => buildPlan(loadDeployFiles(root), {})).toThrow(DeployConfigError);
    expect(() => buildPlan(loadDeployFiles(root), {})).toThrow(message);
  });

  it('refuses a collection without a rule and a rule for a collection nobody uses', () => {
    edit('cloudbase/database-rules.json', (j) => { delete j.filings; });
    expect(() => buildPlan(loadDeployFiles(root), {})).toThrow(/no rule for filings/);
    edit('cloudbase/database-rules.json', (j) => { j.legacy = { read: false, write: false }; });
    expect(() => buildPlan(loadDeployFiles(root), {})).toThrow(/names legacy, which no adapter uses/);
  });

  it('refuses a file that is not JSON', () => {
    fs.writeFileSync(path.join(root, 'cloudbase/storage-rules.json'), '{ "read": ');
    expect(() => loadDeployFiles(root)).toThrow(/cloudbase\/storage-rules.json is not JSON/);
  });
});
