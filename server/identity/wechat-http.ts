import { FaceVerifierUnavailable } from './face-verifier.port';

/** The HTTPS boundary to api.weixin.qq.com: injectable so tests answer it on loopback. */
export type HttpFetch = (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string; signal?: AbortSignal }) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}>;

export const WECHAT_API_BASE = 'https://api.weixin.qq.com';
const TIMEOUT_MS = 5000;

/** POSTs JSON and reads JSON; a transport failure or a non-JSON answer is "unavailable", never a crash. */
export async function postJson(fetchImpl: HttpFetch, url: string, body: unknown): Promise<Record<string, unknown>> {
  let res: Awaited<ReturnType<HttpFetch>>;
  try {
    res = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (cause) {
    throw new FaceVerifierUnavailable(`WeChat API unreachable: ${(cause as Error).message}`);
  }
  if (!res.ok) throw new FaceVerifierUnavailable(`WeChat API answered HTTP ${res.status}`);
  let answer: unknown;
  try {
    answer = await res.json();
  } catch {
    throw new FaceVerifierUnavailable('WeChat API answered no JSON');
  }
  if (!answer || typeof answer !== 'object') throw new FaceVerifierUnavailable('WeChat API answered no JSON object');
  return answer as Record<string, unknown>;
}

/** 40001 invalid credential, 42001 expired, 40014 invalid token: worth one refresh and retry. */
export const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
