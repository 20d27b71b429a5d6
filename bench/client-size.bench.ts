import { build, type Metafile } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { PolicyActions as MiniActions } from '../core/api/policy-api';
import { issuesToFieldErrors } from '../core/validation/field-errors';
import { buildMiniprogram } from '../scripts/build';
import { BUDGETS, miniprogramSizes } from '../scripts/package-budgets';
import { PolicyActions as ClassicActions } from './fixtures/classic-zod-schemas';
import { EXAMPLE_FILING } from '../test/support/example-filing';

/**
 * What zod costs the mini-program. Bundles (minified, as scripts/build.ts does) the real
 * miniprogram/lib/index.ts and reports zod's share, then bundles the same schemas written with
 * zod/mini (core) and with classic zod (bench/fixtures) and compares the bytes.
 */
const ROOT = path.resolve(__dirname, '..');
const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024;
const GOAL_RATIO = 0.7;

interface Measured {
  bytes: number;
  zodBytes: number;
  dayjsBytes: number;
  coreBytes: number;
}

async function bundle(entry: { file: string } | { contents: string }): Promise<Measured> {
  const result = await build({
    ...('file' in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.contents, resolveDir: ROOT, loader: 'ts' as const, sourcefile: 'entry.ts' } }),
    bundle: true,
    write: false,
    outfile: 'out.js',
    format: 'cjs',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2017',
    minify: true,
    legalComments: 'none',
    // As scripts/build.ts ships lib/index.js: Chinese text as UTF-8.
    charset: 'utf8',
    metafile: true,
  });
  return measure(result.metafile);
}

function measure(metafile: Metafile): Measured {
  const output = Object.values(metafile.outputs)[0]!;
  const share = (test: (input: string) => boolean) =>
    Object.entries(output.inputs).reduce((sum, [input, info]) => (test(input) ? sum + info.bytesInOutput : sum), 0);
  return {
    bytes: output.bytes,
    zodBytes: share((i) => i.includes('node_modules/zod/')),
    dayjsBytes: share((i) => i.includes('node_modules/dayjs/')),
    coreBytes: share((i) => i.startsWith('core/')),
  };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const pct = (part: number, whole: number) => `${((part / whole) * 100).toFixed(0)}%`;

/** The two flavours must judge alike, or the size comparison would be meaningless. */
function assertEquivalent(): void {
  const example = EXAMPLE_FILING;
  const inputs: unknown[] = [
    { filing: example },
    { filing: { ...example, applicant: { name: ' ', idNumber: '110105194912310021', phone: '123' }, startDate: '2026-02-30' } },
    { filing: { ...example, proof: { kind: 'documents', fileIds: [] }, type: 'x', memo: 'x'.repeat(201) } },
    { filing: null },
  ];
  const proposal = { region: '320500', field: 'validity.other_temporary', value: { amount: 6, unit: 'month' }, effectiveFrom: '2027-01-01', source: '苏医保发〔2026〕1号' };
  const cases: [keyof typeof MiniActions, unknown][] = [
    ...inputs.map((input): [keyof typeof MiniActions, unknown] => ['check', input]),
    ['propose', proposal],
    ['propose', { ...proposal, value: { amount: 0, unit: 'year' } }],
    ['propose', { ...proposal, field: 'benefit.other_temporary', value: { kind: 'multiply', factor: 2 } }],
    ['propose', { ...proposal, region: '000000', field: 'emergency.filingDeadlineDays', value: null }],
    ['loadCalendar', { year: 2027, days: [{ date: '2027-01-01', name: '元旦', isOffDay: true }, { date: 1, name: '', isOffDay: 'yes' }] }],
  ];
  for (const [action, input] of cases) {
    const mini = MiniActions[action].safeParse(input);
    const classic = ClassicActions[action].safeParse(input);
    const a = mini.success ? 'ok' : JSON.stringify(issuesToFieldErrors(mini.error.issues));
    const b = classic.success ? 'ok' : JSON.stringify(issuesToFieldErrors(classic.error.issues));
    if (a !== b) throw new Error(`zod/mini and classic zod disagree on ${action}:\n  mini    ${a}\n  classic ${b}`);
  }
}

async function main(): Promise<void> {
  assertEquivalent();

  const lib = await bundle({ file: path.join(ROOT, 'miniprogram/lib/index.ts') });
  const schemas = 'export { PolicyActions } from "./core/api/policy-api";\nexport { FilingInputSchema } from "./core/filing/filing-input.schema";\n';
  const mini = await bundle({ contents: schemas });
  const classic = await bundle({ contents: 'export { PolicyActions, FilingInputSchema } from "./bench/fixtures/classic-zod-schemas";\n' });

  // Measure what an upload would send (scripts/package-budgets.ts); build first when no build is there yet.
  const mpDir = path.join(ROOT, 'dist/miniprogram');
  if (!fs.existsSync(path.join(mpDir, 'lib/index.js'))) await buildMiniprogram();
  const sizes = miniprogramSizes(mpDir);
  const mainPackage = sizes.mainPackage;

  console.log('\nWhat the pages share: miniprogram/lib/index.ts and all it imports, minified (the build ships dayjs itself as miniprogram_npm/dayjs)');
  console.table({
    total: { bytes: lib.bytes, size: kib(lib.bytes), share: '100%' },
    'zod/mini': { bytes: lib.zodBytes, size: kib(lib.zodBytes), share: pct(lib.zodBytes, lib.bytes) },
    dayjs: { bytes: lib.dayjsBytes, size: kib(lib.dayjsBytes), share: pct(lib.dayjsBytes, lib.bytes) },
    'core/': { bytes: lib.coreBytes, size: kib(lib.coreBytes), share: pct(lib.coreBytes, lib.bytes) },
  });
  console.log('FilingInput + policy schemas (with the policy values and admin actions) alone, same helpers, two zod flavours');
  console.table({
    'zod/mini (core)': { total: kib(mini.bytes), zod: kib(mini.zodBytes) },
    'classic zod': { total: kib(classic.bytes), zod: kib(classic.zodBytes) },
  });
  console.log('What an upload of dist/miniprogram sends, against our budgets and WeChat\'s 2 MB limit');
  console.table({
    'main package': { bytes: mainPackage, size: kib(mainPackage), ofBudget: pct(mainPackage, BUDGETS.mainPackage), ofLimit: pct(mainPackage, MAIN_PACKAGE_LIMIT) },
    ...Object.fromEntries(Object.entries(sizes.subpackages).map(([root, bytes]) => [`subpackage ${root}/`, { bytes, size: kib(bytes) }])),
    'all packages': { bytes: sizes.total, size: kib(sizes.total), ofBudget: pct(sizes.total, BUDGETS.total) },
  });

  const ratio = Number((mini.bytes / classic.bytes).toFixed(3));
  const zodRatio = Number((mini.zodBytes / classic.zodBytes).toFixed(3));
  console.table({
    'schemas: zod/mini ÷ classic zod': { value: ratio, goal: `≤ ${GOAL_RATIO}` },
    'zod bytes only: mini ÷ classic': { value: zodRatio, goal: `≤ ${GOAL_RATIO}` },
    'lib/index.js bytes': { value: lib.bytes, goal: '≤ 102400' },
    'main package bytes': { value: mainPackage, goal: `≤ ${BUDGETS.mainPackage}` },
    'all packages bytes': { value: sizes.total, goal: `≤ ${BUDGETS.total}` },
  });
  // One BENCH line per bench: the headline ratio, measured against classic zod in this run.
  console.log(`BENCH ${JSON.stringify({ name: 'client-size', ratio, goal: GOAL_RATIO, pass: ratio <= GOAL_RATIO && mainPackage <= BUDGETS.mainPackage && sizes.total <= BUDGETS.total, lowerIsBetter: true })}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
