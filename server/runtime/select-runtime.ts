import type * as CloudbaseRuntime from './cloudbase-runtime';
import { createLocalRuntime, getInstalledRuntime, setRuntime, type Runtime } from './runtime';

/** Inside CloudBase (SCF sets these) the product runs on CloudBase; anywhere else, embedded. */
function insideCloudbase(): boolean {
  return Boolean(process.env.TCB_ENV || process.env.SCF_NAMESPACE);
}

/**
 * Loaded only inside CloudBase: the CloudBase runtime brings @cloudbase/node-sdk and every
 * CloudBase adapter, a cold-start cost that the embedded runtime never needs (bench/cold-start).
 */
function cloudbaseRuntime(): Runtime {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./cloudbase-runtime') as typeof CloudbaseRuntime).createCloudbaseRuntime();
}

/** The runtime of this process: the one installed (local cloud, tests) or made from the environment. */
export function currentRuntime(): Runtime {
  let runtime = getInstalledRuntime();
  if (!runtime) {
    runtime = insideCloudbase() ? cloudbaseRuntime() : createLocalRuntime();
    setRuntime(runtime);
  }
  return runtime;
}
