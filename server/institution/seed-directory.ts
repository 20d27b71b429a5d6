import type { Institution } from '../../core/institution/institution';
import type { Runtime } from '../runtime/runtime';
import { AGENCY_SEED } from './agency-seed';
import { generateDirectory } from './directory-generator';
import { FAMOUS_INSTITUTIONS } from './famous-institutions';
import { cityEssentials } from './city-essentials';
import type { DirectoryRecord, InstitutionRepository } from './institution-repository.port';
import { institutionRepository } from './institution-store';
import { syllablesOf } from './pinyin';

export function toRecord(institution: Institution): DirectoryRecord {
  return { ...institution, syllables: syllablesOf(institution.name) };
}

/** Famous hospitals first, then `count` generated ones; one import, retiring nothing. */
export async function importGenerated(
  repository: InstitutionRepository,
  runtime: Pick<Runtime, 'regions'>,
  options: { count: number; seed?: number; batch?: string; onProgress?: (done: number) => void },
): Promise<number> {
  const run = repository.startImport(options.batch ?? `generated-${options.seed ?? 'default'}-${options.count}`);
  try {
    await run.add(FAMOUS_INSTITUTIONS.map(toRecord));
    let done = 0;
    for (const chunk of generateDirectory(runtime.regions, { count: options.count, seed: options.seed })) {
      await run.add(chunk.map(toRecord));
      done += chunk.length;
      options.onProgress?.(done);
    }
    await run.finish({ retireOthers: false });
    return FAMOUS_INSTITUTIONS.length + done;
  } catch (error) {
    await run.abort();
    throw error;
  }
}

/**
 * Every prefecture city's 人民医院, 中医院, 妇幼保健院, community health centres and pharmacies
 * (city-essentials.ts), added once: also to a directory seeded before they existed.
 */
export async function seedCityEssentialsIfMissing(repository: InstitutionRepository, runtime: Pick<Runtime, 'regions'>): Promise<number> {
  const essentials = cityEssentials(runtime.regions);
  const first = essentials[0];
  if (!first || (await repository.get(first.code))) return 0;
  const run = repository.startImport('city-essentials');
  try {
    await run.add(essentials.map(toRecord));
    await run.finish({ retireOthers: false });
    return essentials.length;
  } catch (error) {
    await run.abort();
    throw error;
  }
}

/**
 * First start of the local cloud: a small directory (3,000 generated + the famous hospitals +
 * what every city's residents look for) so that start stays quick, and the agency counters.
 * Adds nothing to a directory that has rows, except the city essentials if they are missing.
 */
export async function seedDirectoryIfEmpty(runtime: Runtime, count = 3000): Promise<{ seeded: number }> {
  const repository = institutionRepository(runtime);
  await repository.putAgencies(AGENCY_SEED);
  const generated = (await repository.count()) > 0 ? 0 : await importGenerated(repository, runtime, { count, batch: 'seed' });
  const seeded = generated + (await seedCityEssentialsIfMissing(repository, runtime));
  if (seeded > 0) runtime.log.info('directory.seeded', { institutions: seeded, agencies: AGENCY_SEED.length });
  return { seeded };
}
