import type { Runtime } from '../runtime/runtime';
import { installIdentityContext } from './identity-context';
import { FaceVerifierUnavailable, type FaceVerifier } from './face-verifier.port';
import { stableAccessTokens } from './stable-access-token';
import { wechatFaceVerifier } from './wechat-face-verifier';
import type { HttpFetch } from './wechat-http';

/** A deployment without AppID/AppSecret still serves every other function; identity says it is unavailable. */
const unconfigured: FaceVerifier = {
  kind: 'wechat',
  start: () => Promise.reject(new FaceVerifierUnavailable('WX_APPID / WX_APPSECRET are not configured')),
  verdict: () => Promise.reject(new FaceVerifierUnavailable('WX_APPID / WX_APPSECRET are not configured')),
};

/**
 * Production: 人脸核身 through WeChat's HTTPS APIs. AppID and AppSecret are read from the
 * function's environment (WX_APPID, WX_APPSECRET: set by reference at deploy, never in the repo).
 */
export function installWechatIdentity(runtime: Runtime, env: NodeJS.ProcessEnv = process.env, fetchImpl: HttpFetch = fetch as unknown as HttpFetch): void {
  const appId = env.WX_APPID;
  const appSecret = env.WX_APPSECRET;
  const verifier = appId && appSecret
    ? wechatFaceVerifier({ tokens: stableAccessTokens({ appId, appSecret, fetch: fetchImpl }), fetch: fetchImpl })
    : unconfigured;
  installIdentityContext(runtime, verifier);
}
