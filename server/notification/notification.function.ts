import { NotificationActions } from '../../core/api/notification-api';
import { action, type ActionContext, type CloudFunctionDefinition } from '../kernel/cloud-function';
import { notificationContextOf } from './notification-context';
import { notificationService } from './notification.service';

const service = (ctx: ActionContext) => notificationService(notificationContextOf(ctx.runtime));

/** `notification`: the templates to ask for, subscription credits, the inbox, and admins' dead letters. */
export const notificationFunction: CloudFunctionDefinition = {
  name: 'notification',
  actions: {
    templates: action({ input: NotificationActions.templates, handle: (_i, ctx) => service(ctx).templates(ctx.caller.openid) }),
    subscribe: action({ input: NotificationActions.subscribe, handle: (i, ctx) => service(ctx).subscribe(ctx.caller.openid, i.result) }),
    inbox: action({ input: NotificationActions.inbox, handle: (i, ctx) => service(ctx).inbox(ctx.caller.openid, i.cursor, i.limit) }),
    unreadCount: action({ input: NotificationActions.unreadCount, handle: (_i, ctx) => service(ctx).unreadCount(ctx.caller.openid) }),
    markRead: action({ input: NotificationActions.markRead, handle: (i, ctx) => service(ctx).markRead(ctx.caller.openid, i.ids, i.all === true) }),
    deadLetters: action({ input: NotificationActions.deadLetters, handle: (i, ctx) => service(ctx).deadLetters(ctx.caller.openid, i.cursor, i.limit) }),
    retryDeadLetter: action({ input: NotificationActions.retryDeadLetter, handle: (i, ctx) => service(ctx).retryDeadLetter(ctx.caller.openid, i.id) }),
  },
};
