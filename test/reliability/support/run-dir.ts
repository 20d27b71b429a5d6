import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger, type Logger } from '../../../server/kernel/logger';
import { makeResidentId } from '../../support/resident-ids';

/**
 * The suite's shared run directory: every part keeps its data directory, its log file, the
 * figures it measured and the ID numbers it used here, so the last part can scan them all and
 * the summary reporter can print one table.
 */
export const RUN_DIR_ENV = 'RELIABILITY_RUN_DIR';

export function runDir(): string {
  let dir = process.env[RUN_DIR_ENV];
  if (!dir) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reliability-'));
    process.env[RUN_DIR_ENV] = dir;
  }
  return dir;
}

function sub(...parts: string[]): string {
  const dir = path.join(runDir(), ...parts);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** A fresh data directory for one part (never deleted before the scan). */
export function partDataDir(part: string): string {
  return sub('data', part);
}

export function logFileOf(part: string): string {
  return path.join(sub('logs'), `${part}.log`);
}

/** A logger writing through the real `createLogger` (so `redact` runs) to the part's log file. */
export function fileLogger(part: string): { log: Logger; lines: string[] } {
  // One descriptor for the part's life: reopening the file per line would dominate the fuzz.
  const fd = fs.openSync(logFileOf(part), 'a');
  const lines: string[] = [];
  const log = createLogger((line) => {
    lines.push(line);
    fs.writeSync(fd, `${line}\n`);
  });
  return { log, lines };
}

/** One row of the summary table. */
export interface Figure {
  check: string;
  measured: string;
  ok: boolean;
}

export function recordFigures(part: string, figures: Figure[]): void {
  const file = path.join(sub('figures'), `${part}.json`);
  const previous = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Figure[]) : [];
  fs.writeFileSync(file, JSON.stringify([...previous, ...figures], null, 2));
}

export function figure(check: string, measured: string | number, ok: boolean): Figure {
  return { check, measured: String(measured), ok };
}

/** ID numbers a part sent in valid filings: the personal-data scan looks for each of them. */
export function recordIdNumbers(part: string, ids: Iterable<string>): void {
  const file = path.join(sub('ids'), `${part}.json`);
  const previous = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as string[]) : [];
  fs.writeFileSync(file, JSON.stringify([...new Set([...previous, ...ids])]));
}

export function usedIdNumbers(): string[] {
  const dir = sub('ids');
  const all = fs.readdirSync(dir).flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as string[]);
  return [...new Set(all)];
}

/** The n-th distinct valid ID number of a part (parts use disjoint `block`s). */
export function idNumberFor(block: number, n: number): string {
  const birth = new Date(Date.UTC(1950 + block, 0, 1) + Math.floor(n / 900) * 86_400_000);
  const yyyymmdd = birth.toISOString().slice(0, 10).replaceAll('-', '');
  return makeResidentId('320505', yyyymmdd, 100 + (n % 900));
}
