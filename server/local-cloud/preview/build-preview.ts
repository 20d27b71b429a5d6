import { build, type Plugin } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

/**
 * dist/preview: the browser preview's bundle (preview/main.ts with j-component and the region
 * data) and its static shell. The pages themselves are not copied: the preview route serves
 * dist/miniprogram as it is, so what the browser runs is exactly what WeChat DevTools opens.
 */
export const PREVIEW_STATIC = ['index.html', 'preview.css'];

/**
 * j-component keeps WXML ids off the DOM (`writeIdToDOM: false`); the preview writes them, so the
 * pages' `#id` WXSS selectors apply and the page can be driven by id in a browser.
 */
const writeIdsToDom: Plugin = {
  name: 'j-component-ids',
  setup(b) {
    b.onLoad({ filter: /j-component[\\/]src[\\/]componentmanager\.js$/ }, (args) => {
      const source = fs.readFileSync(args.path, 'utf8');
      if (!source.includes('writeIdToDOM: false')) throw new Error('j-component changed: writeIdToDOM option not found');
      return { contents: source.replace('writeIdToDOM: false', 'writeIdToDOM: true'), loader: 'js' };
    });
  },
};

interface WxmlCompiler {
  wxmlToJs(rootPath: string): string;
}

/**
 * WXML compiled by WeChat's own compiler (wcc, from miniprogram-compiler, as the page tests and
 * miniprogram-simulate use it): j-component's built-in parser ignores `<template is>`, which the
 * filing form is made of. Written as dist/preview/wxml.js, defining `window.__pvGwx`; without the
 * compiler the preview falls back to j-component's parser and says so.
 */
function compileWxml(miniprogramDir: string): string | undefined {
  let compiler: WxmlCompiler;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped dev dependency, optional
    compiler = require('miniprogram-compiler') as WxmlCompiler;
  } catch {
    return undefined;
  }
  return `window.__webview_engine_version__ = 0.02;\nwindow.__pvGwx = (function () {\n${compiler.wxmlToJs(miniprogramDir)}\n})();\n`;
}

export async function buildPreview(root: string): Promise<{ bytes: number; wxmlCompiled: boolean }> {
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
    plugins: [writeIdsToDom],
  });
  for (const file of PREVIEW_STATIC) fs.copyFileSync(path.join(src, file), path.join(out, file));
  const wxml = compileWxml(path.join(root, 'dist', 'miniprogram'));
  if (wxml) fs.writeFileSync(path.join(out, 'wxml.js'), wxml);
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  return { bytes, wxmlCompiled: wxml !== undefined };
}
