import type { Result } from '../../../core/errors/result';

export interface HttpAnswer<T = unknown> {
  status: number;
  body: Result<T>;
}

/** `wx.cloud.callFunction` over the local cloud: the openid travels in the x-wx-openid header. */
export async function callHttp<T = unknown>(base: string, fn: string, openid: string | undefined, event: unknown): Promise<HttpAnswer<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (openid) headers['x-wx-openid'] = openid;
  const res = await fetch(`${base}/fn/${fn}`, { method: 'POST', headers, body: JSON.stringify(event) });
  return { status: res.status, body: (await res.json()) as Result<T> };
}
