import type { Db } from '@cloudbase/database';
import type { NotificationConfig } from '../../core/notification/template-config';
import type { Runtime } from '../runtime/runtime';
import { filingContextOf, installFilingContext } from '../filing/filing-context';
import { installNotificationContext, type NotificationContext } from './notification-context';
import type { MessageSender } from './message-sender.port';
import { cloudbaseNotificationStore } from './cloudbase-notification-store';
import { dispatchAfterCommit, IMMEDIATE_DISPATCH_ROWS } from './dispatch-after-commit';

export interface CloudbaseNotificationParts {
  sender: MessageSender;
  config: NotificationConfig;
  /** Outbox rows a committing call hands over before it returns (0: leave all to the timer). */
  immediateRows?: number;
}

/**
 * Production wiring, after the filing context is installed on CloudBase: the notification
 * store over the same database (the outbox hand-off stays one transaction), and the filing
 * store re-installed behind `dispatchAfterCommit`, so that deployed `filing`/`review` calls
 * dispatch their own outbox rows before answering. The cloud entries stay as they are.
 */
export function installCloudbaseNotifications(runtime: Runtime, db: Db, parts: CloudbaseNotificationParts): NotificationContext {
  const filing = filingContextOf(runtime);
  const rows = parts.immediateRows ?? IMMEDIATE_DISPATCH_ROWS;
  if (rows > 0) installFilingContext(runtime, dispatchAfterCommit(filing.repo, runtime, rows), filing.cipher);
  return installNotificationContext(runtime, {
    store: cloudbaseNotificationStore(db, filing.repo),
    sender: parts.sender,
    config: parts.config,
  });
}
