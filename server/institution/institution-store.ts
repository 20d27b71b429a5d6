import path from 'node:path';
import type * as CloudbaseSdk from '@cloudbase/node-sdk';
import type { Runtime } from '../runtime/runtime';
import type { InstitutionRepository } from './institution-repository.port';
import { SqliteInstitutionRepository } from './sqlite-institution-repository';
import { CloudbaseInstitutionRepository } from './cloudbase-institution-repository';

const repositories = new WeakMap<Runtime, InstitutionRepository>();

/** Loaded only for the CloudBase runtime: the SDK is a large part of a cold start (bench/cold-start). */
function cloudbaseDatabase() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { init, SYMBOL_CURRENT_ENV } = require('@cloudbase/node-sdk') as typeof CloudbaseSdk;
  return init({ env: SYMBOL_CURRENT_ENV }).database();
}

/** The directory of this runtime: `directory.sqlite` under DATA_DIR locally, CloudBase in production. */
export function institutionRepository(runtime: Runtime): InstitutionRepository {
  let repository = repositories.get(runtime);
  if (!repository) {
    repository =
      runtime.kind === 'local'
        ? SqliteInstitutionRepository.open(path.join(runtime.dataDir, 'directory.sqlite'))
        : new CloudbaseInstitutionRepository(cloudbaseDatabase());
    repositories.set(runtime, repository);
  }
  return repository;
}

/** A runtime whose directory is given rather than opened (the round-trip bench: CloudBase over the stand-in). */
export function installInstitutionRepository(runtime: Runtime, repository: InstitutionRepository): void {
  repositories.set(runtime, repository);
}

/** Tests and scripts that are done with a runtime close its SQLite file. */
export function closeInstitutionRepository(runtime: Runtime): void {
  const repository = repositories.get(runtime);
  if (repository instanceof SqliteInstitutionRepository) repository.db.close();
  repositories.delete(runtime);
}
