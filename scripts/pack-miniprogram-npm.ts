import fs from 'node:fs';
import path from 'node:path';

/**
 * npm packages the pages require, packed the WeChat way: miniprogram-ci's `packNpmManually`
 * (what DevTools' 构建 npm does, offline) turns each dependency of miniprogram/package.json into
 * miniprogram_npm/<package>/index.js, where WeChat's `require` finds it.
 */
const ROOT = path.resolve(__dirname, '..');

interface PackageJson {
  dependencies?: Record<string, string>;
}

interface PackResult {
  miniProgramPackNum: number;
  otherNpmPackNum: number;
  warnList: { jsPath?: string; msg?: string; tips?: string }[];
}

interface MiniprogramCi {
  packNpmManually(options: { packageJsonPath: string; miniprogramNpmDistDir: string; ignores?: string[] }): Promise<PackResult>;
}

function readPackage(file: string): PackageJson {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as PackageJson;
}

/** The packages listed in miniprogram/package.json: lib/index.js leaves their `require`s alone. */
export function packedPackages(miniprogramSource: string): string[] {
  const file = path.join(miniprogramSource, 'package.json');
  return fs.existsSync(file) ? Object.keys(readPackage(file).dependencies ?? {}).sort() : [];
}

/** The dependency and what it depends on, as installed in the repository's node_modules. */
function withDependencies(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    const manifest = path.join(ROOT, 'node_modules', name, 'package.json');
    if (!fs.existsSync(manifest)) throw new Error(`miniprogram/package.json needs ${name}, which is not installed: run npm install`);
    seen.add(name);
    for (const dep of Object.keys(readPackage(manifest).dependencies ?? {})) visit(dep);
  };
  names.forEach(visit);
  return [...seen];
}

/**
 * The packer reads node_modules beside the package.json it is given: a staging folder holds a
 * copy of miniprogram/package.json and links to the installed packages (it follows links to
 * package folders), so nothing is installed twice. Any warning (a package it cannot pack) stops
 * the build: the page would fail on the phone.
 */
export async function packMiniprogramNpm(miniprogramSource: string, miniprogramOut: string, staging: string): Promise<string[]> {
  const packages = packedPackages(miniprogramSource);
  fs.rmSync(path.join(miniprogramOut, 'miniprogram_npm'), { recursive: true, force: true });
  if (packages.length === 0) return [];
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.join(staging, 'node_modules'), { recursive: true });
  fs.copyFileSync(path.join(miniprogramSource, 'package.json'), path.join(staging, 'package.json'));
  for (const name of withDependencies(packages)) {
    const link = path.join(staging, 'node_modules', name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules', name), link, 'dir');
  }
  try {
    // Loaded only when packing: the package is large and a dev dependency.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ci = require('miniprogram-ci') as MiniprogramCi;
    const result = await ci.packNpmManually({ packageJsonPath: path.join(staging, 'package.json'), miniprogramNpmDistDir: miniprogramOut });
    if (result.warnList.length > 0) {
      const lines = result.warnList.map((w) => `${w.msg ?? ''} ${w.tips ?? ''} ${w.jsPath ?? ''}`.trim());
      throw new Error(`WeChat's npm packer could not pack miniprogram/package.json:\n  ${lines.join('\n  ')}`);
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return packages;
}
