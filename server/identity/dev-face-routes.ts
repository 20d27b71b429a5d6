import * as z from 'zod/mini';
import type { Runtime } from '../runtime/runtime';
import type { RouteHandler } from '../local-cloud/local-cloud';
import { BodyTooLarge, readBody, sendError, sendJson } from '../local-cloud/http-io';
import { fail } from '../../core/errors/result';
import { issuesToFieldErrors } from '../../core/validation/field-errors';
import { identityContextOf } from './identity-context';
import type { LocalFaceVerifier } from './local-face-verifier';

const MAX_BODY = 1024;
const FaceOutcome = z.object({
  verifyId: z.string('缺少刷脸编号').check(z.regex(/^[\x21-\x7e]{1,256}$/, '刷脸编号不正确')),
  outcome: z.enum(['pass', 'fail'], '请选择通过或不通过'),
});

/**
 * Local cloud only: `POST /dev/face { verifyId, outcome: 'pass' | 'fail' }` plays the phone's part
 * of 人脸核身 for scripts (the preview's 模拟刷脸 dialog uses it too). The identity service still
 * learns the outcome only by asking the verifier, exactly as it asks WeChat in production.
 */
export function devFaceRoutes(runtime: Runtime): RouteHandler {
  return async (req, res, url) => {
    if (url.pathname !== '/dev/face') return false;
    const verifier = identityContextOf(runtime).verifier as LocalFaceVerifier;
    if (req.method !== 'POST' || verifier.kind !== 'local') {
      sendError(res, 404, 'REQUEST.UNKNOWN_FUNCTION');
      return true;
    }
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req, MAX_BODY)).toString('utf8'));
    } catch (error) {
      if (error instanceof BodyTooLarge) sendError(res, 413, 'REQUEST.TOO_LARGE');
      else sendError(res, 400, 'REQUEST.NOT_JSON');
      return true;
    }
    const parsed = FaceOutcome.safeParse(body);
    if (!parsed.success) {
      sendJson(res, 200, fail('REQUEST.INVALID', issuesToFieldErrors(parsed.error.issues)));
      return true;
    }
    sendJson(res, 200, await verifier.simulate(parsed.data.verifyId, parsed.data.outcome));
    return true;
  };
}
