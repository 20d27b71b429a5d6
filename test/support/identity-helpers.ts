import type { Runtime } from '../../server/runtime/runtime';
import { identityContextOf } from '../../server/identity/identity-context';
import { identityService } from '../../server/identity/identity.service';
import type { LocalFaceVerifier } from '../../server/identity/local-face-verifier';
import type { FamilyRelationship } from '../../core/identity/family-relationship';
import type { ConfirmedIdentity, FaceSessionView } from '../../core/api/identity-api';
import type { Result } from '../../core/errors/result';

type Call = <T = unknown>(fn: string, openid: string | undefined, data: unknown) => Promise<Result<T>>;

/** The phone's part of the face check, as the local verifier simulates it (what POST /dev/face does). */
export function simulateFace(runtime: Runtime, verifyId: string, outcome: 'pass' | 'fail') {
  return (identityContextOf(runtime).verifier as LocalFaceVerifier).simulate(verifyId, outcome);
}

/** The whole real flow: identity.start, the face (simulated), identity.confirm. */
export async function verifyByFace(
  call: Call,
  runtime: Runtime,
  openid: string,
  person: { name: string; idNumber: string },
  family?: FamilyRelationship,
): Promise<Result<ConfirmedIdentity>> {
  const started = await call<FaceSessionView>('identity', openid, {
    action: 'start', name: person.name, idNumber: person.idNumber, purpose: family ? 'family' : 'self', ...(family ? { relationship: family } : {}),
  });
  if (!started.ok) return started;
  await simulateFace(runtime, started.data.verifyId, 'pass');
  return call<ConfirmedIdentity>('identity', openid, { action: 'confirm', verifyId: started.data.verifyId });
}

/**
 * For tests about something else: makes `openid` the verified self of `person` (replacing any
 * earlier self, as a new verification would) with the records `confirm` writes.
 */
export function bindAs(runtime: Runtime, openid: string, person: { name: string; idNumber: string }): Promise<void> {
  return identityService(identityContextOf(runtime)).seedVerified(openid, person);
}
