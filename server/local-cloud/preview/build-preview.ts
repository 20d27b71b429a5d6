import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

/**
 * dist/preview: the browser preview's bundle (preview/main.ts with j-component and the region
 * data) and its static shell. The pages themselves are not copied: the preview route serves
 * dist/miniprogram as it is, so what the browser runs is exactly what WeChat DevTools opens.
 */
export const PREVIEW_STATIC = ['index.html', 'preview.css'];

export async function buildPreview(root: string): Promise<{ bytes: number }> {
  const src = path.join(root, 'preview');
  const out = path.join(root, 'dist', 'preview');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const result = await build({
    entryPoints: [path.join(src, 'main.ts')],
    outfile: path.join(out, 'preview.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    // j-component writes its built-in behaviors to Node's `global`.
    define: { global: 'globalThis' },
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
  });
  for (const file of PREVIEW_STATIC) fs.copyFileSync(path.join(src, file), path.join(out, file));
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  return { bytes };
}
