import path from 'node:path';
import type { NotificationConfig } from '../../core/notification/template-config';
import type { Runtime } from '../runtime/runtime';
import { filingContextOf, type FilingContext } from '../filing/filing-context';
import type { NotificationStore } from './notification-store.port';
import type { MessageSender } from './message-sender.port';
import { openSqliteNotificationStore } from './sqlite-notification-store';
import { createFileSink, type FileSink } from './file-sink-sender';
import { loadNotificationConfig } from './notification-config';

/** What the dispatcher, the reminders and the notification function work with, once per runtime. */
export interface NotificationContext {
  runtime: Runtime;
  filing: FilingContext;
  store: NotificationStore;
  sender: MessageSender;
  config: NotificationConfig;
  /** The local sink, when the sender is one (GET /dev/sent, tests). */
  sink?: FileSink;
}

const contexts = new WeakMap<Runtime, NotificationContext>();

/** Production installs its CloudBase store and the WeChat sender here. */
export function installNotificationContext(runtime: Runtime, parts: Omit<NotificationContext, 'runtime' | 'filing'>): NotificationContext {
  const context = { runtime, filing: filingContextOf(runtime), ...parts };
  contexts.set(runtime, context);
  return context;
}

/** The file where the local sink records what the phones would show. */
export function sinkFileOf(dataDir: string): string {
  return path.join(dataDir, 'dev-sent.jsonl');
}

export function notificationContextOf(runtime: Runtime): NotificationContext {
  const existing = contexts.get(runtime);
  if (existing) return existing;
  if (runtime.kind !== 'local') throw new Error('notification context must be installed for the cloudbase runtime');
  const filing = filingContextOf(runtime);
  const sink = createFileSink(sinkFileOf(runtime.dataDir), () => runtime.clock.now());
  return installNotificationContext(runtime, {
    store: openSqliteNotificationStore(runtime.dataDir, filing.repo),
    sender: sink,
    sink,
    config: loadNotificationConfig(),
  });
}
