import fs from 'node:fs';
import path from 'node:path';
import { FILING_MIGRATIONS, openSqliteFilingRepository } from '../server/filing/sqlite-filing-repository';
import { openSqlite } from '../server/store/sqlite/sqlite-database';
import { createChinaDivisionDirectory } from '../server/regions/china-division-directory';
import type { FilingRecord } from '../server/filing/filing-records';
import type { FilingStatus } from '../core/filing/filing-status';

/**
 * Staff queue: 1,000,000 filings across 300 regions; the first page of one region's queue
 * (pending statuses, deadline order) through the real repository and its indexes, against a
 * full scan of the same table (NOT INDEXED) answering the same question. Goal: p95 ≥ 100×.
 */
const TOTAL = Number(process.env.BENCH_FILINGS ?? 1_000_000);
const REGIONS = 300;
const GOAL = 100;
const DIR = path.resolve(__dirname, '..', '.data', 'bench', `filings-${TOTAL}`);

/** Deterministic PRNG (mulberry32) so every run builds the same table. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cities(): string[] {
  return createChinaDivisionDirectory().all().filter((r) => r.level === 'city').map((r) => r.code).slice(0, REGIONS);
}

const STATUS_SHARES: [FilingStatus, number][] = [['submitted', 0.06], ['in_review', 0.03], ['returned', 0.02], ['approved', 0.75], ['rejected', 0.04], ['withdrawn', 0.04], ['expired', 0.06]];

function pickStatus(r: number): FilingStatus {
  let acc = 0;
  for (const [status, share] of STATUS_SHARES) {
    acc += share;
    if (r < acc) return status;
  }
  return 'approved';
}

function build(regions: string[]): number {
  const started = performance.now();
  fs.mkdirSync(DIR, { recursive: true });
  const db = openSqlite(path.join(DIR, 'filings.sqlite'), FILING_MIGRATIONS);
  const insert = db.prepare('INSERT INTO filings (id, version, doc) VALUES (?, 1, ?)');
  const random = prng(20261126);
  const load = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const city = regions[Math.floor(random() * regions.length)]!;
      const day = 1 + Math.floor(random() * 60);
      const deadline = `2026-${day > 30 ? '12' : '11'}-${String(((day - 1) % 30) + 1).padStart(2, '0')}`;
      const id = `f${String(i).padStart(8, '0')}`;
      const doc: FilingRecord = {
        id, version: 1, applicantOpenid: `o${i}`, personHash: `p${i}`, type: 'long_term_residence', status: pickStatus(random()),
        insuranceType: 'employee', insuredRegion: `${city.slice(0, 4)}02`, insuredCity: city, insuredProvince: `${city.slice(0, 2)}0000`,
        treatmentRegion: '440300', treatmentProvince: '440000', startDate: '2026-12-01', proofKind: 'commitment', fileIds: [],
        pii: 'v1.' + 'x'.repeat(120), applicantNameMasked: '张*', idNumberMasked: '110105********002X',
        submittedAt: `2026-11-01T10:00:00.000+08:00`, reviewDeadline: deadline, updatedAt: '2026-11-01T10:00:00.000+08:00',
      };
      insert.run(id, JSON.stringify(doc));
    }
  });
  for (let from = 0; from < TOTAL; from += 50_000) {
    load(from, Math.min(TOTAL, from + 50_000));
    process.stderr.write(`\rgenerating ${Math.min(TOTAL, from + 50_000)}/${TOTAL}`);
  }
  process.stderr.write('\n');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return performance.now() - started;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const regions = cities();
  const buildMs = fs.existsSync(path.join(DIR, 'filings.sqlite')) ? 0 : build(regions);
  const repo = openSqliteFilingRepository(DIR);
  const scanDb = openSqlite(path.join(DIR, 'filings.sqlite'), FILING_MIGRATIONS);
  const scan = scanDb.prepare(
    `SELECT doc FROM filings NOT INDEXED WHERE insured_city = ? AND status IN ('submitted', 'in_review') ORDER BY review_deadline, id LIMIT 20`,
  );
  const random = prng(7);
  const pick = () => regions[Math.floor(random() * regions.length)]!;

  for (let i = 0; i < 20; i++) await repo.queue({ scopes: [pick()], limit: 20 });
  const indexed: number[] = [];
  let checked = 0;
  for (let i = 0; i < 300; i++) {
    const region = pick();
    const t = performance.now();
    const page = await repo.queue({ scopes: [region], limit: 20 });
    indexed.push(performance.now() - t);
    if (i < 3) {
      // Both answer the same question: same first page.
      const same = (scan.all(region) as { doc: string }[]).map((r) => (JSON.parse(r.doc) as FilingRecord).id);
      if (JSON.stringify(same) !== JSON.stringify(page.items.map((f) => f.id))) throw new Error(`queue and scan disagree for ${region}`);
      checked += 1;
    }
  }
  const scanned: number[] = [];
  for (let i = 0; i < 12; i++) {
    const region = pick();
    const t = performance.now();
    scan.all(region);
    scanned.push(performance.now() - t);
  }
  const ratio = Number((percentile(scanned, 95) / percentile(indexed, 95)).toFixed(1));
  const size = fs.statSync(path.join(DIR, 'filings.sqlite')).size;
  console.log(`${TOTAL.toLocaleString()} filings in ${regions.length} regions (${(size / 2 ** 20).toFixed(0)} MiB${buildMs ? `, built in ${(buildMs / 1000).toFixed(1)} s` : ', cached'}); results checked equal on ${checked} regions`);
  console.table({
    'queue (indexes)': { runs: indexed.length, 'p50 ms': percentile(indexed, 50).toFixed(3), 'p95 ms': percentile(indexed, 95).toFixed(3) },
    'full scan (NOT INDEXED)': { runs: scanned.length, 'p50 ms': percentile(scanned, 50).toFixed(1), 'p95 ms': percentile(scanned, 95).toFixed(1) },
  });
  console.log(`BENCH ${JSON.stringify({ name: 'staff-queue', ratio, goal: GOAL, pass: ratio >= GOAL })}`);
  repo.close();
  scanDb.close();
}

void main();
