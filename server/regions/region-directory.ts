/** Port: the GB/T 2260 division table, which only the server holds. */
export interface RegionInfo {
  code: string;
  name: string;
  /** 江苏省苏州市 — the name with its parents, for messages and pages. */
  fullName: string;
  level: 'province' | 'city' | 'district';
  parent?: string;
}

export interface RegionDirectory {
  get(code: string): RegionInfo | undefined;
  exists(code: string): boolean;
  /** Districts (or, for cities without districts, the city itself) under a region. */
  districtsUnder(code: string): RegionInfo[];
  all(): RegionInfo[];
}

/** A region as staff and residents read it (江苏省苏州市); an unknown code shows as itself rather than as nothing. */
export function regionFullName(regions: RegionDirectory, code: string): string {
  return regions.get(code)?.fullName ?? code;
}
