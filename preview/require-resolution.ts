import { resolvePath } from './wxss';

/**
 * Where WeChat looks for a `require(spec)` made by the file `from` (paths relative to the
 * mini-program root): a relative path is that file (`.js` added); a package name is looked up
 * in `miniprogram_npm/` beside the file, then in each folder above it, as its folder's
 * `index.js` or as a file. Nothing is ever read from node_modules on a phone.
 */
export function requireCandidates(from: string, spec: string): string[] {
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const path = resolvePath(from, spec);
    return [path.endsWith('.js') ? path : `${path}.js`];
  }
  const dirs = from.split('/').slice(0, -1);
  const candidates: string[] = [];
  for (let depth = dirs.length; depth >= 0; depth--) {
    const base = [...dirs.slice(0, depth), 'miniprogram_npm', spec].join('/');
    candidates.push(`${base}/index.js`, spec.endsWith('.js') ? base : `${base}.js`);
  }
  return candidates;
}
