import type { ServerResponse } from 'node:http';
import type { Runtime } from '../runtime/runtime';
import type { ErrorCode } from '../../core/errors/error-code';
import { fail } from '../../core/errors/result';
import { MaterialName } from '../../core/api/filing-api';
import { issuesToFieldErrors } from '../../core/validation/field-errors';
import { filingContextOf } from '../filing/filing-context';
import { materialStorage, MAX_MATERIAL_BYTES } from '../storage/material-storage';
import { localLinkValid } from '../storage/material-links';
import { BodyTooLarge, readBody, sendError, sendJson } from './http-io';
import type { RouteHandler } from './local-cloud';

const OPENID = /^[\w-]{1,64}$/;
const FILE_ID = /^[\w.:/-]{1,256}$/;
const MAX_NAME_HEADER = 1024;

function openidOf(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && OPENID.test(header) ? header : undefined;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  'AUTH.NO_IDENTITY': 401,
  'REQUEST.INVALID': 400,
  'STORAGE.FILE_NOT_FOUND': 404,
  'STORAGE.FILE_TOO_LARGE': 413,
  'STORAGE.TYPE_NOT_ALLOWED': 415,
};

/** The upload's `x-file-name` (URI-encoded), checked by the same schema as every material name. */
function nameOf(header: string | string[] | undefined): { name: string } | { fields: Record<string, string> } {
  if (header === undefined) return { name: '证明材料' };
  if (typeof header !== 'string' || header.length > MAX_NAME_HEADER) return { fields: { name: '材料名称不正确' } };
  let decoded: string;
  try {
    decoded = decodeURIComponent(header);
  } catch {
    return { fields: { name: '材料名称不正确' } };
  }
  const parsed = MaterialName.safeParse(decoded);
  return parsed.success ? { name: parsed.data } : { fields: issuesToFieldErrors(parsed.error.issues) };
}

/** RFC 6266/5987: an ASCII fallback and the UTF-8 name, with the extension of what the file really is. */
function dispositionOf(name: string, extension: string): string {
  const base = name.replace(/\.[^.]{1,8}$/, '') || 'material';
  const utf8 = encodeURIComponent(`${base}.${extension}`).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="material.${extension}"; filename*=UTF-8''${utf8}`;
}

function refuse(res: ServerResponse, code: ErrorCode, fields?: Record<string, string>): true {
  sendJson(res, STATUS[code] ?? 400, fail(code, fields));
  return true;
}

/**
 * The local stand-in for `wx.cloud.uploadFile` / CloudBase storage:
 * `POST /storage/upload` (raw bytes; `x-file-name`) → `{ fileId }`, only images and PDF by their
 * leading bytes; `GET /storage/file?fileId=…` → the bytes, for the uploader and the filing's
 * reviewers only; `GET /storage/file?fileId=…&expires=…&sig=…` → the bytes, for anyone holding a
 * link the review function signed (what CloudBase's temporary URLs are in production). Either way
 * served as the type they really are, never sniffed, never rendered as a page.
 */
export function storageRoutes(runtime: Runtime): RouteHandler {
  return async (req, res, url) => {
    if (!url.pathname.startsWith('/storage/')) return false;
    const storage = materialStorage(filingContextOf(runtime));
    const openid = openidOf(req.headers['x-wx-openid']);
    if (req.method === 'POST' && url.pathname === '/storage/upload') {
      const name = nameOf(req.headers['x-file-name']);
      let bytes: Buffer;
      try {
        bytes = await readBody(req, MAX_MATERIAL_BYTES);
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          sendError(res, 413, 'STORAGE.FILE_TOO_LARGE');
          return true;
        }
        throw error;
      }
      if ('fields' in name) return refuse(res, 'REQUEST.INVALID', name.fields);
      const result = await storage.upload(openid, name.name, bytes);
      sendJson(res, result.ok ? 200 : (STATUS[result.error.code] ?? 400), result);
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/storage/file') {
      const fileId = url.searchParams.get('fileId') ?? '';
      if (!FILE_ID.test(fileId)) return refuse(res, 'STORAGE.FILE_NOT_FOUND');
      const linked = url.searchParams.has('sig');
      if (linked && !localLinkValid(runtime, fileId, url.searchParams.get('expires'), url.searchParams.get('sig'))) return refuse(res, 'STORAGE.FILE_NOT_FOUND');
      const result = linked ? await storage.readByLink(fileId) : await storage.read(openid, fileId);
      if (!result.ok) {
        sendJson(res, STATUS[result.error.code] ?? 404, result);
        return true;
      }
      const { bytes, record, contentType, extension } = result.data;
      res.writeHead(200, {
        'content-type': contentType,
        'content-length': bytes.length,
        'content-disposition': dispositionOf(record.name, extension),
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cross-origin-resource-policy': 'same-origin',
        'cache-control': 'private, no-store',
      });
      res.end(bytes);
      return true;
    }
    return false;
  };
}
