import type { Runtime } from '../runtime/runtime';
import { parseDirectoryCsv, type RowProblem } from './directory-csv';
import type { InstitutionRepository } from './institution-repository.port';
import { toRecord } from './seed-directory';

export interface ImportReport {
  imported: number;
  problems: RowProblem[];
  /** Institutions that were networked before and are absent from this file. */
  retired: number;
  fatal?: string;
}

const CHUNK = 2000;

/**
 * Imports a whole national list: valid rows are upserted by code, bad rows reported, and
 * everything the list no longer carries is marked not networked. A file without one valid
 * row changes nothing (it would otherwise retire the whole directory).
 */
export async function importDirectoryCsv(
  repository: InstitutionRepository,
  runtime: Pick<Runtime, 'regions'>,
  text: string,
  options: { batch?: string; onStart?: (total: number) => void; onProgress?: (done: number) => void } = {},
): Promise<ImportReport> {
  const parsed = parseDirectoryCsv(text, runtime.regions);
  if (parsed.fatal) return { imported: 0, problems: parsed.problems, retired: 0, fatal: parsed.fatal };
  if (parsed.institutions.length === 0) {
    return { imported: 0, problems: parsed.problems, retired: 0, fatal: '没有一行有效数据，未做任何修改' };
  }
  options.onStart?.(parsed.institutions.length);
  const run = repository.startImport(options.batch ?? `file-${Date.now().toString(36)}`);
  try {
    for (let i = 0; i < parsed.institutions.length; i += CHUNK) {
      await run.add(parsed.institutions.slice(i, i + CHUNK).map(toRecord));
      options.onProgress?.(Math.min(i + CHUNK, parsed.institutions.length));
    }
    const { retired } = await run.finish({ retireOthers: true });
    return { imported: parsed.institutions.length, problems: parsed.problems, retired };
  } catch (error) {
    await run.abort();
    throw error;
  }
}
