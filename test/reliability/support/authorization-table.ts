export const ROLES = ['none', 'owner', 'otherResident', 'otherRegionStaff', 'reviewer', 'admin', 'forged', 'unverified', 'unverifiedReviewer', 'ownCaseReviewer'] as const;
export type Role = (typeof ROLES)[number];

const row = (key: string, answers: readonly string[]): [string, Partial<Record<Role, string>>] => [key, Object.fromEntries(ROLES.map((r, i) => [r, answers[i]!]))];

/**
 * The authorization matrix: for each action, the answer of each role, in ROLES order —
 * no identity, the filing's owner, another resident, staff of another region (Beijing), the
 * Suzhou reviewer, the admin (who manages staff and covers no region), and another resident
 * whose payload claims the owner's/admin's openid (must be treated as that other resident),
 * an account with no verified identity, a Suzhou reviewer with none, and a Suzhou reviewer who is
 * verified as the very person the filing is for (their own case: AUTH.OWN_CASE).
 * Business refusals for the rightful caller (CHANGE_LOCKED: a long-term filing is locked for
 * months after approval; NOT_RENEWABLE: only temporary filings renew) show that authorization let
 * the call through.
 * Staff of another region, and the admin (who covers none), get FILING.NOT_FOUND for a filing
 * they may not see: the same answer as for a filing that does not exist (issue 11).
 * `scheduler.tick` runs for the platform's timer (08-hostile-values tries it) and admins only:
 * a call without identity is nobody's pass.
 */
export const EXPECTED: Record<string, Partial<Record<Role, string>>> = Object.fromEntries([
  row('policy.get', ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
  row('policy.check', ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
  // Rule changes and calendar loads are for admins; the approved change was proposed by another admin.
  row('policy.propose', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN', 'ok', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN']),
  row('policy.approve', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN', 'ok', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN']),
  row('policy.changes', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN', 'ok', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN']),
  row('policy.loadCalendar', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN', 'ok', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN']),
  row('policy.calendar', ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
  row('filing.saveDraft', ['AUTH.NO_IDENTITY', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
  row('filing.getDraft', ['AUTH.NO_IDENTITY', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
  // A filing only for the caller's verified self or family: anyone else is refused before any rule looks at the number.
  row('filing.submit', ['AUTH.NO_IDENTITY', 'ok', 'IDENTITY.APPLICANT_NOT_BOUND', 'IDENTITY.APPLICANT_NOT_BOUND', 'IDENTITY.APPLICANT_NOT_BOUND', 'IDENTITY.APPLICANT_NOT_BOUND', 'IDENTITY.APPLICANT_NOT_BOUND', 'IDENTITY.NOT_VERIFIED', 'IDENTITY.NOT_VERIFIED', 'IDENTITY.APPLICANT_NOT_BOUND']),
  row('filing.precheck', ['AUTH.NO_IDENTITY', 'ok', 'IDENTITY.APPLICANT_NOT_BOUND', 'IDENTITY.APPLICANT_NOT_BOUND', 'IDENTITY.APPLICANT_NOT_BOUND', 'IDENTITY.APPLICANT_NOT_BOUND', 'IDENTITY.APPLICANT_NOT_BOUND', 'IDENTITY.NOT_VERIFIED', 'IDENTITY.NOT_VERIFIED', 'IDENTITY.APPLICANT_NOT_BOUND']),
  row('filing.list', ['AUTH.NO_IDENTITY', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
  row('filing.get', ['AUTH.NO_IDENTITY', 'ok', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND']),
  row('filing.withdraw', ['AUTH.NO_IDENTITY', 'ok', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND']),
  row('filing.cancel', ['AUTH.NO_IDENTITY', 'FILING.CHANGE_LOCKED', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND']),
  row('filing.change', ['AUTH.NO_IDENTITY', 'FILING.CHANGE_LOCKED', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND']),
  row('filing.supplement', ['AUTH.NO_IDENTITY', 'ok', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND']),
  // 续期 is for temporary filings: the owner's long-term one is refused by the rule, everyone else never finds it.
  row('filing.renew', ['AUTH.NO_IDENTITY', 'FILING.NOT_RENEWABLE', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND']),
  row('filing.prefill', ['AUTH.NO_IDENTITY', 'ok', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND', 'FILING.NOT_FOUND']),
  row('filing.lateFilingAdvice', ['AUTH.NO_IDENTITY', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
  // A material belongs to whoever registered it first: the owner's upload stays the owner's.
  row('filing.registerMaterial', ['AUTH.NO_IDENTITY', 'ok', 'FILING.MATERIAL_NOT_YOURS', 'FILING.MATERIAL_NOT_YOURS', 'FILING.MATERIAL_NOT_YOURS', 'FILING.MATERIAL_NOT_YOURS', 'FILING.MATERIAL_NOT_YOURS', 'FILING.MATERIAL_NOT_YOURS', 'FILING.MATERIAL_NOT_YOURS', 'FILING.MATERIAL_NOT_YOURS']),
  row('filing.materialUploadPath', ['AUTH.NO_IDENTITY', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
  row('review.whoami', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'ok', 'ok', 'ok', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'ok', 'ok']),
  row('review.queue', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'ok', 'ok', 'ok', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'ok', 'ok']),
  // The desk's counts and search read only the caller's regions: other staff get zero counts and empty results, never a refusal that says a filing exists.
  row('review.queueCounts', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'ok', 'ok', 'ok', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'ok', 'ok']),
  row('review.search', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'ok', 'ok', 'ok', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'ok', 'ok']),
  row('review.get', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'FILING.NOT_FOUND', 'ok', 'FILING.NOT_FOUND', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'ok', 'ok']),
  row('review.claim', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'FILING.NOT_FOUND', 'ok', 'FILING.NOT_FOUND', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.NOT_VERIFIED', 'AUTH.OWN_CASE']),
  row('review.release', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'FILING.NOT_FOUND', 'ok', 'FILING.NOT_FOUND', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.NOT_VERIFIED', 'AUTH.OWN_CASE']),
  row('review.approve', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'FILING.NOT_FOUND', 'ok', 'FILING.NOT_FOUND', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.NOT_VERIFIED', 'AUTH.OWN_CASE']),
  row('review.reject', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'FILING.NOT_FOUND', 'ok', 'FILING.NOT_FOUND', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.NOT_VERIFIED', 'AUTH.OWN_CASE']),
  row('review.return', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'FILING.NOT_FOUND', 'ok', 'FILING.NOT_FOUND', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.NOT_VERIFIED', 'AUTH.OWN_CASE']),
  // The owner's upload is not one of this filing's materials: the rightful reviewer gets past authorization to a missing file.
  // What the resident would be told: refused exactly as the decision is.
  row('review.previewDecision', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'FILING.NOT_FOUND', 'ok', 'FILING.NOT_FOUND', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.NOT_VERIFIED', 'AUTH.OWN_CASE']),
  row('review.materialLink', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'FILING.NOT_FOUND', 'STORAGE.FILE_NOT_FOUND', 'FILING.NOT_FOUND', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'STORAGE.FILE_NOT_FOUND', 'STORAGE.FILE_NOT_FOUND']),
  // History, stats and export: any staff member, of their own regions only (the admin covers none: empty answers).
  row('review.history', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'ok', 'ok', 'ok', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'ok', 'ok']),
  row('review.stats', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'ok', 'ok', 'ok', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'ok', 'ok']),
  row('review.export', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'ok', 'ok', 'ok', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'ok', 'ok']),
  row('review.staffList', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN', 'ok', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN']),
  row('review.staffAdd', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN', 'ok', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN']),
  row('review.staffRemove', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN', 'ok', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN']),
  row('review.staffUpdate', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN', 'ok', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN']),
  row('review.piiAccessLog', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN', 'ok', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN']),
  row('institution.search', ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
  row('institution.nearby', ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
  row('institution.get', ['INSTITUTION.NOT_FOUND', 'INSTITUTION.NOT_FOUND', 'INSTITUTION.NOT_FOUND', 'INSTITUTION.NOT_FOUND', 'INSTITUTION.NOT_FOUND', 'INSTITUTION.NOT_FOUND', 'INSTITUTION.NOT_FOUND', 'INSTITUTION.NOT_FOUND', 'INSTITUTION.NOT_FOUND', 'INSTITUTION.NOT_FOUND']),
  row('institution.agencies', ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
  row('notification.templates', ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
  row('notification.subscribe', ['AUTH.NO_IDENTITY', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
  row('notification.inbox', ['AUTH.NO_IDENTITY', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
  row('notification.unreadCount', ['AUTH.NO_IDENTITY', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
  row('notification.markRead', ['AUTH.NO_IDENTITY', 'ok', 'NOTIFICATION.NOT_FOUND', 'NOTIFICATION.NOT_FOUND', 'NOTIFICATION.NOT_FOUND', 'NOTIFICATION.NOT_FOUND', 'NOTIFICATION.NOT_FOUND', 'NOTIFICATION.NOT_FOUND', 'NOTIFICATION.NOT_FOUND', 'NOTIFICATION.NOT_FOUND']),
  row('notification.deadLetters', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN', 'ok', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN']),
  row('notification.retryDeadLetter', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN', 'NOTIFICATION.NOT_FOUND', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN']),
  row('scheduler.tick', ['AUTH.NO_IDENTITY', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN', 'ok', 'AUTH.NOT_STAFF', 'AUTH.NOT_STAFF', 'AUTH.FORBIDDEN', 'AUTH.FORBIDDEN']),
  // The owner's own session, member and binding; every other caller is told they do not exist.
  row('identity.status', ['AUTH.NO_IDENTITY', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
  row('identity.start', ['AUTH.NO_IDENTITY', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']),
  row('identity.confirm', ['AUTH.NO_IDENTITY', 'ok', 'IDENTITY.SESSION_NOT_FOUND', 'IDENTITY.SESSION_NOT_FOUND', 'IDENTITY.SESSION_NOT_FOUND', 'IDENTITY.SESSION_NOT_FOUND', 'IDENTITY.SESSION_NOT_FOUND', 'IDENTITY.SESSION_NOT_FOUND', 'IDENTITY.SESSION_NOT_FOUND', 'IDENTITY.SESSION_NOT_FOUND']),
  row('identity.familyRemove', ['AUTH.NO_IDENTITY', 'ok', 'IDENTITY.FAMILY_NOT_FOUND', 'IDENTITY.FAMILY_NOT_FOUND', 'IDENTITY.FAMILY_NOT_FOUND', 'IDENTITY.FAMILY_NOT_FOUND', 'IDENTITY.FAMILY_NOT_FOUND', 'IDENTITY.FAMILY_NOT_FOUND', 'IDENTITY.FAMILY_NOT_FOUND', 'IDENTITY.FAMILY_NOT_FOUND']),
  row('identity.applicant', ['AUTH.NO_IDENTITY', 'ok', 'IDENTITY.FAMILY_NOT_FOUND', 'IDENTITY.FAMILY_NOT_FOUND', 'IDENTITY.FAMILY_NOT_FOUND', 'IDENTITY.FAMILY_NOT_FOUND', 'IDENTITY.FAMILY_NOT_FOUND', 'IDENTITY.NOT_VERIFIED', 'IDENTITY.NOT_VERIFIED', 'IDENTITY.FAMILY_NOT_FOUND']),
]);
