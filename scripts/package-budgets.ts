import fs from 'node:fs';
import path from 'node:path';

/**
 * The size budgets of what goes live, measured on dist/ as WeChat and CloudBase receive it:
 * - main package ≤ 500 KB and everything ≤ 1.5 MB, counting only the files WeChat uploads
 *   (extensions on its upload list, not ignored by project.config.json `packOptions`);
 * - each cloud function bundle ≤ 600 KB, without the SDKs CloudBase installs from its package.json.
 * KB here is 1,024 bytes, as WeChat counts its 2 MB package limit.
 */
export const BUDGETS = { mainPackage: 500 * 1024, total: 1536 * 1024, functionBundle: 600 * 1024 } as const;

const ROOT = path.resolve(__dirname, '..');

/**
 * The extensions WeChat's upload keeps: miniprogram-ci asks WeChat for the list and falls back to
 * this one (its own constant) offline.
 */
export function uploadedExtensions(): ReadonlySet<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const list = (require('miniprogram-ci/dist/utils/white_ext_list') as { MiniProgramWhiteList?: string[] }).MiniProgramWhiteList;
  if (!Array.isArray(list) || list.length === 0) throw new Error('miniprogram-ci no longer exports MiniProgramWhiteList: update scripts/package-budgets.ts');
  return new Set(list);
}

interface PackIgnore {
  type: 'file' | 'folder' | 'suffix' | 'prefix' | 'regexp' | 'glob';
  value: string;
}

function ignoredBy(rules: readonly PackIgnore[], rel: string): boolean {
  const base = path.posix.basename(rel);
  return rules.some((rule) => {
    switch (rule.type) {
      case 'file':
        return rel === rule.value.replace(/^\//, '');
      case 'folder':
        return rel.startsWith(`${rule.value.replace(/^\/|\/$/g, '')}/`);
      case 'suffix':
        return rel.endsWith(rule.value);
      case 'prefix':
        return base.startsWith(rule.value);
      case 'regexp':
        return new RegExp(rule.value).test(rel);
      default:
        // glob rules are not used here; refusing them keeps the count honest.
        throw new Error(`packOptions.ignore type ${rule.type} is not supported by the budget check`);
    }
  });
}

export interface UploadedFile {
  path: string;
  bytes: number;
}

/** Every file of dist/miniprogram that an upload would send, with its package root ('' = main). */
export function uploadedFiles(miniprogramDir = path.join(ROOT, 'dist/miniprogram'), projectConfig = path.join(ROOT, 'project.config.json')): UploadedFile[] {
  const extensions = uploadedExtensions();
  const project = JSON.parse(fs.readFileSync(projectConfig, 'utf8')) as { packOptions?: { ignore?: PackIgnore[] } };
  const ignore = project.packOptions?.ignore ?? [];
  return fs
    .readdirSync(miniprogramDir, { recursive: true, encoding: 'utf8' })
    .map((rel) => rel.split(path.sep).join('/'))
    .filter((rel) => fs.statSync(path.join(miniprogramDir, rel)).isFile())
    .filter((rel) => extensions.has(path.posix.extname(rel).toLowerCase()) && !ignoredBy(ignore, rel))
    .map((rel) => ({ path: rel, bytes: fs.statSync(path.join(miniprogramDir, rel)).size }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

export interface PackageSizes {
  mainPackage: number;
  subpackages: Record<string, number>;
  total: number;
  /** Bytes of files the upload leaves out (source maps…), for the record. */
  notUploaded: number;
}

export function miniprogramSizes(miniprogramDir = path.join(ROOT, 'dist/miniprogram'), projectConfig?: string): PackageSizes {
  const app = JSON.parse(fs.readFileSync(path.join(miniprogramDir, 'app.json'), 'utf8')) as { subPackages?: { root: string }[]; subpackages?: { root: string }[] };
  const roots = (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/^\/|\/$/g, ''));
  const files = uploadedFiles(miniprogramDir, projectConfig);
  const subpackages: Record<string, number> = Object.fromEntries(roots.map((r) => [r, 0]));
  let mainPackage = 0;
  for (const file of files) {
    const root = roots.find((r) => file.path.startsWith(`${r}/`));
    if (root === undefined) mainPackage += file.bytes;
    else subpackages[root] = (subpackages[root] ?? 0) + file.bytes;
  }
  const all = fs.readdirSync(miniprogramDir, { recursive: true, encoding: 'utf8' }).reduce((sum, rel) => {
    const stat = fs.statSync(path.join(miniprogramDir, rel));
    return stat.isFile() ? sum + stat.size : sum;
  }, 0);
  const total = files.reduce((sum, f) => sum + f.bytes, 0);
  return { mainPackage, subpackages, total, notUploaded: all - total };
}

/** Bytes of each built function folder: the bundle, its package.json and config.json (SDKs are installed by CloudBase). */
export function functionBundleSizes(functionsDir = path.join(ROOT, 'dist/cloudfunctions')): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const name of fs.readdirSync(functionsDir).sort()) {
    const dir = path.join(functionsDir, name);
    if (!fs.statSync(dir).isDirectory()) continue;
    sizes[name] = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).reduce((sum, rel) => {
      const stat = fs.statSync(path.join(dir, rel));
      return stat.isFile() ? sum + stat.size : sum;
    }, 0);
  }
  return sizes;
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
