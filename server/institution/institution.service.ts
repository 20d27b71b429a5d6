import type { AgenciesView, InstitutionDetail, InstitutionPage, InstitutionView } from '../../core/api/institution-api';
import { fail, ok, type Result } from '../../core/errors/result';
import { hotlineFor } from '../../core/institution/agency';
import type { Institution } from '../../core/institution/institution';
import { DEFAULT_PAGE_SIZE, type NearbyInput, type SearchInput } from '../../core/institution/institution-actions.schema';
import { parseKeyword } from '../../core/institution/keyword';
import { whatYouCanDo } from '../../core/institution/what-you-can-do';
import type { Runtime } from '../runtime/runtime';
import { decodeCursor, encodeCursor, type CursorSort } from './directory-cursor';
import type { DirectoryQuery, DirectorySort } from './institution-repository.port';
import { institutionRepository } from './institution-store';

/** The public directory: search, nearby, one institution, the agencies. No identity needed. */
export function institutionService(runtime: Runtime) {
  const repository = institutionRepository(runtime);
  const { regions } = runtime;

  function view(institution: Institution, distanceKm?: number): InstitutionView {
    const v: InstitutionView = {
      ...institution,
      capabilities: [...institution.capabilities],
      regionName: regions.get(institution.region)?.fullName ?? '',
    };
    if (distanceKm !== undefined) v.distanceKm = Math.round(distanceKm * 100) / 100;
    return v;
  }

  async function run(input: SearchInput): Promise<Result<InstitutionPage>> {
    if (input.region !== undefined && !regions.exists(input.region)) {
      return fail('REGION.UNKNOWN', { region: '没有这个地区，请重新选择' });
    }
    const keyword = parseKeyword(input.keyword);
    const sort: DirectorySort = input.sort ?? (keyword ? 'relevance' : input.position ? 'distance' : 'level');
    const cursorSort: CursorSort = sort === 'relevance' && keyword ? 'relevance-keyword' : sort;
    const limit = input.pageSize ?? DEFAULT_PAGE_SIZE;
    const query: DirectoryQuery = { sort, capabilities: input.capabilities ?? [], limit: limit + 1 };
    if (input.region !== undefined) query.region = input.region;
    if (input.kind) query.kind = input.kind;
    if (input.level) query.level = input.level;
    if (keyword) query.keyword = keyword;
    if (input.position) query.origin = input.position;
    if (input.radiusKm !== undefined) query.radiusKm = input.radiusKm;
    // A cursor this search did not issue throws BadCursor, refused like every list's (kernel).
    if (input.cursor !== undefined) query.after = decodeCursor(input.cursor, cursorSort);
    const page = await repository.search(query);
    const hits = page.hits.slice(0, limit);
    const last = hits[hits.length - 1];
    return ok({
      items: hits.map((hit) => view(hit.institution, hit.distanceKm)),
      total: page.total,
      nextCursor: page.hits.length > limit && last ? encodeCursor(cursorSort, last.key) : null,
    });
  }

  return {
    search: run,

    nearby(input: NearbyInput): Promise<Result<InstitutionPage>> {
      const { latitude, longitude, ...rest } = input;
      return run({ ...rest, position: { latitude, longitude }, sort: 'distance' });
    },

    async get(code: string): Promise<Result<InstitutionDetail>> {
      const institution = await repository.get(code);
      if (!institution) return fail('INSTITUTION.NOT_FOUND');
      return ok({ institution: view(institution), canDo: whatYouCanDo(institution) });
    },

    async agencies(region: string): Promise<Result<AgenciesView>> {
      const info = regions.get(region);
      if (!info) return fail('REGION.UNKNOWN', { region: '没有这个地区，请重新选择' });
      const agencies = await repository.agencies(region);
      return ok({
        region,
        regionName: info.fullName,
        agencies: agencies.map((a) => ({ ...a, regionName: regions.get(a.region)?.fullName ?? '' })),
        hotline: hotlineFor(region),
      });
    },
  };
}
