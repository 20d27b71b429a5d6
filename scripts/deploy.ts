import CloudBase from '@cloudbase/manager-node';
import { buildAll } from './build';
import { DeployConfigError, loadDeployFiles, ROOT } from './deploy/deploy-config';
import { buildPlan, formatPlan } from './deploy/deploy-plan';
import { deploySteps, formatReport, MissingVariables, redact, resolveReferences, runSteps } from './deploy/deploy-apply';
import { checkNotifyConfig } from './deploy/notify-config-check';

/**
 * `npm run deploy`: builds and bundles, then applies the plan to CloudBase with its management
 * SDK, using TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY (and TENCENTCLOUD_SESSIONTOKEN for
 * temporary keys) from the environment. `--dry-run` stops short of the network and needs no
 * credentials; `--json` prints the plan as one JSON object. Exit codes: 0 done, 1 a step failed,
 * 2 the configuration or the environment is not ready.
 */
export interface DeployOptions {
  /** Builds dist/ (tests that share one build pass a no-op). */
  build?: () => Promise<void>;
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, options: DeployOptions = {}): Promise<number> {
  const dryRun = argv.includes('--dry-run');
  const json = argv.includes('--json');
  const unknown = argv.filter((a) => !['--dry-run', '--json'].includes(a));
  if (unknown.length > 0) {
    console.error(`npm run deploy: unknown option ${unknown.join(' ')} (use --dry-run, --json)`);
    return 2;
  }
  let plan;
  try {
    const files = loadDeployFiles(ROOT);
    // The build logs to stdout; a JSON plan must be the only thing there.
    const log = console.log;
    if (json) console.log = (...args: unknown[]) => console.error(...args);
    try {
      await (options.build ?? buildAll)();
    } finally {
      console.log = log;
    }
    plan = buildPlan(files, env);
    for (const warning of checkNotifyConfig(env).warnings) console.error(`npm run deploy: ${warning}`);
  } catch (error) {
    if (!(error instanceof DeployConfigError)) throw error;
    console.error(`npm run deploy: ${error.message}`);
    return 2;
  }
  if (dryRun) {
    console.log(json ? JSON.stringify(plan, null, 2) : `Dry run: nothing was sent.\n\n${formatPlan(plan)}`);
    return 0;
  }
  if (json) console.log(JSON.stringify(plan, null, 2));
  else console.log(formatPlan(plan));
  const secretId = env.TENCENTCLOUD_SECRETID;
  const secretKey = env.TENCENTCLOUD_SECRETKEY;
  if (!secretId || !secretKey) {
    console.error('npm run deploy: set TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY (a CAM key of the account), or use --dry-run');
    return 2;
  }
  let resolved;
  try {
    resolved = resolveReferences(plan, env);
  } catch (error) {
    if (!(error instanceof MissingVariables)) throw error;
    console.error(`npm run deploy: ${error.message}. Nothing was applied.`);
    return 2;
  }
  const manager = new CloudBase({ secretId, secretKey, token: env.TENCENTCLOUD_SESSIONTOKEN, envId: resolved.envId });
  const secrets = [secretKey, ...Object.values(resolved.environment).flatMap((vars) => Object.values(vars))];
  const report = await runSteps(deploySteps(manager, plan, resolved, ROOT), (step) => console.error(`→ ${step}`));
  const text = redact(formatReport(report), secrets);
  if (report.failed) console.error(text);
  else console.log(text);
  return report.failed ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
