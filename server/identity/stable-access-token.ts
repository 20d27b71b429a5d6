import type { AccessTokenSource } from './access-token.port';
import { FaceVerifierUnavailable } from './face-verifier.port';
import { postJson, WECHAT_API_BASE, type HttpFetch } from './wechat-http';

export interface StableTokenOptions {
  appId: string;
  appSecret: string;
  fetch: HttpFetch;
  baseUrl?: string;
  now?: () => number;
}

/** Renew this long before WeChat's expiry, so a call never leaves with a token about to lapse. */
const MARGIN_MS = 5 * 60_000;

/**
 * getStableAccessToken (`POST /cgi-bin/stable_token`): one token shared by every call of this
 * instance, renewed shortly before it expires; concurrent callers wait for the same request.
 * AppID and AppSecret come from the environment by reference, never from the repository.
 */
export function stableAccessTokens(options: StableTokenOptions): AccessTokenSource {
  const base = options.baseUrl ?? WECHAT_API_BASE;
  const now = options.now ?? Date.now;
  let cached: { token: string; until: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function request(forceRefresh: boolean): Promise<string> {
    const answer = await postJson(options.fetch, `${base}/cgi-bin/stable_token`, {
      grant_type: 'client_credential',
      appid: options.appId,
      secret: options.appSecret,
      force_refresh: forceRefresh,
    });
    const token = answer.access_token;
    const expiresIn = answer.expires_in;
    if (typeof token !== 'string' || token.length === 0 || typeof expiresIn !== 'number') {
      throw new FaceVerifierUnavailable(`stable_token refused: ${String(answer.errcode)} ${String(answer.errmsg ?? '')}`, Number(answer.errcode) || undefined);
    }
    cached = { token, until: now() + expiresIn * 1000 - MARGIN_MS };
    return token;
  }

  return {
    async token(refresh = false) {
      if (!refresh && cached && now() < cached.until) return cached.token;
      inFlight ??= request(refresh).finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}
