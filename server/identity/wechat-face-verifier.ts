import type { AccessTokenSource } from './access-token.port';
import { certHash } from './cert-hash';
import { verdictOf } from './face-verdict';
import { FaceVerifierUnavailable, type FaceSession, type FaceSessionRequest, type FaceVerdict, type FaceVerifier } from './face-verifier.port';
import { postJson, TOKEN_ERRORS, WECHAT_API_BASE, type HttpFetch } from './wechat-http';

export interface WechatFaceOptions {
  tokens: AccessTokenSource;
  fetch: HttpFetch;
  baseUrl?: string;
}

/**
 * Production verifier: 人脸核身 2.0's HTTPS APIs (not cloud calls), with the mini-program's access
 * token. getVerifyId opens the session for IDENTITY_CARD + name + number + openid;
 * queryVerifyInfo reads the outcome, which passes only when errcode is 0 and verify_ret 10000.
 */
export function wechatFaceVerifier(options: WechatFaceOptions): FaceVerifier {
  const base = options.baseUrl ?? WECHAT_API_BASE;

  async function call(path: string, body: unknown): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      const token = await options.tokens.token(attempt > 0);
      const answer = await postJson(options.fetch, `${base}${path}?access_token=${encodeURIComponent(token)}`, body);
      const errcode = Number(answer.errcode ?? 0);
      if (attempt === 0 && TOKEN_ERRORS.has(errcode)) continue;
      return answer;
    }
  }

  return {
    kind: 'wechat',
    async start(request: FaceSessionRequest): Promise<FaceSession> {
      const answer = await call('/cityservice/face/identify/getverifyid', {
        out_seq_no: request.outSeqNo,
        cert_info: { cert_type: 'IDENTITY_CARD', cert_name: request.name, cert_no: request.idNumber },
        openid: request.openid,
      });
      const errcode = Number(answer.errcode ?? 0);
      if (errcode !== 0 || typeof answer.verify_id !== 'string' || answer.verify_id.length === 0) {
        throw new FaceVerifierUnavailable(`getVerifyId refused: ${errcode} ${String(answer.errmsg ?? '')}`, errcode);
      }
      return { verifyId: answer.verify_id, expiresInSeconds: typeof answer.expires_in === 'number' ? answer.expires_in : 3600 };
    },

    async verdict(verifyId: string, request: FaceSessionRequest): Promise<FaceVerdict> {
      const answer = await call('/cityservice/face/identify/queryverifyinfo', {
        verify_id: verifyId,
        out_seq_no: request.outSeqNo,
        cert_hash: certHash(request.name, request.idNumber),
        openid: request.openid,
      });
      const errcode = Number(answer.errcode ?? 0);
      // WeChat answers an errcode instead of verify_ret when cert_info or openid differ from the
      // session's; the service only ever asks with the session's own, so any errcode is an outage.
      if (errcode !== 0) throw new FaceVerifierUnavailable(`queryVerifyInfo refused: ${errcode} ${String(answer.errmsg ?? '')}`, errcode);
      if (typeof answer.verify_ret !== 'number') return { passed: false, refusal: 'not_done' };
      return verdictOf(answer.verify_ret);
    },
  };
}
