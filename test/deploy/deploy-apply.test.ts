import CloudBase from '@cloudbase/manager-node';
import { main } from '../../scripts/deploy';
import { loadDeployFiles } from '../../scripts/deploy/deploy-config';
import { buildPlan, type DeployPlan } from '../../scripts/deploy/deploy-plan';
import { deploySteps, formatReport, resolveReferences, runSteps } from '../../scripts/deploy/deploy-apply';
import { installManagerStandIn, type ManagerStandIn } from '../support/cloudbase-manager-stand-in';

/**
 * The deploy path end to end against CloudBase's management API answered in-process
 * (test/support/cloudbase-manager-stand-in.ts): the real @cloudbase/manager-node signs and sends
 * every request, the stand-in keeps what an environment would hold. dist/ is the one the global
 * setup built.
 */
const SECRET_KEY = 'planted-secret-key-4f1d9a';
const PII_KEY = Buffer.alloc(32, 7).toString('base64');
const WX_APPSECRET = 'planted-app-secret-8c2e71';

function deployEnv(standIn: ManagerStandIn): NodeJS.ProcessEnv {
  return {
    CLOUDBASE_ENV_ID: standIn.envId,
    PII_KEY,
    ADMIN_OPENIDS: 'o-admin-planted',
    NOTIFY_CONFIG: '{"delivery":{"miniprogramState":"formal"}}',
    WX_APPID: 'wx-planted-appid',
    WX_APPSECRET: WX_APPSECRET,
    TENCENTCLOUD_SECRETID: 'AKIDplantedsecretid',
    TENCENTCLOUD_SECRETKEY: SECRET_KEY,
  };
}

function managerFor(standIn: ManagerStandIn): CloudBase {
  return new CloudBase({ secretId: 'AKIDplantedsecretid', secretKey: SECRET_KEY, envId: standIn.envId });
}

/** The SDK polls function status every second: the clock runs a second per turn of the event loop. */
beforeEach(() => {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

async function fastClock<T>(work: Promise<T>): Promise<T> {
  let settled = false;
  const watched = work.finally(() => {
    settled = true;
  });
  while (!settled) {
    await new Promise((resolve) => setImmediate(resolve));
    jest.advanceTimersByTime(1000);
  }
  return watched;
}

async function deploy(standIn: ManagerStandIn, plan: DeployPlan) {
  const env = deployEnv(standIn);
  return fastClock(runSteps(deploySteps(managerFor(standIn), plan, resolveReferences(plan, env), process.cwd())));
}

describe('npm run deploy against the management API', () => {
  let standIn: ManagerStandIn;
  let plan: DeployPlan;
  beforeEach(() => {
    standIn = installManagerStandIn();
    plan = buildPlan(loadDeployFiles(), deployEnv(standIn));
  });
  afterEach(() => standIn.restore());

  it('puts every collection, rule, index, function and trigger of the plan in place, with signed requests', async () => {
    const report = await deploy(standIn, plan);
    expect(report.failed).toBeUndefined();
    expect(report.notApplied).toEqual([]);
    expect(standIn.calls.length).toBeGreaterThan(50);
    expect(standIn.calls.every((c) => c.signed)).toBe(true);

    expect([...standIn.collections.keys()].sort()).toEqual(plan.collections.map((c) => c.name).sort());
    for (const c of plan.collections) {
      const online = standIn.collections.get(c.name)!;
      expect({ collection: c.name, rule: online.rule }).toEqual({ collection: c.name, rule: { aclTag: 'CUSTOM', rule: { read: false, write: false } } });
      expect(online.indexes.map((i) => [i.IndexName, i.MgoKeySchema.MgoIndexKeys.map((k) => [k.Name, k.Direction]), i.MgoKeySchema.MgoIsUnique])).toEqual(
        c.indexes.map((i) => [i.name, i.keys.map(([f, d]) => [f, String(d)]), i.unique ?? false]),
      );
    }
    expect(standIn.storageRule).toEqual({ bucket: `${standIn.envId}-1250000000`, aclTag: 'CUSTOM', rule: plan.storageRules });
    expect(standIn.invokeRule).toEqual({ aclTag: 'CUSTOM', rule: plan.invokeRules });

    expect([...standIn.functions.keys()].sort()).toEqual(plan.functions.map((f) => f.name).sort());
    for (const f of plan.functions) {
      const online = standIn.functions.get(f.name)!;
      expect({ name: f.name, runtime: online.runtime, handler: online.handler, memory: online.memorySize, timeout: online.timeout, install: online.installDependency }).toEqual({
        name: f.name, runtime: f.runtime, handler: 'index.main', memory: f.memory, timeout: f.timeout, install: 'TRUE',
      });
      // Values travel only in the request to CloudBase, resolved from the deployer's environment.
      // Only identity gets the AppSecret (人脸核身 needs the access token); everyone gets the shared three.
      expect({ fn: f.name, env: online.environment }).toEqual({
        fn: f.name,
        env: {
          PII_KEY, ADMIN_OPENIDS: 'o-admin-planted', NOTIFY_CONFIG: '{"delivery":{"miniprogramState":"formal"}}',
          ...(f.name === 'identity' ? { WX_APPID: 'wx-planted-appid', WX_APPSECRET } : {}),
        },
      });
      // The code package is the built folder: bundle, package.json, and config.json where there is one.
      const zip = online.zipFile.toString('latin1');
      expect(zip.startsWith('PK')).toBe(true);
      for (const file of ['index.js', 'package.json', ...(f.openapi.length > 0 ? ['config.json'] : [])]) expect({ fn: f.name, file, inZip: zip.includes(file) }).toEqual({ fn: f.name, file, inZip: true });
      expect(online.triggers.map((t) => [t.name, t.type, t.cron])).toEqual(f.triggers.map((t) => [t.name, t.type, t.config]));
    }
    expect(standIn.functions.get('scheduler')!.triggers).toEqual([{ name: 'every-5-minutes', type: 'timer', cron: '0 */5 * * * * *' }]);
  });

  it('is idempotent: a second deploy updates the code and touches no index or trigger that is already right', async () => {
    expect((await deploy(standIn, plan)).failed).toBeUndefined();
    const before = standIn.calls.length;
    const report = await deploy(standIn, plan);
    expect(report.failed).toBeUndefined();
    const again = standIn.calls.slice(before).map((c) => c.action);
    expect(again).not.toContain('CreateTable');
    expect(again).not.toContain('UpdateTable');
    expect(again).not.toContain('BatchCreateTrigger');
    expect(again).not.toContain('DeleteTrigger');
    expect(again.filter((a) => a === 'UpdateFunctionCode')).toHaveLength(plan.functions.length);
    expect([...standIn.functions.values()].every((f) => f.codeUpdates === 1)).toBe(true);
  });

  it('replaces an index whose keys changed and a trigger whose schedule changed', async () => {
    expect((await deploy(standIn, plan)).failed).toBeUndefined();
    const inbox = standIn.collections.get('notification_inbox')!;
    inbox.indexes = inbox.indexes.map((i) => (i.IndexName === 'unread' ? { ...i, MgoKeySchema: { ...i.MgoKeySchema, MgoIndexKeys: [{ Name: 'read', Direction: '1' }] } } : i));
    standIn.functions.get('scheduler')!.triggers = [{ name: 'every-5-minutes', type: 'timer', cron: '0 0 * * * * *' }, { name: 'old', type: 'timer', cron: '0 0 1 * * * *' }];
    expect((await deploy(standIn, plan)).failed).toBeUndefined();
    expect(inbox.indexes.find((i) => i.IndexName === 'unread')!.MgoKeySchema.MgoIndexKeys).toEqual([{ Name: 'recipientOpenid', Direction: '1' }, { Name: 'read', Direction: '1' }]);
    expect(standIn.functions.get('scheduler')!.triggers).toEqual([{ name: 'every-5-minutes', type: 'timer', cron: '0 */5 * * * * *' }]);
  });

  it('stops at a failed step and names what was and was not applied', async () => {
    standIn.failNext((c) => c.action === 'UpdateTable' && c.params.TableName === 'institutions', { Code: 'LimitExceeded.IndexNum', Message: 'too many indexes' });
    const report = await deploy(standIn, plan);
    expect(report.failed).toEqual({ step: 'indexes of institutions', message: expect.stringContaining('too many indexes') as string });
    expect(report.failed!.message).toContain('LimitExceeded.IndexNum');
    expect(report.applied).toEqual(expect.arrayContaining(['collection filings', 'security rule of filings', 'indexes of filings']));
    expect(report.notApplied).toEqual(expect.arrayContaining(['indexes of notification_inbox', 'storage rule', 'function invoke rules', 'function filing', 'timer trigger of scheduler']));
    expect(standIn.functions.size).toBe(0);
    const text = formatReport(report);
    expect(text).toMatch(/^Deploy STOPPED at "indexes of institutions": \[UpdateTable\] too many indexes \[LimitExceeded.IndexNum\] \(request stand-in-\w+\)/);
    expect(text).toMatch(/Applied \(\d+\): collection /);
    expect(text).toMatch(/Not applied \(\d+\): indexes of institutions, /);
    // Run again once the cause is gone: it finishes what was left.
    expect((await deploy(standIn, plan)).failed).toBeUndefined();
    expect(standIn.functions.size).toBe(plan.functions.length);
  });

  it('as the command: applies, prints the report, and never prints a secret, even when a step fails', async () => {
    const out: string[] = [];
    (console.log as jest.Mock).mockImplementation((...a: unknown[]) => out.push(a.join(' ')));
    (console.error as jest.Mock).mockImplementation((...a: unknown[]) => out.push(a.join(' ')));
    const env = deployEnv(standIn);
    expect(await fastClock(main([], env, { build: async () => undefined }))).toBe(0);
    expect(out.join('\n')).toContain('Deploy finished');

    // A failure whose message echoes a value must still not show it.
    standIn.failNext((c) => c.action === 'UpdateFunctionConfiguration', { Code: 'InvalidParameterValue', Message: `bad variable value ${PII_KEY}` });
    out.length = 0;
    expect(await fastClock(main(['--json'], env, { build: async () => undefined }))).toBe(1);
    const text = out.join('\n');
    expect(text).toMatch(/Deploy STOPPED at "function filing": \[UpdateFunctionConfiguration\] bad variable value \*\*\* \[InvalidParameterValue\]/);
    for (const secret of [PII_KEY, SECRET_KEY, WX_APPSECRET, 'o-admin-planted']) expect(text).not.toContain(secret);
  });

  it('refuses to start without credentials or with a referenced variable unset, before any request', async () => {
    const errors: string[] = [];
    (console.error as jest.Mock).mockImplementation((...a: unknown[]) => errors.push(a.join(' ')));
    const env = deployEnv(standIn);
    expect(await main([], { ...env, TENCENTCLOUD_SECRETKEY: '' }, { build: async () => undefined })).toBe(2);
    expect(errors.join('\n')).toContain('TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY');
    expect(await main([], { ...env, NOTIFY_CONFIG: '' }, { build: async () => undefined })).toBe(2);
    expect(errors.join('\n')).toContain('not set: NOTIFY_CONFIG. Nothing was applied.');
    expect(await main([], { ...env, WX_APPSECRET: undefined }, { build: async () => undefined })).toBe(2);
    expect(errors.join('\n')).toContain('not set: WX_APPSECRET. Nothing was applied.');
    expect(standIn.calls).toEqual([]);
  });
});
