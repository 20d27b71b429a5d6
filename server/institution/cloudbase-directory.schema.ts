/**
 * The CloudBase collections of the directory, with their indexes as code. A deployment step
 * applies them with @cloudbase/manager-node (`database.updateCollection(name, { CreateIndexes })`,
 * see `createIndexesRequest`); the console shows the same keys.
 * Every query the adapter sends is served by one of these:
 * - region filters + level order: by_province / by_city / by_region;
 * - Chinese keywords: `grams` (multikey: the name's and address's characters and bigrams);
 * - pinyin keywords: `pinyinTerms` (multikey: suffixes of the initials and of the full pinyin
 *   from each syllable), queried with an anchored `db.RegExp('^…')`, which an index range serves;
 * - positions: `location` 2dsphere for `geoNear` and `geoWithin`.
 */
export const INSTITUTIONS_COLLECTION = 'institutions';
export const AGENCIES_COLLECTION = 'agencies';

export interface IndexSpec {
  name: string;
  keys: Array<[field: string, direction: 1 | -1 | '2dsphere']>;
  unique?: boolean;
}

export const INSTITUTION_INDEXES: readonly IndexSpec[] = [
  { name: 'by_code', keys: [['code', 1]], unique: true },
  { name: 'by_province', keys: [['province', 1], ['networked', 1], ['levelRank', 1], ['code', 1]] },
  { name: 'by_city', keys: [['city', 1], ['networked', 1], ['levelRank', 1], ['code', 1]] },
  { name: 'by_region', keys: [['region', 1], ['networked', 1], ['levelRank', 1], ['code', 1]] },
  { name: 'by_level', keys: [['networked', 1], ['levelRank', 1], ['code', 1]] },
  { name: 'by_capabilities', keys: [['capabilities', 1], ['networked', 1], ['levelRank', 1]] },
  { name: 'by_grams', keys: [['grams', 1]] },
  { name: 'by_pinyin_terms', keys: [['pinyinTerms', 1]] },
  { name: 'by_location', keys: [['location', '2dsphere']] },
  { name: 'by_batch', keys: [['batch', 1], ['networked', 1]] },
];

export const AGENCY_INDEXES: readonly IndexSpec[] = [{ name: 'by_region', keys: [['region', 1]] }];

/** The request body of manager-node's `updateCollection` that creates these indexes. */
export function createIndexesRequest(indexes: readonly IndexSpec[]) {
  return {
    CreateIndexes: indexes.map((index) => ({
      IndexName: index.name,
      MgoKeySchema: {
        MgoIsUnique: index.unique ?? false,
        MgoIndexKeys: index.keys.map(([Name, direction]) => ({ Name, Direction: String(direction) })),
      },
    })),
  };
}
