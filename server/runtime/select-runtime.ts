import { createLocalRuntime, getInstalledRuntime, setRuntime, type Runtime } from './runtime';
import { createCloudbaseRuntime } from './cloudbase-runtime';

/** Inside CloudBase (SCF sets these) the product runs on CloudBase; anywhere else, embedded. */
function insideCloudbase(): boolean {
  return Boolean(process.env.TCB_ENV || process.env.SCF_NAMESPACE);
}

/** The runtime of this process: the one installed (local cloud, tests) or made from the environment. */
export function currentRuntime(): Runtime {
  let runtime = getInstalledRuntime();
  if (!runtime) {
    runtime = insideCloudbase() ? createCloudbaseRuntime() : createLocalRuntime();
    setRuntime(runtime);
  }
  return runtime;
}
