import { Collections } from '../filing/filing-records';
import { FILING_INDEXES } from '../filing/cloudbase-filing-repository';
import { NOTIFICATION_INDEXES } from '../notification/cloudbase-notification-store';
import { POLICY_INDEXES } from '../policy/cloudbase-policy-store';
import { IDENTITY_INDEXES } from '../identity/cloudbase-identity.schema';
import { IdentityCollections } from '../identity/identity-records';
import {
  AGENCIES_COLLECTION,
  AGENCY_INDEXES,
  INSTITUTION_INDEXES,
  INSTITUTIONS_COLLECTION,
  type IndexSpec,
} from '../institution/cloudbase-directory.schema';

/**
 * Every collection the CloudBase adapters use, with the indexes their queries need. Nothing is
 * restated here: each context declares its indexes beside its adapter (FILING_INDEXES,
 * NOTIFICATION_INDEXES, POLICY_INDEXES, IDENTITY_INDEXES, cloudbase-directory.schema.ts) and this
 * list only gathers them, for the deployment (`npm run deploy`) and for the proof that every query
 * has its index.
 */
export interface CollectionPlan {
  name: string;
  indexes: IndexSpec[];
}

/** Collections only the local cloud uses (the local face verifier's sessions): never created on CloudBase. */
export const LOCAL_ONLY_COLLECTIONS: ReadonlySet<string> = new Set([IdentityCollections.localFace]);

type KeyedIndex = { name: string; keys: Readonly<Record<string, 1 | -1>>; unique?: boolean };

function fromKeyed(index: KeyedIndex): IndexSpec {
  const spec: IndexSpec = { name: index.name, keys: Object.entries(index.keys) };
  if (index.unique) spec.unique = true;
  return spec;
}

export function cloudbaseCollections(): CollectionPlan[] {
  const byName = new Map<string, IndexSpec[]>();
  const add = (collection: string, indexes: readonly IndexSpec[]) => byName.set(collection, [...(byName.get(collection) ?? []), ...indexes]);
  for (const name of Object.values(Collections)) if (!LOCAL_ONLY_COLLECTIONS.has(name)) add(name, []);
  for (const declared of [FILING_INDEXES, NOTIFICATION_INDEXES, POLICY_INDEXES, IDENTITY_INDEXES]) {
    for (const [collection, indexes] of Object.entries(declared)) add(collection, indexes.map(fromKeyed));
  }
  add(INSTITUTIONS_COLLECTION, INSTITUTION_INDEXES);
  add(AGENCIES_COLLECTION, AGENCY_INDEXES);
  return [...byName.entries()].map(([name, indexes]) => ({ name, indexes })).sort((a, b) => a.name.localeCompare(b.name));
}
