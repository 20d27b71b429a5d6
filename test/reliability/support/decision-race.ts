import type { Result } from '../../../core/errors/result';
import type { ErrorCode } from '../../../core/errors/error-code';
import { decisionsOf, readTrails, trailProblems } from './store-probe';
import { filingFor } from './reliability-harness';

export type Call = (fn: string, openid: string | undefined, data: unknown) => Promise<Result<unknown>>;

/** What the loser of a claim/decide race may be told, and nothing else. */
export const LOSER_CODES: readonly ErrorCode[] = ['FILING.ALREADY_CLAIMED', 'FILING.VERSION_CONFLICT', 'FILING.NOT_CLAIMED_BY_YOU', 'FILING.ALREADY_DECIDED'];

/**
 * `two-reviewers`: both reviewers claim and decide at once (A approves, B rejects, alternating).
 * `two-sessions`: the claimer approves and rejects at once from two devices.
 */
export type RaceStyle = 'two-reviewers' | 'two-sessions';

export interface RaceReport {
  rounds: number;
  exactlyOne: number;
  doubled: number;
  lost: number;
  inconsistent: number;
  loserCodes: Record<string, number>;
  unexpected: string[];
}

export interface RaceOptions {
  call: Call;
  dataDir: string;
  rounds: number;
  reviewers: readonly [string, string];
  style: RaceStyle;
  resident: string;
  /** Makes the rounds' idempotency keys unique across runs on one store. */
  keyPrefix: string;
  /** The round's applicant ID number (each round a different person: one active filing each). */
  idNumber(round: number): string;
  /** Makes the resident the verified self of that person before the round's submit. */
  bind(openid: string, idNumber: string): Promise<void>;
}

const decide = (id: string, approve: boolean) => (approve ? { action: 'approve', id } : { action: 'reject', id, reason: '材料不全，请补充后重新申请' });

export async function runDecisionRace(o: RaceOptions): Promise<RaceReport> {
  const report: RaceReport = { rounds: o.rounds, exactlyOne: 0, doubled: 0, lost: 0, inconsistent: 0, loserCodes: {}, unexpected: [] };
  const ids: string[] = [];
  const answered = new Map<string, number>();
  const refused = (r: Result<unknown>, what: string) => {
    if (r.ok) return;
    if (LOSER_CODES.includes(r.error.code)) report.loserCodes[r.error.code] = (report.loserCodes[r.error.code] ?? 0) + 1;
    else report.unexpected.push(`${what}: ${r.error.code}`);
  };
  for (let round = 0; round < o.rounds; round++) {
    const idNumber = o.idNumber(round);
    await o.bind(o.resident, idNumber);
    const submitted = await o.call('filing', o.resident, { action: 'submit', idempotencyKey: `${o.keyPrefix}-${round}`, filing: filingFor(idNumber) });
    if (!submitted.ok) throw new Error(`submit failed: ${JSON.stringify(submitted.error)}`);
    const id = (submitted.data as { id: string }).id;
    ids.push(id);
    const [a, b] = o.reviewers;
    const approveFirst = round % 2 === 0;
    let decisions: Result<unknown>[];
    if (o.style === 'two-reviewers') {
      const claimThenDecide = async (reviewer: string, approve: boolean) => {
        const claim = await o.call('review', reviewer, { action: 'claim', id });
        refused(claim, 'claim');
        return o.call('review', reviewer, decide(id, approve));
      };
      decisions = await Promise.all([claimThenDecide(a, approveFirst), claimThenDecide(b, !approveFirst)]);
    } else {
      const claim = await o.call('review', a, { action: 'claim', id });
      if (!claim.ok) throw new Error(`claim failed: ${JSON.stringify(claim.error)}`);
      decisions = await Promise.all([o.call('review', a, decide(id, approveFirst)), o.call('review', a, decide(id, !approveFirst))]);
    }
    decisions.forEach((d) => refused(d, 'decide'));
    answered.set(id, decisions.filter((d) => d.ok).length);
  }
  const trails = readTrails(o.dataDir);
  for (const id of ids) {
    const trail = trails.get(id);
    const onDisk = trail ? decisionsOf(trail) : 0;
    const ok = answered.get(id) ?? 0;
    if (onDisk > 1 || ok > 1) report.doubled += 1;
    else if (onDisk === 0 || ok === 0) report.lost += 1;
    else report.exactlyOne += 1;
    if (!trail || trailProblems(trail).length > 0) report.inconsistent += 1;
  }
  return report;
}

export function codesText(codes: Record<string, number>): string {
  return Object.entries(codes).map(([c, n]) => `${c.replace('FILING.', '')}×${n}`).join(', ') || 'none';
}
