import { hasUserIdentity } from './wechat-context';

/** How an invocation reached a function: the platform's timer trigger, or a call by someone. */
export type Trigger = 'timer' | 'call';

const TRIGGER_NAME = /^[\w-]{1,64}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/** CloudBase's timer event: `{ Type: 'Timer', TriggerName, Time[, Message] }`, nothing else. */
export function isTimerEvent(event: unknown): boolean {
  if (!event || typeof event !== 'object' || Array.isArray(event)) return false;
  const e = event as Record<string, unknown>;
  const allowed = new Set(['Type', 'TriggerName', 'Time', 'Message']);
  return (
    e.Type === 'Timer'
    && typeof e.TriggerName === 'string' && TRIGGER_NAME.test(e.TriggerName)
    && typeof e.Time === 'string' && TIME.test(e.Time)
    && (e.Message === undefined || e.Message === null || (typeof e.Message === 'string' && e.Message.length <= 2048))
    && Object.keys(e).every((k) => allowed.has(k))
  );
}

/**
 * A timer only when both hold: the event is the timer's and no user is in the context. A user's
 * payload that merely looks like a timer event (an openid is present) is an ordinary call.
 */
export function triggerOf(event: unknown, context: unknown): Trigger {
  return isTimerEvent(event) && !hasUserIdentity(context) ? 'timer' : 'call';
}
