import { BUDGETS, functionBundleSizes, kb, miniprogramSizes, uploadedExtensions, uploadedFiles } from '../../scripts/package-budgets';

/**
 * The size budgets of what goes live, on the dist/ the global setup built, printed with every
 * `npm test`: main package ≤ 500 KB and all packages ≤ 1.5 MB counting only what WeChat uploads;
 * each cloud function ≤ 600 KB without the SDKs CloudBase installs.
 */
describe('budgets', () => {
  const mp = miniprogramSizes();
  const functions = functionBundleSizes();

  afterAll(() => {
    const rows = [
      ['main package', mp.mainPackage, BUDGETS.mainPackage],
      ...Object.entries(mp.subpackages).map(([root, bytes]) => [`subpackage ${root}/`, bytes, undefined] as const),
      ['all packages', mp.total, BUDGETS.total],
      ...Object.entries(functions).map(([name, bytes]) => [`function ${name}`, bytes, BUDGETS.functionBundle] as const),
    ] as const;
    const lines = rows.map(([what, bytes, budget]) => `  ${what.padEnd(24)} ${kb(bytes).padStart(10)}${budget ? `  of ${kb(budget)} (${((bytes / budget) * 100).toFixed(0)}%)` : ''}`);
    // jest keeps console output for failures; the budgets belong in every run's output.
    process.stdout.write(`\nBudgets (KB = 1,024 bytes; mini-program counts only files WeChat uploads, ${kb(mp.notUploaded)} left out):\n${lines.join('\n')}\n`);
  });

  it('keeps the main package within 500 KB', () => {
    expect(mp.mainPackage).toBeGreaterThan(50 * 1024);
    expect(mp.mainPackage).toBeLessThanOrEqual(BUDGETS.mainPackage);
  });

  it('keeps all packages within 1.5 MB', () => {
    expect(mp.total).toBeLessThanOrEqual(BUDGETS.total);
  });

  it('keeps each function bundle within 600 KB, with the SDKs left to CloudBase', () => {
    expect(Object.keys(functions).length).toBeGreaterThanOrEqual(6);
    for (const [name, bytes] of Object.entries(functions)) expect({ name, bytes, within: bytes <= BUDGETS.functionBundle }).toEqual({ name, bytes, within: true });
  });

  it('counts what an upload sends: WeChat\'s extension list, not source maps', () => {
    const extensions = uploadedExtensions();
    for (const ext of ['.js', '.json', '.wxml', '.wxss', '.png']) expect(extensions.has(ext)).toBe(true);
    expect(extensions.has('.map')).toBe(false);
    const files = uploadedFiles();
    expect(files.some((f) => f.path === 'miniprogram_npm/dayjs/index.js')).toBe(true);
    expect(files.some((f) => f.path.endsWith('.map'))).toBe(false);
    expect(files.some((f) => f.path === 'package.json' || f.path === 'tsconfig.json')).toBe(false);
  });
});
