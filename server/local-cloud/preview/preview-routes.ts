import fs from 'node:fs';
import path from 'node:path';
import type { RouteHandler } from '../local-cloud';

/**
 * The browser preview, for anyone without WeChat DevTools (docs/preview.md):
 *  - `GET /` redirects to `/preview`;
 *  - `GET /preview` the shell, `GET /preview/<file>` its bundle (dist/preview);
 *  - `GET /preview/mp/<path>` the built mini-program (dist/miniprogram) the bundle runs.
 * Static files only, read-only, loopback like the rest of the local cloud.
 */
const ROOT = path.resolve(__dirname, '../../..');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wxml': 'text/plain; charset=utf-8',
  '.wxss': 'text/plain; charset=utf-8',
  '.wxs': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

export interface PreviewOptions {
  /** Defaults to the repository's dist/. */
  distDir?: string;
}

/** `rel` inside `dir`, or undefined when it would leave it or names no served file. */
function fileIn(dir: string, rel: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const full = path.resolve(dir, decoded);
  if (full !== dir && !full.startsWith(dir + path.sep)) return undefined;
  if (!Object.prototype.hasOwnProperty.call(TYPES, path.extname(full))) return undefined;
  try {
    return fs.statSync(full).isFile() ? full : undefined;
  } catch {
    return undefined;
  }
}

export function previewRoutes(options: PreviewOptions = {}): RouteHandler {
  const dist = path.resolve(options.distDir ?? path.join(ROOT, 'dist'));
  const previewDir = path.join(dist, 'preview');
  const miniprogramDir = path.join(dist, 'miniprogram');

  return (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const p = url.pathname;
    if (p === '/') {
      res.writeHead(302, { location: '/preview' });
      res.end();
      return true;
    }
    if (p !== '/preview' && !p.startsWith('/preview/')) return false;

    let file: string | undefined;
    if (p === '/preview' || p === '/preview/') file = fileIn(previewDir, 'index.html');
    else if (p.startsWith('/preview/mp/')) file = fileIn(miniprogramDir, p.slice('/preview/mp/'.length));
    else file = fileIn(previewDir, p.slice('/preview/'.length));

    if (!file) {
      const built = fs.existsSync(path.join(previewDir, 'index.html'));
      const text = built ? `not found: ${p}\n` : '预览还没有构建：先运行 npm run build 或 npm start\nthe preview is not built yet: run npm run build\n';
      res.writeHead(built ? 404 : 503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : text);
      return true;
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
