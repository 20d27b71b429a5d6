import type { RegionDirectory } from '../regions/region-directory';
import { regionFullName } from '../regions/region-directory';
import type { FilingRepository } from './filing-repository.port';
import type { FilingRecord, StaffRecord } from './filing-records';

/**
 * How every staff view names people and places (issue 14): regions by name, colleagues by
 * display name, never a code or an openid. One home, so the queue, the detail, history and the
 * export can never name the same thing two ways.
 */

/** Both regions of a filing by name (江苏省苏州市). */
export function regionNamesOf(regions: RegionDirectory, f: Pick<FilingRecord, 'insuredRegion' | 'treatmentRegion'>): { insuredRegionName: string; treatmentRegionName: string } {
  return { insuredRegionName: regionFullName(regions, f.insuredRegion), treatmentRegionName: regionFullName(regions, f.treatmentRegion) };
}

/**
 * Staff names by openid: the caller's own name always, and the whole staff list read once only
 * when one of `openids` is someone else.
 */
export async function staffNamesFor(repo: FilingRepository, staff: StaffRecord, openids: Iterable<string | undefined>): Promise<Map<string, string>> {
  const names = new Map([[staff.id, staff.name]]);
  if ([...openids].some((who) => who !== undefined && !names.has(who))) {
    for (const s of await repo.listStaff()) names.set(s.id, s.name);
  }
  return names;
}

/** Who made a filing's decision: the system for a closed change request; a reviewer since removed is still a reviewer, never an openid. */
export function deciderNameOf(f: Pick<FilingRecord, 'decision' | 'decidedBy'>, names: ReadonlyMap<string, string>): string {
  if (f.decision === 'closed') return '系统';
  return (f.decidedBy && names.get(f.decidedBy)) || '已离任审核员';
}
