import { measureRoundTrips, type ActionTrips } from '../support/round-trips';

/**
 * Issue 16's round-trip goals, kept by `npm test`: every action runs once through its real entry
 * on the CloudBase adapters over the stand-in, and each request the SDK sends (transaction start,
 * each operation and the commit included) is counted — the same code as bench/round-trips.bench.ts.
 * Counts, not times: the check is stable on any machine.
 */
let trips: ActionTrips[];

beforeAll(async () => {
  trips = await measureRoundTrips();
}, 120_000);

const described = (t: ActionTrips) => `${t.action}: ${t.requests} requests (goal ${t.goal}): ${t.sent.map((r) => `${r.api.replace('database.', '')}${r.collection ? ` ${r.collection}` : ''}`).join(', ')}`;

describe('round trips to CloudBase per action (issue 16)', () => {
  it('measures every action the goals name', () => {
    const actions = new Set(trips.map((t) => t.action));
    for (const action of [
      'filing.submit', 'filing.supplement', 'filing.withdraw', 'filing.cancel', 'filing.list', 'filing.get',
      'review.queue', 'review.get', 'review.claim', 'review.release', 'review.approve', 'review.reject', 'review.return',
      'institution.search', 'notification.inbox',
    ]) expect(actions).toContain(action);
  });

  it('keeps every action within its goal: submit ≤ 10, each decision ≤ 8, each list, queue, search or get ≤ 2', () => {
    const over = trips.filter((t) => t.goal !== undefined && t.requests > t.goal).map(described);
    expect(over).toEqual([]);
  });

  it('writes one event document per transition: the audit record is the outbox row', () => {
    for (const action of ['review.claim', 'review.approve', 'review.reject', 'filing.withdraw']) {
      const t = trips.find((x) => x.action === action)!;
      expect(t.sent.filter((r) => r.api === 'database.insertDocument').map((r) => r.collection)).toEqual(['filing_audit']);
    }
  });
});
