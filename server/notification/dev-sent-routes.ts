import * as z from 'zod/mini';
import type { Runtime } from '../runtime/runtime';
import type { RouteHandler } from '../local-cloud/local-cloud';
import { BodyTooLarge, readBody, sendError, sendJson } from '../local-cloud/http-io';
import { fail } from '../../core/errors/result';
import { issuesToFieldErrors } from '../../core/validation/field-errors';
import { notificationContextOf } from './notification-context';

/** Every input of these routes is bounded: a count of a billion once kept the process busy for 12 s. */
export const DEV_SENT_LIMITS = { maxListed: 200, maxTimes: 100, maxBodyBytes: 1024 } as const;

const ListQuery = z.object({
  touser: z.optional(z.string().check(z.regex(/^[\w-]{1,64}$/, '接收人标识不正确'))),
  limit: z.optional(z.string().check(z.regex(/^\d{1,3}$/, '条数不正确'), z.refine((v: string) => Number(v) >= 1 && Number(v) <= DEV_SENT_LIMITS.maxListed, `条数应在1到${DEV_SENT_LIMITS.maxListed}之间`))),
});

/** WeChat's errcodes are small integers (-1 busy, 43101 refused, 47003 bad field…). */
const FailBody = z.object({
  errcode: z.optional(z.int('错误码应为整数').check(z.gte(-1, '错误码不正确'), z.lte(99_999, '错误码不正确'))),
  times: z.optional(z.int('次数应为整数').check(z.gte(1, '次数至少为1'), z.lte(DEV_SENT_LIMITS.maxTimes, `次数最多为${DEV_SENT_LIMITS.maxTimes}`))),
  always: z.optional(z.boolean('always 应为 true 或 false')),
});

/**
 * Local cloud only (never in a function bundle): `GET /dev/sent[?touser=&limit=]` lists the
 * latest messages the phones would have shown (the sink's file), `POST /dev/sent/fail`
 * `{ errcode, times? | always? }` makes the sink fail like WeChat would.
 */
export function devSentRoutes(runtime: Runtime): RouteHandler {
  return async (req, res, url) => {
    if (url.pathname !== '/dev/sent' && url.pathname !== '/dev/sent/fail') return false;
    const sink = notificationContextOf(runtime).sink;
    if (!sink) {
      sendError(res, 404, 'REQUEST.UNKNOWN_FUNCTION');
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/dev/sent') {
      const query = ListQuery.safeParse(Object.fromEntries(url.searchParams));
      if (!query.success || [...url.searchParams.keys()].length > 2) {
        sendJson(res, 400, fail('REQUEST.INVALID', query.success ? { _: '参数过多' } : issuesToFieldErrors(query.error.issues)));
        return true;
      }
      const { touser, limit } = query.data;
      const all = sink.sent().filter((m) => !touser || m.touser === touser);
      const items = all.slice(-Number(limit ?? DEV_SENT_LIMITS.maxListed));
      sendJson(res, 200, { ok: true, data: { items, total: all.length } });
      return true;
    }
    if (req.method === 'POST' && url.pathname === '/dev/sent/fail') {
      let body: unknown;
      try {
        body = JSON.parse((await readBody(req, DEV_SENT_LIMITS.maxBodyBytes)).toString('utf8'));
      } catch (error) {
        sendError(res, error instanceof BodyTooLarge ? 413 : 400, error instanceof BodyTooLarge ? 'REQUEST.TOO_LARGE' : 'REQUEST.NOT_JSON');
        return true;
      }
      const parsed = FailBody.safeParse(body);
      if (!parsed.success) {
        sendJson(res, 400, fail('REQUEST.INVALID', issuesToFieldErrors(parsed.error.issues)));
        return true;
      }
      const { errcode, times, always } = parsed.data;
      if (always === true || errcode === undefined) sink.failAlways(errcode);
      else sink.failNext(times ?? 1, errcode);
      sendJson(res, 200, { ok: true, data: { errcode: errcode ?? null } });
      return true;
    }
    sendError(res, 404, 'REQUEST.UNKNOWN_FUNCTION');
    return true;
  };
}
