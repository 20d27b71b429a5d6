import type * as z from 'zod/mini';
import type { InstitutionActions } from '../institution/institution-actions.schema';
import type { Institution } from '../institution/institution';
import type { Hotline } from '../institution/agency';

/** An institution as the resident sees it: the directory record, its region's name, the distance. */
export interface InstitutionView extends Institution {
  /** 吉林省长春市南关区 */
  regionName: string;
  /** Present when the caller gave a position; kilometres, 2 decimals. */
  distanceKm?: number;
}

export interface InstitutionPage {
  items: InstitutionView[];
  /** How many institutions match in all (not just this page). */
  total: number;
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface InstitutionDetail {
  institution: InstitutionView;
  /** Plain Chinese lines: what the resident can settle directly there. */
  canDo: string[];
}

export interface AgencyView {
  id: string;
  region: string;
  regionName: string;
  name: string;
  address: string;
  phone: string;
  hours: string;
}

export interface AgenciesView {
  region: string;
  regionName: string;
  agencies: AgencyView[];
  hotline: Hotline;
}

export interface InstitutionApi {
  search: { input: z.input<typeof InstitutionActions.search>; output: InstitutionPage };
  nearby: { input: z.input<typeof InstitutionActions.nearby>; output: InstitutionPage };
  get: { input: z.input<typeof InstitutionActions.get>; output: InstitutionDetail };
  agencies: { input: z.input<typeof InstitutionActions.agencies>; output: AgenciesView };
}
