import type { Runtime } from '../runtime/runtime';
import { filingContextOf } from '../filing/filing-context';
import { materialStorage, MAX_MATERIAL_BYTES } from '../storage/material-storage';
import { localLinkValid } from '../storage/material-links';
import { BodyTooLarge, readBody, sendError, sendJson } from './http-io';
import type { RouteHandler } from './local-cloud';

const OPENID = /^[\w-]{1,64}$/;

function openidOf(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && OPENID.test(header) ? header : undefined;
}

/**
 * The local stand-in for `wx.cloud.uploadFile` / CloudBase storage:
 * `POST /storage/upload` (raw bytes; `x-file-name`, `content-type`) → `{ fileId }`;
 * `GET /storage/file?fileId=…` → the bytes, for the uploader and the filing's reviewers only;
 * `GET /storage/file?fileId=…&expires=…&sig=…` → the bytes, for anyone holding a link the review
 * function signed (what CloudBase's temporary URLs are in production).
 */
export function storageRoutes(runtime: Runtime): RouteHandler {
  return async (req, res, url) => {
    if (!url.pathname.startsWith('/storage/')) return false;
    const storage = materialStorage(filingContextOf(runtime));
    const openid = openidOf(req.headers['x-wx-openid']);
    if (req.method === 'POST' && url.pathname === '/storage/upload') {
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
      const rawName = req.headers['x-file-name'];
      let name = 'material';
      try {
        if (typeof rawName === 'string') name = decodeURIComponent(rawName);
      } catch {
        // A malformed name is not worth refusing the upload for.
      }
      sendJson(res, 200, await storage.upload(openid, name, String(req.headers['content-type'] ?? 'application/octet-stream'), bytes));
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/storage/file') {
      const fileId = url.searchParams.get('fileId') ?? '';
      const linked = url.searchParams.has('sig');
      if (linked && !localLinkValid(runtime, fileId, url.searchParams.get('expires'), url.searchParams.get('sig'))) {
        sendError(res, 404, 'STORAGE.FILE_NOT_FOUND');
        return true;
      }
      const result = linked ? await storage.readByLink(fileId) : await storage.read(openid, fileId);
      if (!result.ok) {
        sendJson(res, result.error.code === 'STORAGE.FILE_NOT_FOUND' ? 404 : 401, result);
        return true;
      }
      res.writeHead(200, { 'content-type': result.data.record.contentType, 'content-length': result.data.bytes.length });
      res.end(result.data.bytes);
      return true;
    }
    return false;
  };
}
