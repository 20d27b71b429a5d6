import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DeployPlan } from '../../scripts/deploy/deploy-plan';

/**
 * `npm run deploy -- --dry-run` in a clean copy of the repository (what CI's clone holds), with
 * no credentials, no way to reach the network (any connection or DNS lookup throws), and secrets
 * planted in the environment: it builds, prints the whole plan, and no secret appears anywhere.
 */
const ROOT = path.resolve(__dirname, '../..');
const PLANTED = {
  PII_KEY: 'cGxhbnRlZC1zZWNyZXQtcGlpLWtleS0zMi1ieXRlcyE=',
  NOTIFY_CONFIG: '{"templates":{"planted":{"templateId":"planted-template-77","title":"t","fields":{}}},"routes":{"approve":"planted"},"delivery":{"miniprogramState":"formal"}}',
  ADMIN_OPENIDS: 'o-planted-admin-openid',
  WX_APPSECRET: 'planted-wx-app-secret-91',
};

let clone: string;

beforeAll(() => {
  clone = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-dry-run-'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const rel of files) {
    const from = path.join(ROOT, rel);
    if (!fs.existsSync(from) || !fs.statSync(from).isFile()) continue;
    fs.mkdirSync(path.dirname(path.join(clone, rel)), { recursive: true });
    fs.copyFileSync(from, path.join(clone, rel));
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
});

afterAll(() => fs.rmSync(clone, { recursive: true, force: true }));

function dryRun(...args: string[]) {
  const result = spawnSync(path.join(clone, 'node_modules/.bin/tsx'), ['scripts/deploy.ts', '--dry-run', ...args], {
    cwd: clone,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      PATH: process.env.PATH,
      HOME: clone,
      NODE_OPTIONS: `--require ${path.join(ROOT, 'test/support/no-network.cjs')}`,
      ...PLANTED,
    },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectNoSecret(text: string): void {
  for (const [name, value] of Object.entries(PLANTED)) expect({ name, leaked: text.includes(value) }).toEqual({ name, leaked: false });
  expect(text).not.toContain('planted-template-77');
}

describe('npm run deploy -- --dry-run in a clean copy, offline, without credentials', () => {
  it('--json prints the whole plan as one JSON object and nothing else', () => {
    const run = dryRun('--json');
    expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr }).toEqual({ status: 0, stderr: '' });
    const plan = JSON.parse(run.stdout) as DeployPlan;
    expect(Object.keys(plan)).toEqual(expect.arrayContaining(['functions', 'collections', 'storageRules', 'invokeRules']));
    const folders = fs.readdirSync(path.join(clone, 'cloudfunctions')).filter((n) => fs.existsSync(path.join(clone, 'cloudfunctions', n, 'index.ts'))).sort();
    expect(plan.functions.map((f) => f.name)).toEqual(folders);
    for (const f of plan.functions) {
      expect(Object.keys(f)).toEqual(expect.arrayContaining(['name', 'runtime', 'memory', 'timeout', 'bytes', 'triggers']));
      expect(f.bytes).toBeGreaterThan(10_000);
    }
    expect(plan.collections.length).toBeGreaterThanOrEqual(13);
    for (const c of plan.collections) expect(c.rules).toEqual({ read: false, write: false });
    expect(plan.variables.find((v) => v.name === 'PII_KEY')).toMatchObject({ set: true });
    expect(plan.variables.find((v) => v.name === 'WX_APPSECRET')).toMatchObject({ usedBy: ['identity'], set: true });
    expect(plan.variables.find((v) => v.name === 'CLOUDBASE_ENV_ID')).toMatchObject({ set: false });
    expectNoSecret(run.stdout + run.stderr);
  });

  it('prints the plan for a reader, says nothing was sent, and the build it made is there', () => {
    const run = dryRun();
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Dry run: nothing was sent.');
    for (const part of ['Functions (', 'scheduler', '0 */5 * * * * *', 'Collections (', 'Storage rule:', 'Function invoke rules:', 'PII_KEY']) expect(run.stdout).toContain(part);
    expect(fs.existsSync(path.join(clone, 'dist/cloudfunctions/filing/index.js'))).toBe(true);
    expectNoSecret(run.stdout + run.stderr);
  });

  it('really has no network: the guard stops a connection', () => {
    const probe = spawnSync(process.execPath, ['-e', 'require("node:https").get("https://tcb.tencentcloudapi.com").on("error", (e) => { console.error(e.message); process.exit(3); })'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, NODE_OPTIONS: `--require ${path.join(ROOT, 'test/support/no-network.cjs')}` },
    });
    expect(probe.status).not.toBe(0);
    expect(probe.stderr).toContain('no-network');
  });
});
