/**
 * 人脸核身 2.0 as the identity service sees it: open a session for a name and number bound to an
 * openid, then ask for the outcome. Production asks WeChat over HTTPS; locally the sessions live
 * in the store and the phone's part is simulated (`POST /dev/face`).
 */
export interface FaceSessionRequest {
  openid: string;
  /** Our serial for the session (5–32 of [A-Za-z0-9_-]), unique per mini-program. */
  outSeqNo: string;
  name: string;
  idNumber: string;
}

export interface FaceSession {
  verifyId: string;
  expiresInSeconds: number;
}

/** Why a face check did not pass, in the terms the resident is told. */
export type FaceRefusal = 'not_done' | 'cancelled' | 'not_matched' | 'device' | 'mismatch';

export type FaceVerdict = { passed: true } | { passed: false; refusal: FaceRefusal; verifyRet?: number };

export interface FaceVerifier {
  readonly kind: 'wechat' | 'local';
  start(request: FaceSessionRequest): Promise<FaceSession>;
  /** The outcome as the verifier knows it; `request` must be what the session was opened with. */
  verdict(verifyId: string, request: FaceSessionRequest): Promise<FaceVerdict>;
}

/** The verifier could not answer (network, credentials, WeChat's own errors): nothing is bound. */
export class FaceVerifierUnavailable extends Error {
  constructor(message: string, readonly errcode?: number) {
    super(message);
  }
}
