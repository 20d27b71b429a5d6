import * as z from 'zod/mini';
import { identifier, residentIdNumber, text } from '../validation/fields';
import { FAMILY_RELATIONSHIPS, type FamilyRelationship } from '../identity/family-relationship';

/** WeChat's verify_id is an opaque string of up to 256 characters: printable ASCII, nothing more. */
const verifyId = z.string({ error: '缺少刷脸编号' }).check(z.regex(/^[\x21-\x7e]{1,256}$/, '刷脸编号不正确'));

export const IdentityActions = {
  status: z.object({}),
  /** Opens a face check for this name and number, bound to the caller's openid. */
  start: z.object({
    name: text('姓名', 30),
    idNumber: residentIdNumber,
    purpose: z.enum(['self', 'family'], '请选择为本人还是为家庭成员认证'),
    relationship: z.optional(z.enum(FAMILY_RELATIONSHIPS, '请选择家庭成员与您的关系')),
  }).check(
    z.superRefine((input: { purpose: string; relationship?: string }, ctx) => {
      if (input.purpose === 'family' && !input.relationship) {
        ctx.issues.push({ code: 'custom', message: '请选择家庭成员与您的关系', path: ['relationship'], input: input.relationship });
      }
    }),
  ),
  /** After `wx.requestFacialVerify`: the server asks WeChat for the outcome; the phone's word is never taken. */
  confirm: z.object({ verifyId }),
  familyRemove: z.object({ memberId: identifier('家庭成员编号', 64) }),
  /** The full name and number of the caller's own binding, to fill a filing form (never shown on a page). */
  applicant: z.object({ memberId: z.optional(identifier('家庭成员编号', 64)) }),
};

export interface VerifiedPersonView {
  nameMasked: string;
  idNumberMasked: string;
  verifiedAt: string;
}

export interface FamilyMemberView extends VerifiedPersonView {
  memberId: string;
  relationship: FamilyRelationship;
  relationshipLabel: string;
}

export interface IdentityStatus {
  verified: boolean;
  person?: VerifiedPersonView;
  family: FamilyMemberView[];
}

export interface FaceSessionView {
  verifyId: string;
  /** When the phone must have finished the face check (China time). */
  expiresAt: string;
}

export interface ConfirmedIdentity {
  purpose: 'self' | 'family';
  person: VerifiedPersonView;
  /** Present when a family member was added. */
  memberId?: string;
  status: IdentityStatus;
}

export interface IdentityApi {
  status: { input: z.input<typeof IdentityActions.status>; output: IdentityStatus };
  start: { input: z.input<typeof IdentityActions.start>; output: FaceSessionView };
  confirm: { input: z.input<typeof IdentityActions.confirm>; output: ConfirmedIdentity };
  familyRemove: { input: z.input<typeof IdentityActions.familyRemove>; output: IdentityStatus };
  applicant: { input: z.input<typeof IdentityActions.applicant>; output: { name: string; idNumber: string } };
}
