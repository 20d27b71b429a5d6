import type { FamilyRelationship } from '../../core/identity/family-relationship';

/**
 * Collections of the identity context. They live in the filing store (same SQLite file, same
 * CloudBase database) so that a binding, its audit row and the inbox notice of a moved binding
 * commit in one batch, and `filing.submit` reads the caller's bindings with one `get`.
 */
export const IdentityCollections = {
  accounts: 'identity_accounts',
  persons: 'identity_persons',
  sessions: 'identity_sessions',
  audit: 'identity_audit',
  /** The local verifier's own sessions (local cloud, tests, preview); production asks WeChat. */
  localFace: 'identity_face_local',
} as const;

/** Name and number as verified, only ever stored sealed (PiiCipher). */
export interface VerifiedPerson {
  name: string;
  idNumber: string;
}

/** A verified person as bound to an account: lookup hash, masked copies for display, the sealed original. */
export interface PersonBinding {
  personHash: string;
  nameMasked: string;
  idNumberMasked: string;
  sealed: string;
  /** PiiCipher.personCheck of number and name: the filing form's applicant is checked without a decrypt. Bindings made before it lack it. */
  personCheck?: string;
  verifiedAt: string;
}

export interface FamilyBinding extends PersonBinding {
  memberId: string;
  relationship: FamilyRelationship;
}

/** One WeChat account (openid): its verified self, if any, and the relatives it verified. */
export interface AccountRecord {
  id: string;
  version: number;
  self?: PersonBinding;
  family: FamilyBinding[];
  updatedAt: string;
}

/** One person (by ID-number HMAC): which account is their verified self, one at a time. */
export interface PersonRecord {
  id: string;
  version: number;
  selfOpenid?: string;
  updatedAt: string;
}

export type SessionPurpose = 'self' | 'family';

/** One face check the server opened: what it was for, so `confirm` binds exactly that. */
export interface SessionRecord {
  id: string;
  version: number;
  openid: string;
  purpose: SessionPurpose;
  relationship?: FamilyRelationship;
  personHash: string;
  /** Sealed VerifiedPerson: needed again to ask WeChat for the outcome (cert_hash). */
  sealed: string;
  outSeqNo: string;
  /** UTC ISO instant after which the session cannot be confirmed. */
  expiresAt: string;
  state: 'open' | 'passed' | 'failed';
  createdAt: string;
  memberId?: string;
}

export type IdentityEvent =
  | 'self_bound'
  | 'self_reverified'
  | 'self_replaced'
  | 'self_moved_in'
  | 'self_moved_out'
  | 'family_added'
  | 'family_reverified'
  | 'family_removed'
  | 'face_not_passed';

/** Every bind, move, replacement and removal, and every failed face check: who, when, which person. */
export interface IdentityAuditRecord {
  id: string;
  openid: string;
  event: IdentityEvent;
  personHash: string;
  at: string;
  /** The other account of a move. */
  otherOpenid?: string;
  /** The self an account had before it verified as someone else. */
  previousPersonHash?: string;
  memberId?: string;
  verifyId?: string;
}

/** The local verifier's session: what WeChat keeps on its side in production. */
export interface LocalFaceRecord {
  id: string;
  version: number;
  openid: string;
  outSeqNo: string;
  certHash: string;
  expiresAt: string;
  outcome: 'pending' | 'pass' | 'fail';
}
