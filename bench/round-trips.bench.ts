import { measureRoundTrips } from '../test/support/round-trips';

/**
 * Round trips per action on CloudBase (issue 16): every request the SDK sends for each action
 * of each function, counted at the SDK's request layer of the contract-suite stand-in. Goals:
 * filing.submit and filing.supplement ≤ 10, each review decision and a resident's withdraw or cancel ≤ 8,
 * each list, queue, search or get ≤ 2 (test/filing/round-trips.test.ts keeps them in `npm test`).
 * ratio = the worst action's count ÷ its goal (lower is better; ≤ 1 passes).
 */
async function main(): Promise<void> {
  const trips = await measureRoundTrips();
  const rows: Record<string, Record<string, number | string>> = {};
  for (const t of trips) {
    const inTx = (t.byApi['database.startTransaction'] ?? 0) + (t.byApi['database.commitTransaction'] ?? 0);
    rows[t.action] = {
      requests: t.requests,
      goal: t.goal ?? '',
      reads: (t.byApi['database.getDocument'] ?? 0) + (t.byApi['database.calculateDocument'] ?? 0) + (t.byApi['database.aggregateDocuments'] ?? 0),
      writes: (t.byApi['database.insertDocument'] ?? 0) + (t.byApi['database.modifyDocument'] ?? 0) + (t.byApi['database.removeDocument'] ?? 0),
      'tx start+commit': inTx,
      '': t.goal !== undefined && t.requests > t.goal ? 'over' : '',
    };
  }
  console.table(rows);
  const judged = trips.filter((t) => t.goal !== undefined);
  const worst = judged.reduce((a, b) => (b.requests / b.goal! > a.requests / a.goal! ? b : a));
  const ratio = Number((worst.requests / worst.goal!).toFixed(3));
  console.log(`${trips.length} actions; worst against its goal: ${worst.action} ${worst.requests} ÷ ${worst.goal}`);
  console.log(`BENCH ${JSON.stringify({ name: 'round-trips', ratio, goal: 1, pass: ratio <= 1, lowerIsBetter: true, worst: worst.action })}`);
}

void main();
