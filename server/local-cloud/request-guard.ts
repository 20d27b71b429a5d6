import type { IncomingMessage } from 'node:http';
import type { ErrorCode } from '../../core/errors/error-code';

/**
 * Who may talk to the local cloud. Its `x-wx-openid` header is an identity anyone can claim, so
 * only this machine may reach it, and a web page elsewhere must not drive it through the browser:
 * - `Host` must be loopback (127.0.0.1, localhost, [::1], any port), which defeats DNS rebinding;
 * - a browser request must come from the local cloud's own origin (`Origin`, and the fetch
 *   metadata `Sec-Fetch-Site` of browsers that send it), top-level navigations aside;
 * - a POST to /fn or /dev must be JSON: the form types a cross-site page may post without a
 *   preflight (text/plain, form-urlencoded, multipart) are refused.
 */
export interface Refusal {
  status: number;
  code: ErrorCode;
}

const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/i;
const SIMPLE_FORM_TYPES = /^(text\/plain|application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

function single(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? undefined : header;
}

export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && LOOPBACK_HOST.test(host);
}

export function refusalOf(req: IncomingMessage, pathname: string): Refusal | undefined {
  const host = single(req.headers.host);
  if (!isLoopbackHost(host)) return { status: 403, code: 'REQUEST.HOST_NOT_ALLOWED' };
  const origin = req.headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== `http://${host!.toLowerCase()}`) return { status: 403, code: 'REQUEST.ORIGIN_NOT_ALLOWED' };
  const site = single(req.headers['sec-fetch-site']);
  const navigation = req.method === 'GET' && single(req.headers['sec-fetch-mode']) === 'navigate';
  if (site !== undefined && site !== 'same-origin' && site !== 'none' && !navigation) return { status: 403, code: 'REQUEST.ORIGIN_NOT_ALLOWED' };
  if (req.method === 'POST' && (pathname.startsWith('/fn/') || pathname.startsWith('/dev/'))) {
    const type = single(req.headers['content-type']) ?? '';
    if (SIMPLE_FORM_TYPES.test(type.trim()) || (type !== '' && !/^application\/json\b/i.test(type.trim()))) return { status: 415, code: 'REQUEST.NOT_JSON' };
  }
  return undefined;
}
