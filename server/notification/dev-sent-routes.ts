import type { Runtime } from '../runtime/runtime';
import type { RouteHandler } from '../local-cloud/local-cloud';
import { readBody, sendError, sendJson } from '../local-cloud/http-io';
import { notificationContextOf } from './notification-context';

/**
 * Local cloud only: `GET /dev/sent` lists what the phones would have shown (the sink's file),
 * `POST /dev/sent/fail` `{ errcode, times? | always? }` makes the sink fail like WeChat would.
 */
export function devSentRoutes(runtime: Runtime): RouteHandler {
  return async (req, res, url) => {
    if (!url.pathname.startsWith('/dev/sent')) return false;
    const sink = notificationContextOf(runtime).sink;
    if (!sink) {
      sendError(res, 404, 'REQUEST.UNKNOWN_FUNCTION');
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/dev/sent') {
      const touser = url.searchParams.get('touser');
      const items = sink.sent().filter((m) => !touser || m.touser === touser);
      sendJson(res, 200, { ok: true, data: { items, total: items.length } });
      return true;
    }
    if (req.method === 'POST' && url.pathname === '/dev/sent/fail') {
      let body: { errcode?: unknown; times?: unknown; always?: unknown };
      try {
        body = JSON.parse((await readBody(req)).toString('utf8')) as typeof body;
      } catch {
        sendError(res, 400, 'REQUEST.NOT_JSON');
        return true;
      }
      const errcode = typeof body.errcode === 'number' ? body.errcode : undefined;
      if (body.always === true || errcode === undefined) sink.failAlways(errcode);
      else sink.failNext(typeof body.times === 'number' ? body.times : 1, errcode);
      sendJson(res, 200, { ok: true, data: { errcode: errcode ?? null } });
      return true;
    }
    return false;
  };
}
