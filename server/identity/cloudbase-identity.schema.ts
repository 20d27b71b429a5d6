import { IdentityCollections } from './identity-records';

type IndexSpec = { name: string; keys: Readonly<Record<string, 1 | -1>>; unique?: boolean };

/**
 * The identity collections in CloudBase, declared as code like FILING_INDEXES. Every read is a
 * `doc(id).get()` (openid, person hash, verify_id), so only the audit trail has an index, for
 * reading one account's history. The local verifier's collection is never created in production.
 */
export const IDENTITY_INDEXES: Readonly<Record<string, readonly IndexSpec[]>> = {
  [IdentityCollections.accounts]: [],
  [IdentityCollections.persons]: [],
  [IdentityCollections.sessions]: [],
  [IdentityCollections.audit]: [{ name: 'openid', keys: { openid: 1, _id: 1 } }],
};
