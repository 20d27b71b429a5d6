import path from 'node:path';
import type { Logger } from '../kernel/logger';
import { createLogger } from '../kernel/logger';
import type { Clock } from '../kernel/clock';
import { systemClock } from '../kernel/clock';
import type { RegionDirectory } from '../regions/region-directory';
import { createChinaDivisionDirectory } from '../regions/china-division-directory';

/**
 * Everything an application service needs from the outside world, chosen once per process:
 * the embedded default (SQLite under DATA_DIR) or CloudBase in production.
 */
export interface Runtime {
  kind: 'local' | 'cloudbase';
  log: Logger;
  clock: Clock;
  regions: RegionDirectory;
  dataDir: string;
}

export interface RuntimeOptions {
  dataDir?: string;
  clock?: Clock;
  log?: Logger;
}

let regionDirectory: RegionDirectory | undefined;

/** The division table is immutable and costs ~20 ms to load and index (on first use): share it across runtimes. */
export function sharedRegionDirectory(): RegionDirectory {
  regionDirectory ??= createChinaDivisionDirectory();
  return regionDirectory;
}

export function createLocalRuntime(options: RuntimeOptions = {}): Runtime {
  return {
    kind: 'local',
    log: options.log ?? createLogger(),
    clock: options.clock ?? systemClock,
    regions: sharedRegionDirectory(),
    dataDir: options.dataDir ?? path.resolve(process.env.DATA_DIR ?? '.data'),
  };
}

let current: Runtime | undefined;

export function getInstalledRuntime(): Runtime | undefined {
  return current;
}

/** The local cloud and tests install the runtime they built; production builds it from env. */
export function setRuntime(runtime: Runtime | undefined): void {
  current = runtime;
}
