import type { Agency } from '../../core/institution/agency';
import type { Capability, Institution, InstitutionKind, InstitutionLevel } from '../../core/institution/institution';
import type { Keyword } from '../../core/institution/keyword';

export type DirectorySort = 'relevance' | 'distance' | 'level';

/** The sort key of the last row a page showed; the next page starts strictly after it. */
export type SortKey = ReadonlyArray<number | string>;

export interface DirectoryQuery {
  /** A province, city or district code; rows whose district lies within it match. */
  region?: string;
  kind?: InstitutionKind;
  level?: InstitutionLevel;
  /** All of them must be open (an empty list filters nothing). */
  capabilities: readonly Capability[];
  keyword?: Keyword;
  origin?: { latitude: number; longitude: number };
  /** Needs `origin`. */
  radiusKm?: number;
  /** `distance` needs `origin`; `relevance` without a keyword is the same as `level`. */
  sort: DirectorySort;
  limit: number;
  after?: SortKey;
}

export interface DirectoryHit {
  institution: Institution;
  distanceKm?: number;
  /** This row's sort key, for the cursor. */
  key: SortKey;
}

export interface DirectoryPage {
  hits: DirectoryHit[];
  total: number;
}

/** An institution as stored, with the pinyin the importer computed on the server. */
export interface DirectoryRecord extends Institution {
  /** Lower-case pinyin syllables of the name, e.g. ['bei','jing','xie','he','yi','yuan']. */
  syllables: string[];
}

/** One import run. SQLite holds one transaction from start to finish. */
export interface DirectoryImport {
  add(records: readonly DirectoryRecord[]): Promise<void>;
  /** Commits. With `retireOthers`, every networked institution this run did not carry leaves the list. */
  finish(options: { retireOthers: boolean }): Promise<{ retired: number }>;
  abort(): Promise<void>;
}

/**
 * Port: the national directory of networked institutions and the agencies. Only networked
 * institutions are searched; `get` still finds one that left the list.
 * Relevance: name starts with the keyword (pinyin: initials or full pinyin start with it) = 0,
 * name contains it = 1, only the address does = 2; then level (三级甲等 first), then code.
 */
export interface InstitutionRepository {
  search(query: DirectoryQuery): Promise<DirectoryPage>;
  get(code: string): Promise<Institution | undefined>;
  /** Starts an import: rows are upserted by code and stamped with `batch`. */
  startImport(batch: string): DirectoryImport;
  count(): Promise<number>;
  /** Agencies located in `region` (prefix), plus those of its city and province. */
  agencies(region: string): Promise<Agency[]>;
  putAgencies(agencies: readonly Agency[]): Promise<void>;
}
