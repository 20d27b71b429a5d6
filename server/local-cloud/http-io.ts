import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { fail, type Result } from '../../core/errors/result';
import type { ErrorCode } from '../../core/errors/error-code';

export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, code: ErrorCode, fields?: Record<string, string>): void {
  const body: Result<never> = fail(code, fields);
  sendJson(res, status, body);
}

/**
 * Node's `clientError`: the request never reached a handler (headers over the 16 KB limit, a
 * line that is not HTTP). Answers like every other refusal — the JSON envelope, a coded Chinese
 * message — then closes the connection, as Node's own bare answer would.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const [status, reason, code]: [number, string, ErrorCode] = tooLarge
    ? [431, 'Request Header Fields Too Large', 'REQUEST.HEADERS_TOO_LARGE']
    : [400, 'Bad Request', 'REQUEST.MALFORMED'];
  const body = JSON.stringify(fail(code));
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
