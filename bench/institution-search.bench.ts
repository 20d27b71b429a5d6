import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseKeyword } from '../core/institution/keyword';
import { capBit } from '../server/institution/sqlite-directory.schema';
import type { DirectoryQuery } from '../server/institution/institution-repository.port';
import { SqliteInstitutionRepository } from '../server/institution/sqlite-institution-repository';
import { importGenerated } from '../server/institution/seed-directory';
import { FAMOUS_INSTITUTIONS } from '../server/institution/famous-institutions';
import { sharedRegionDirectory } from '../server/runtime/runtime';

/**
 * Directory search at national scale: 600,000 generated institutions in SQLite. For each query
 * shape, p50/p95 of the indexed search (repository.search: page + total) against a naive scan
 * of the same table (LIKE, computed distance, NOT INDEXED) answering the same question.
 * The generated database is cached under .data/bench/ (delete it to measure the import again).
 */
const COUNT = Number(process.env.BENCH_INSTITUTIONS ?? 600_000);
const DIR = path.resolve('.data/bench');
const FILE = path.join(DIR, `directory-${COUNT}.sqlite`);
const META = `${FILE}.json`;
const GOAL = 50;
const INDEXED_RUNS = 60;
const NAIVE_RUNS = 12;

interface Meta {
  importSeconds: number;
  rows: number;
}

async function openOrBuild(): Promise<{ repo: SqliteInstitutionRepository; meta: Meta; cached: boolean }> {
  if (fs.existsSync(FILE) && fs.existsSync(META)) {
    const repo = SqliteInstitutionRepository.open(FILE);
    const meta = JSON.parse(fs.readFileSync(META, 'utf8')) as Meta;
    if ((await repo.count()) === meta.rows) return { repo, meta, cached: true };
    repo.db.close();
  }
  for (const f of [FILE, `${FILE}-wal`, `${FILE}-shm`, META]) fs.rmSync(f, { force: true });
  fs.mkdirSync(DIR, { recursive: true });
  const repo = SqliteInstitutionRepository.open(FILE);
  const started = performance.now();
  let last = 0;
  const rows = await importGenerated(repo, { regions: sharedRegionDirectory() }, {
    count: COUNT,
    batch: 'bench',
    onProgress: (done) => {
      if (done - last >= 100_000) {
        last = done;
        process.stderr.write(`  generated ${done.toLocaleString()} …\n`);
      }
    },
  });
  const meta = { importSeconds: (performance.now() - started) / 1000, rows };
  repo.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  fs.writeFileSync(META, JSON.stringify(meta));
  return { repo, meta, cached: false };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

type Query = Omit<DirectoryQuery, 'limit'>;

/** The naive answer to the same question: full scans, LIKE, distance computed per row. */
function naiveSql(q: Query): { where: string; order: string; params: Record<string, unknown> } {
  const where = ['networked = 1'];
  const params: Record<string, unknown> = {};
  if (q.region) {
    where.push('region LIKE @regionPrefix');
    params.regionPrefix = `${q.region.replace(/(00)+$/, '')}%`;
  }
  if (q.kind) {
    where.push('kind = @kind');
    params.kind = q.kind;
  }
  for (const c of q.capabilities) where.push(`caps & ${capBit(c)} != 0`);
  let order = 'level_rank, code';
  if (q.keyword?.kind === 'text') {
    where.push("(name LIKE @like OR address LIKE @like)");
    params.like = `%${q.keyword.value}%`;
    params.kw = q.keyword.value;
    order = 'CASE WHEN name LIKE @prefix THEN 0 WHEN name LIKE @like THEN 1 ELSE 2 END, level_rank, code';
    params.prefix = `${q.keyword.value}%`;
  } else if (q.keyword?.kind === 'pinyin') {
    where.push('(initials LIKE @like OR full_pinyin LIKE @like) AND pinyin_hit(pinyin, @kw) = 1');
    params.like = `%${q.keyword.value}%`;
    params.kw = q.keyword.value;
  }
  if (q.origin) {
    params.lat = q.origin.latitude;
    params.lng = q.origin.longitude;
    if (q.radiusKm !== undefined) {
      where.push('distance_km(latitude, longitude, @lat, @lng) <= @radius');
      params.radius = q.radiusKm;
    }
    if (q.sort === 'distance') order = 'distance_km(latitude, longitude, @lat, @lng), code';
  }
  return { where: where.join(' AND '), order, params };
}

const CITIES = ['220100', '320500', '110100', '440100', '430100', '510100', '330100', '420100'];
const CENTRES: Array<[number, number]> = [
  [43.88, 125.32], [31.3, 120.62], [39.9, 116.4], [23.13, 113.26], [28.23, 112.94], [30.66, 104.07], [30.27, 120.15], [30.59, 114.3],
];
/** What residents type: (parts of) an institution's name or street. */
const KEYWORDS = ['人民医院', '中医医院', '妇幼保健院', '协和医院', '口腔医院', '帅府园', '华西医院', '湘雅医院'];
/** Category words that match a sixth of the country: reported, not part of the goal. */
const BROAD_KEYWORDS = ['社区卫生服务中心', '大药房', '卫生院'];
const INITIALS = ['bjxh', 'hxyy', 'zsdx', 'jldx', 'ccsrmyy', 'szsly', 'dgsrm', 'xyyy'];
const CAPS = ['dialysis', 'chemoRadiotherapy', 'inpatient', 'antiRejection'] as const;

function shapes(): Array<[string, (i: number) => Query, boolean]> {
  const at = <T>(list: readonly T[], i: number) => list[i % list.length]!;
  const origin = (i: number) => ({ latitude: at(CENTRES, i)[0], longitude: at(CENTRES, i)[1] });
  return [
    ['region + capability', (i) => ({ region: at(CITIES, i), capabilities: [at(CAPS, i)], sort: 'level' }), true],
    ['Chinese keyword', (i) => ({ keyword: parseKeyword(at(KEYWORDS, i)), capabilities: [], sort: 'relevance' }), true],
    ['pinyin initials', (i) => ({ keyword: parseKeyword(at(INITIALS, i)), capabilities: [], sort: 'relevance' }), true],
    ['nearby 5 km', (i) => ({ origin: origin(i), radiusKm: 5, capabilities: [], sort: 'distance' }), true],
    [
      'all combined',
      (i) => ({
        region: at(CITIES, i),
        kind: 'hospital',
        capabilities: ['inpatient'],
        keyword: parseKeyword(at(['人民医院', '中医医院', '医院', '卫生院'], i)),
        origin: origin(i),
        radiusKm: 30,
        sort: 'distance',
      }),
      true,
    ],
    ['broad keyword (info)', (i) => ({ keyword: parseKeyword(at(BROAD_KEYWORDS, i)), capabilities: [], sort: 'relevance' }), false],
  ];
}

async function main(): Promise<void> {
  const { repo, meta, cached } = await openOrBuild();
  const db = repo.db;
  // Warm the page cache for both sides alike.
  db.prepare('SELECT count(*), sum(length(name)) FROM institutions').get();

  const rows: Array<{ shape: string; goal: boolean; idx50: number; idx95: number; naive50: number; naive95: number; speedup: number }> = [];
  for (const [shape, make, goal] of shapes()) {
    const indexed: number[] = [];
    for (let i = 0; i < INDEXED_RUNS; i++) {
      const q = make(i);
      const t = performance.now();
      const page = await repo.search({ ...q, limit: 21 });
      indexed.push(performance.now() - t);
      if (process.env.BENCH_VERBOSE) process.stderr.write(`  ${shape} #${i}: ${(performance.now() - t).toFixed(1)} ms, total ${page.total}\n`);
    }
    const naive: number[] = [];
    for (let i = 0; i < NAIVE_RUNS; i++) {
      const q = make(i);
      const { where, order, params } = naiveSql(q);
      const t = performance.now();
      db.prepare(`SELECT * FROM institutions NOT INDEXED WHERE ${where} ORDER BY ${order} LIMIT 21`).all(params);
      db.prepare(`SELECT count(*) FROM institutions NOT INDEXED WHERE ${where}`).get(params);
      naive.push(performance.now() - t);
    }
    const a = stats(indexed);
    const b = stats(naive);
    rows.push({ shape, goal, idx50: a.p50, idx95: a.p95, naive50: b.p50, naive95: b.p95, speedup: b.p95 / a.p95 });
  }

  const fmt = (ms: number) => ms.toFixed(2).padStart(9);
  console.log(`\nDirectory search, ${meta.rows.toLocaleString()} institutions (SQLite, ${INDEXED_RUNS} indexed / ${NAIVE_RUNS} naive runs per shape, page of 20 + total)`);
  console.log('| shape                | indexed p50 ms | indexed p95 ms | naive p50 ms | naive p95 ms | p95 speed-up |');
  console.log('|----------------------|---------------:|---------------:|-------------:|-------------:|-------------:|');
  for (const r of rows) {
    console.log(`| ${r.shape.padEnd(20)} | ${fmt(r.idx50)}      | ${fmt(r.idx95)}      | ${fmt(r.naive50)}    | ${fmt(r.naive95)}    | ${r.speedup.toFixed(1).padStart(10)}× |`);
  }
  const size = [FILE, `${FILE}-wal`].filter((f) => fs.existsSync(f)).reduce((s, f) => s + fs.statSync(f).size, 0);
  console.log(`\nimport: ${meta.importSeconds.toFixed(1)} s for ${meta.rows.toLocaleString()} rows${cached ? ' (cached database; delete .data/bench to re-measure)' : ''}`);
  console.log(`database size: ${(size / 1024 / 1024).toFixed(1)} MiB (${FILE})`);
  console.log(`peak memory (max RSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  console.log(`famous institutions included: ${FAMOUS_INSTITUTIONS.length}`);
  const worst = Math.min(...rows.filter((r) => r.goal).map((r) => r.speedup));
  repo.db.close();
  console.log(`BENCH ${JSON.stringify({ name: 'institution-search', ratio: Number(worst.toFixed(1)), goal: GOAL, pass: worst >= GOAL })}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
