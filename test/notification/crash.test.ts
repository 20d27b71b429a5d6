import { runCrashTest } from '../../scripts/crash-test';

/** The crash test of scripts/crash-test.ts, 3 SIGKILLs instead of 20 so the suite stays fast. */
describe('SIGKILL while deciding and dispatching', () => {
  it('after each restart: one inbox message per transition, nothing pending, every send recorded', async () => {
    const report = await runCrashTest({ kills: 3, log: () => undefined });
    expect(report.transitions).toBeGreaterThan(0);
    expect(report.inboxViolations).toBe(0);
    expect(report.pendingAfterSettle).toBe(0);
    expect(report.inboxMessages).toBe(report.transitions);
    expect(report.sentNotRecorded).toBe(0);
    expect(report.undelivered).toBe(0);
    // Each decided filing's applicant accepted once: one delivery per decision, each sent at least once.
    expect(report.sinkSends - report.duplicateSends).toBe(report.deliveries);
  }, 120_000);
});
