import type { FilingCheckView } from '../../core/api/policy-api';
import type { PolicyValues } from '../../core/policy/policy-values';
import type { Proof } from '../../core/filing/filing-input.schema';

/** What a filing that passed every rule can expect: instant approval or staff review, and its end date. */
export function checkViewOf(policy: PolicyValues, filing: { proof: Proof; endDate?: string }): FilingCheckView {
  const instant = policy['review.instantApprovalByCommitment'] && filing.proof.kind === 'commitment';
  const view: FilingCheckView = { accepted: true, review: { mode: instant ? 'instant' : 'staff', workingDays: policy['review.workingDays'] } };
  if (filing.endDate) view.endDate = filing.endDate;
  return view;
}
