import type { Runtime } from '../runtime/runtime';
import { createPiiCipher, localMasterKey, type PiiCipher } from '../security/pii-cipher';
import type { FilingRepository } from './filing-repository.port';
import { openSqliteFilingRepository } from './sqlite-filing-repository';

/** What the filing and review services work with, built once per runtime. */
export interface FilingContext {
  runtime: Runtime;
  repo: FilingRepository;
  cipher: PiiCipher;
}

const contexts = new WeakMap<Runtime, FilingContext>();

/** Production installs its CloudBase-backed context here; locally SQLite opens under DATA_DIR. */
export function installFilingContext(runtime: Runtime, repo: FilingRepository, cipher: PiiCipher): FilingContext {
  const context = { runtime, repo, cipher };
  contexts.set(runtime, context);
  return context;
}

export function filingContextOf(runtime: Runtime): FilingContext {
  let context = contexts.get(runtime);
  if (!context) {
    if (runtime.kind !== 'local') throw new Error('filing context must be installed for the cloudbase runtime');
    context = installFilingContext(runtime, openSqliteFilingRepository(runtime.dataDir), createPiiCipher(localMasterKey(runtime.dataDir)));
  }
  return context;
}
