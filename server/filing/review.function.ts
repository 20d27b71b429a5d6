import { ReviewActions } from '../../core/api/review-api';
import { action, type ActionContext, type CloudFunctionDefinition } from '../kernel/cloud-function';
import { filingContextOf } from './filing-context';
import { reviewService } from './review.service';
import { staffAdminService } from './staff-admin.service';
import { reviewReportService } from './review-report.service';
import { reviewDeskService } from './review-desk.service';

const service = (ctx: ActionContext) => reviewService(filingContextOf(ctx.runtime));
const admin = (ctx: ActionContext) => staffAdminService(filingContextOf(ctx.runtime));
const reports = (ctx: ActionContext) => reviewReportService(filingContextOf(ctx.runtime));
const desk = (ctx: ActionContext) => reviewDeskService(filingContextOf(ctx.runtime));

/** `review`: agency staff (and the admin action set); the staff table decides who may. */
export const reviewFunction: CloudFunctionDefinition = {
  name: 'review',
  actions: {
    whoami: action({ input: ReviewActions.whoami, handle: (_i, ctx) => service(ctx).whoami(ctx.caller.openid) }),
    queue: action({ input: ReviewActions.queue, handle: (i, ctx) => desk(ctx).queue(ctx.caller.openid, i) }),
    queueCounts: action({ input: ReviewActions.queueCounts, handle: (_i, ctx) => desk(ctx).queueCounts(ctx.caller.openid) }),
    search: action({ input: ReviewActions.search, handle: (i, ctx) => desk(ctx).search(ctx.caller.openid, i) }),
    get: action({ input: ReviewActions.get, handle: (i, ctx) => service(ctx).get(ctx.caller.openid, i.id, i.revealIdNumber === true) }),
    claim: action({ input: ReviewActions.claim, handle: (i, ctx) => service(ctx).claim(ctx.caller.openid, i.id) }),
    release: action({ input: ReviewActions.release, handle: (i, ctx) => service(ctx).release(ctx.caller.openid, i.id) }),
    approve: action({ input: ReviewActions.approve, handle: (i, ctx) => service(ctx).approve(ctx.caller.openid, i.id, i.reason) }),
    reject: action({ input: ReviewActions.reject, handle: (i, ctx) => service(ctx).reject(ctx.caller.openid, i.id, i.reason) }),
    return: action({ input: ReviewActions.return, handle: (i, ctx) => service(ctx).returnForMore(ctx.caller.openid, i.id, i.reason) }),
    previewDecision: action({ input: ReviewActions.previewDecision, handle: (i, ctx) => service(ctx).previewDecision(ctx.caller.openid, i.id, i.decision, i.reason) }),
    materialLink: action({ input: ReviewActions.materialLink, handle: (i, ctx) => service(ctx).materialLink(ctx.caller.openid, i.id, i.fileId) }),
    history: action({ input: ReviewActions.history, handle: (i, ctx) => reports(ctx).history(ctx.caller.openid, i) }),
    stats: action({ input: ReviewActions.stats, handle: (i, ctx) => reports(ctx).stats(ctx.caller.openid, i) }),
    export: action({ input: ReviewActions.export, handle: (i, ctx) => reports(ctx).export(ctx.caller.openid, i) }),
    staffList: action({ input: ReviewActions.staffList, handle: (_i, ctx) => admin(ctx).staffList(ctx.caller.openid) }),
    staffAdd: action({ input: ReviewActions.staffAdd, handle: (i, ctx) => admin(ctx).staffAdd(ctx.caller.openid, i) }),
    staffUpdate: action({ input: ReviewActions.staffUpdate, handle: (i, ctx) => admin(ctx).staffUpdate(ctx.caller.openid, i) }),
    staffRemove: action({ input: ReviewActions.staffRemove, handle: (i, ctx) => admin(ctx).staffRemove(ctx.caller.openid, i.openid) }),
    piiAccessLog: action({ input: ReviewActions.piiAccessLog, handle: (i, ctx) => admin(ctx).piiAccessLog(ctx.caller.openid, i.from, i.to, i.cursor, i.limit) }),
  },
};
