import fs from 'node:fs';
import { SingleBar, Presets } from 'cli-progress';
import { createLocalRuntime } from '../server/runtime/runtime';
import { closeInstitutionRepository, institutionRepository } from '../server/institution/institution-store';
import { importDirectoryCsv } from '../server/institution/import-directory';
import { importGenerated } from '../server/institution/seed-directory';
import { csvHeader, csvLine } from '../server/institution/directory-csv';
import { generateDirectory } from '../server/institution/directory-generator';
import { FAMOUS_INSTITUTIONS } from '../server/institution/famous-institutions';
import { AGENCY_SEED } from '../server/institution/agency-seed';

/**
 * `npm run import -- <file.csv>`            import a national directory file (docs/institutions.md)
 * `npm run import -- --generate 600000`     add a generated directory (deterministic; --seed N)
 * `npm run import -- --generate 1000 --csv out.csv`   write the generated rows as a CSV instead
 * Into `directory.sqlite` under DATA_DIR (default .data).
 */
const USAGE = '用法：npm run import -- <文件.csv> | --generate <条数> [--seed <数>] [--csv <输出文件>]';
const PROGRESS_FROM = 5000;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function progressBar(label: string) {
  return new SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} | {duration}s`, hideCursor: true }, Presets.shades_classic);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const runtime = createLocalRuntime();
  const generate = option(args, '--generate');
  try {
    if (generate !== undefined) {
      const count = Number(generate);
      if (!Number.isInteger(count) || count < 0 || count > 2_000_000) {
        console.error(`条数应为0到2000000之间的整数。\n${USAGE}`);
        return 2;
      }
      const seed = Number(option(args, '--seed') ?? 20220701);
      const csv = option(args, '--csv');
      if (csv) {
        const out = fs.createWriteStream(csv);
        out.write(`\ufeff${csvHeader()}\n`);
        for (const i of FAMOUS_INSTITUTIONS) out.write(`${csvLine(i)}\n`);
        for (const chunk of generateDirectory(runtime.regions, { count, seed })) out.write(`${chunk.map(csvLine).join('\n')}\n`);
        await new Promise<void>((resolve) => out.end(resolve));
        console.log(`已写出 ${count + FAMOUS_INSTITUTIONS.length} 条到 ${csv}`);
        return 0;
      }
      const repository = institutionRepository(runtime);
      const bar = count >= PROGRESS_FROM ? progressBar('生成') : undefined;
      bar?.start(count, 0);
      const started = Date.now();
      const total = await importGenerated(repository, runtime, { count, seed, onProgress: (done) => bar?.update(done) });
      bar?.stop();
      await repository.putAgencies(AGENCY_SEED);
      console.log(`已生成并导入 ${total} 家机构，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒（${runtime.dataDir}/directory.sqlite）`);
      return 0;
    }

    const file = args.find((a) => !a.startsWith('--'));
    if (!file) {
      console.error(USAGE);
      return 2;
    }
    if (!fs.existsSync(file)) {
      console.error(`找不到文件：${file}`);
      return 2;
    }
    const repository = institutionRepository(runtime);
    let bar: SingleBar | undefined;
    const report = await importDirectoryCsv(repository, runtime, fs.readFileSync(file, 'utf8'), {
      onStart: (total) => {
        if (total >= PROGRESS_FROM) {
          bar = progressBar('导入');
          bar.start(total, 0);
        }
      },
      onProgress: (done) => bar?.update(done),
    });
    bar?.stop();
    for (const p of report.problems) console.error(`第${p.line}行：${p.reason}`);
    if (report.fatal) {
      console.error(`未导入：${report.fatal}`);
      return 1;
    }
    console.log(`已导入 ${report.imported} 行，有问题 ${report.problems.length} 行（未导入），不再联网 ${report.retired} 家`);
    return 0;
  } finally {
    closeInstitutionRepository(runtime);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
