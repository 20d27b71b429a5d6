import path from 'node:path';
import Database from 'better-sqlite3';

/** Transition rows of one filing, as the audit trail and the outbox hold them. */
export interface FilingTrail {
  id: string;
  status: string;
  applicantOpenid: string;
  /** Audit rows of transitions (pii_access and change_requested excluded), by event. */
  audit: { event: string; from: string; to: string }[];
  outbox: { id: string; event: string; to: string }[];
}

const DECISIONS = new Set(['approve', 'reject', 'return', 'approveInstantly']);

/**
 * Reads the filing store's SQLite file directly (read-only, beside the running writer), so the
 * checks look at what is really on disk, not at what a possibly broken repository reports.
 */
export function readTrails(dataDir: string): Map<string, FilingTrail> {
  const db = new Database(path.join(dataDir, 'filings.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const trails = new Map<string, FilingTrail>();
    for (const row of db.prepare('SELECT doc FROM filings').all() as { doc: string }[]) {
      const f = JSON.parse(row.doc) as { id: string; status: string; applicantOpenid: string };
      trails.set(f.id, { id: f.id, status: f.status, applicantOpenid: f.applicantOpenid, audit: [], outbox: [] });
    }
    for (const row of db.prepare('SELECT doc FROM filing_audit ORDER BY at, id').all() as { doc: string }[]) {
      const a = JSON.parse(row.doc) as { filingId: string; event: string; from?: string; to?: string };
      if (a.from === undefined || a.to === undefined) continue;
      trails.get(a.filingId)?.audit.push({ event: a.event, from: a.from, to: a.to });
    }
    for (const row of db.prepare('SELECT doc FROM filing_audit WHERE state IS NOT NULL ORDER BY created_at, id').all() as { doc: string }[]) {
      const o = JSON.parse(row.doc) as { id: string; filingId: string; event: string; to: string };
      trails.get(o.filingId)?.outbox.push({ id: o.id, event: o.event, to: o.to });
    }
    return trails;
  } finally {
    db.close();
  }
}

export function rowCounts(dataDir: string): Record<string, number> {
  const db = new Database(path.join(dataDir, 'filings.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    return Object.fromEntries(tables.sort().map((t) => [t, (db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number)]));
  } finally {
    db.close();
  }
}

export function decisionsOf(trail: FilingTrail): number {
  return trail.audit.filter((a) => DECISIONS.has(a.event)).length;
}

/**
 * What must hold for every filing whatever raced or crashed: each transition wrote exactly one
 * audit row and one outbox row, at most one decision was made, the rows replay from `submitted`
 * to the stored status, and a decided filing's status is its decision's outcome.
 * Returns the problems found (empty when consistent).
 */
export function trailProblems(trail: FilingTrail): string[] {
  const problems: string[] = [];
  if (trail.audit.length !== trail.outbox.length) problems.push(`${trail.audit.length} audit rows but ${trail.outbox.length} outbox rows`);
  const counts = new Map<string, number>();
  for (const a of trail.audit) counts.set(a.event, (counts.get(a.event) ?? 0) + 1);
  if ((counts.get('submit') ?? 0) !== 1) problems.push(`${counts.get('submit') ?? 0} submit rows`);
  const decisions = decisionsOf(trail);
  if (decisions > 1) problems.push(`${decisions} decisions`);
  // Replay: from draft, each row must start where the previous ended (a lost race shows as a fork).
  let state = 'draft';
  const pending = [...trail.audit];
  while (pending.length > 0) {
    const next = pending.findIndex((a) => a.from === state);
    if (next < 0) {
      problems.push(`rows ${pending.map((a) => `${a.from}→${a.to}`).join(', ')} do not follow ${state}`);
      break;
    }
    state = pending[next]!.to;
    pending.splice(next, 1);
  }
  if (pending.length === 0 && state !== trail.status) problems.push(`trail ends at ${state}, filing is ${trail.status}`);
  return problems;
}
