import { randomBytes } from 'node:crypto';
import { fail, ok, type Result } from '../../core/errors/result';
import type { Clock } from '../kernel/clock';
import type { DocumentStore } from '../store/document-store';
import { certHash } from './cert-hash';
import type { FaceSession, FaceSessionRequest, FaceVerdict, FaceVerifier } from './face-verifier.port';
import { IdentityCollections, type LocalFaceRecord } from './identity-records';

/** WeChat's default: a verify_id must be used within an hour. */
const SESSION_SECONDS = 3600;

export interface LocalFaceVerifier extends FaceVerifier {
  /** The phone's part, simulated: the preview's 模拟刷脸 dialog and `POST /dev/face` end here. */
  simulate(verifyId: string, outcome: 'pass' | 'fail'): Promise<Result<{ verifyId: string; outcome: 'pass' | 'fail' }>>;
}

/**
 * The local verifier (local cloud, tests, preview): keeps what WeChat keeps on its side — the
 * session's openid, out_seq_no and cert_hash — in the store, and answers `verdict` the way
 * queryVerifyInfo does, so the identity service runs the same code path as in production.
 */
export function localFaceVerifier(store: DocumentStore, clock: Clock): LocalFaceVerifier {
  return {
    kind: 'local',
    async start(request: FaceSessionRequest): Promise<FaceSession> {
      const verifyId = `local-face-${randomBytes(16).toString('hex')}`;
      const record: LocalFaceRecord = {
        id: verifyId,
        version: 1,
        openid: request.openid,
        outSeqNo: request.outSeqNo,
        certHash: certHash(request.name, request.idNumber),
        expiresAt: new Date(clock.now().getTime() + SESSION_SECONDS * 1000).toISOString(),
        outcome: 'pending',
      };
      await store.commit([{ kind: 'create', collection: IdentityCollections.localFace, doc: record }]);
      return { verifyId, expiresInSeconds: SESSION_SECONDS };
    },

    async verdict(verifyId: string, request: FaceSessionRequest): Promise<FaceVerdict> {
      const record = await store.get<LocalFaceRecord>(IdentityCollections.localFace, verifyId);
      const sameSession = record !== undefined && record.openid === request.openid && record.outSeqNo === request.outSeqNo
        && record.certHash === certHash(request.name, request.idNumber);
      if (!sameSession) return { passed: false, refusal: 'mismatch' };
      if (record.outcome === 'pending') return { passed: false, refusal: 'not_done' };
      return record.outcome === 'pass' ? { passed: true } : { passed: false, refusal: 'not_matched', verifyRet: 10004 };
    },

    async simulate(verifyId, outcome) {
      const record = await store.get<LocalFaceRecord>(IdentityCollections.localFace, verifyId);
      if (!record) return fail('IDENTITY.SESSION_NOT_FOUND', { verifyId: '没有这次刷脸认证' });
      if (clock.now().toISOString() > record.expiresAt) return fail('IDENTITY.SESSION_EXPIRED');
      if (record.outcome !== 'pending') return ok({ verifyId, outcome: record.outcome });
      const done: LocalFaceRecord = { ...record, outcome, version: record.version + 1 };
      await store.commit([{ kind: 'update', collection: IdentityCollections.localFace, doc: done, expectedVersion: record.version }]);
      return ok({ verifyId, outcome });
    },
  };
}
