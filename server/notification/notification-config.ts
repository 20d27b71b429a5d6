import fs from 'node:fs';
import {
  DEFAULT_NOTIFICATION_CONFIG,
  NotificationConfigSchema,
  type NotificationConfig,
} from '../../core/notification/template-config';

/**
 * The deployment's configuration: NOTIFY_CONFIG holds JSON (inline, or a path to a .json file)
 * whose sections replace the defaults' (`templates`, `routes` whole; the small ones key by key).
 * A bad configuration stops the start rather than sending messages WeChat would refuse.
 */
export function loadNotificationConfig(env: NodeJS.ProcessEnv = process.env): NotificationConfig {
  const raw = env.NOTIFY_CONFIG?.trim();
  if (!raw) return DEFAULT_NOTIFICATION_CONFIG;
  const text = raw.startsWith('{') ? raw : fs.readFileSync(raw, 'utf8');
  const given = JSON.parse(text) as Partial<NotificationConfig>;
  const base = DEFAULT_NOTIFICATION_CONFIG;
  const merged = {
    templates: given.templates ?? base.templates,
    routes: given.routes ?? base.routes,
    pages: { ...base.pages, ...given.pages },
    reminders: { ...base.reminders, ...given.reminders },
    delivery: { ...base.delivery, ...given.delivery },
  };
  const checked = NotificationConfigSchema.safeParse(merged);
  if (!checked.success) {
    throw new Error(`NOTIFY_CONFIG is invalid: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  for (const [kind, key] of Object.entries(merged.routes)) {
    if (key && !merged.templates[key]) throw new Error(`NOTIFY_CONFIG routes ${kind} to unknown template ${key}`);
  }
  return merged;
}
