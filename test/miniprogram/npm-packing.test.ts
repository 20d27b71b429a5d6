import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireCandidates } from '../../preview/require-resolution';

/**
 * npm packages the pages require are packed the WeChat way (miniprogram-ci's packNpmManually,
 * run by the build into dist/miniprogram/miniprogram_npm), and every `require` of the built
 * pages resolves inside the package as WeChat resolves it — nothing leans on node_modules, which
 * a phone does not have.
 */
const ROOT = path.resolve(__dirname, '../..');
const MP = path.join(ROOT, 'dist/miniprogram');
const readJson = <T>(file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

function builtScripts(): string[] {
  return fs
    .readdirSync(MP, { recursive: true, encoding: 'utf8' })
    .map((rel) => rel.split(path.sep).join('/'))
    .filter((rel) => rel.endsWith('.js'))
    .sort();
}

describe('npm packages of the mini-program', () => {
  it('are the ones miniprogram/package.json lists, at the versions the repository installs', () => {
    const mini = readJson<{ dependencies: Record<string, string> }>(path.join(ROOT, 'miniprogram/package.json'));
    const root = readJson<{ dependencies: Record<string, string> }>(path.join(ROOT, 'package.json'));
    expect(Object.keys(mini.dependencies)).toEqual(['dayjs']);
    for (const [name, range] of Object.entries(mini.dependencies)) expect({ name, range }).toEqual({ name, range: root.dependencies[name] });
    expect(fs.existsSync(path.join(MP, 'miniprogram_npm/dayjs/index.js'))).toBe(true);
    expect(fs.existsSync(path.join(MP, 'package.json'))).toBe(false);
  });

  it('are required by the shared bundle, not copied into it; their plugins and zod/mini are bundled', () => {
    const lib = fs.readFileSync(path.join(MP, 'lib/index.js'), 'utf8');
    expect(lib).toMatch(/require\("dayjs"\)/);
    expect(lib).not.toMatch(/require\("dayjs\/plugin/);
    expect(lib).not.toMatch(/require\("zod/);
  });

  it('resolve for every require of every built script, as WeChat resolves them', () => {
    const unresolved: string[] = [];
    let bare = 0;
    for (const file of builtScripts()) {
      if (file.startsWith('miniprogram_npm/')) continue;
      const code = fs.readFileSync(path.join(MP, file), 'utf8');
      for (const [, spec] of code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
        if (!spec!.startsWith('.')) bare += 1;
        if (!requireCandidates(file, spec!).some((candidate) => fs.existsSync(path.join(MP, candidate)))) unresolved.push(`${file}: require("${spec}")`);
      }
    }
    expect(bare).toBeGreaterThan(0);
    expect(unresolved).toEqual([]);
  });

  it('look a package up beside the file, then in each folder above it', () => {
    expect(requireCandidates('pages/home/index.js', '../../lib/index')).toEqual(['lib/index.js']);
    expect(requireCandidates('lib/index.js', 'dayjs')).toEqual([
      'lib/miniprogram_npm/dayjs/index.js', 'lib/miniprogram_npm/dayjs.js', 'miniprogram_npm/dayjs/index.js', 'miniprogram_npm/dayjs.js',
    ]);
  });

  it('leave zod to the bundle because WeChat\'s packer cannot read its entry', async () => {
    // The evidence for bundling zod/mini with esbuild: packNpmManually on zod itself.
    const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'pack-zod-'));
    try {
      fs.mkdirSync(path.join(staging, 'node_modules'));
      fs.symlinkSync(path.join(ROOT, 'node_modules/zod'), path.join(staging, 'node_modules/zod'), 'dir');
      fs.writeFileSync(path.join(staging, 'package.json'), JSON.stringify({ dependencies: { zod: '*' } }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const ci = require('miniprogram-ci') as { packNpmManually(o: { packageJsonPath: string; miniprogramNpmDistDir: string }): Promise<{ warnList: { msg?: string }[] }> };
      const result = await ci.packNpmManually({ packageJsonPath: path.join(staging, 'package.json'), miniprogramNpmDistDir: path.join(staging, 'out') });
      expect(result.warnList.map((w) => w.msg)).toEqual(['Npm package entry file not found']);
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  });
});
