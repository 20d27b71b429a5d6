import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { fail } from '../../core/errors/result';
import type { CloudFunctionMain } from '../kernel/cloud-function';
import { wechatContextFor } from '../kernel/wechat-context';
import type { Runtime } from '../runtime/runtime';
import { answerClientError, BodyTooLarge, readBody, sendError, sendJson } from './http-io';
import { refusalOf } from './request-guard';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> | boolean;

export interface LocalCloudOptions {
  runtime: Runtime;
  functions: Readonly<Record<string, CloudFunctionMain>>;
  /** Extra routes (storage, preview, dev sink) tried before 404, in order. */
  routes?: RouteHandler[];
}

const OPENID_HEADER = 'x-wx-openid';
const OPENID_SHAPE = /^[\w-]{1,64}$/;
const FUNCTION_PATH = /^\/fn\/([\w-]{1,64})$/;

/**
 * The local cloud: hosts the real cloud-function entries over HTTP on loopback, standing in
 * for `wx.cloud.callFunction`. The caller's openid comes from the `x-wx-openid` header and is
 * passed on as the WeChat context, exactly where CloudBase would put it.
 */
export function createLocalCloud(options: LocalCloudOptions): http.Server {
  const { runtime, functions } = options;
  const log = runtime.log;

  const callFunction = async (req: IncomingMessage, res: ServerResponse, name: string) => {
    const main = Object.prototype.hasOwnProperty.call(functions, name) ? functions[name] : undefined;
    if (!main) return sendError(res, 404, 'REQUEST.UNKNOWN_FUNCTION');
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLarge) return sendError(res, 413, 'REQUEST.TOO_LARGE');
      throw error;
    }
    let event: unknown;
    try {
      event = JSON.parse(body.toString('utf8'));
    } catch {
      return sendError(res, 400, 'REQUEST.NOT_JSON');
    }
    if (event === null || typeof event !== 'object' || Array.isArray(event)) return sendError(res, 400, 'REQUEST.NOT_JSON');
    const header = req.headers[OPENID_HEADER];
    const openid = typeof header === 'string' && OPENID_SHAPE.test(header) ? header : undefined;
    const requestId = randomUUID();
    const result = await main(event, wechatContextFor(openid, requestId, name));
    sendJson(res, 200, result);
  };

  // Missing Host and malformed requests get the JSON envelope from us, not Node's bare answers.
  const server = http.createServer({ requireHostHeader: false }, (req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const refusal = refusalOf(req, url.pathname);
        if (refusal) {
          log.info('http.refused', { code: refusal.code, method: req.method, path: url.pathname.slice(0, 64) });
          req.resume();
          return sendError(res, refusal.status, refusal.code);
        }
        if (req.method === 'GET' && url.pathname === '/health') return sendJson(res, 200, { ok: true, data: { status: 'up' } });
        const fn = FUNCTION_PATH.exec(url.pathname);
        if (fn) {
          if (req.method !== 'POST') return sendError(res, 404, 'REQUEST.UNKNOWN_FUNCTION');
          return await callFunction(req, res, fn[1]!);
        }
        for (const route of options.routes ?? []) {
          if (await route(req, res, url)) return;
        }
        return sendError(res, 404, 'REQUEST.UNKNOWN_FUNCTION');
      } catch (cause) {
        const requestId = randomUUID();
        log.error('http.failed', { requestId, cause });
        const body = fail('SYSTEM.INTERNAL');
        if (!body.ok) body.error.requestId = requestId;
        if (!res.headersSent) sendJson(res, 200, body);
        else res.end();
      }
    })();
  });
  // An oversized header (431) or a request Node cannot parse still answers the envelope.
  server.on('clientError', answerClientError);
  return server;
}

/** Listens on loopback only: the header identity must never be reachable from outside. */
export function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}
