import type { Runtime } from '../runtime/runtime';
import { notificationContextOf } from './notification-context';
import { dispatchPending } from './dispatcher';

interface Flight {
  running: Promise<void>;
  again: boolean;
}

const flights = new WeakMap<Runtime, Flight>();

/**
 * Right after a commit: drain the outbox now, one pass at a time per process. A call during a
 * pass asks for one more pass, so a row committed meanwhile is not left for the timer.
 */
export function dispatchSoon(runtime: Runtime): Promise<void> {
  const flight = flights.get(runtime);
  if (flight) {
    flight.again = true;
    return flight.running;
  }
  const next: Flight = { running: Promise.resolve(), again: true };
  flights.set(runtime, next);
  next.running = (async () => {
    await Promise.resolve();
    try {
      while (next.again) {
        next.again = false;
        await dispatchPending(notificationContextOf(runtime));
      }
    } catch (cause) {
      runtime.log.error('notification.dispatch_failed', { cause });
    } finally {
      flights.delete(runtime);
    }
  })();
  return next.running;
}

type Main = (event: unknown, context?: unknown) => Promise<unknown>;

/**
 * Wraps the entries whose calls commit transitions (filing, review) so that each call is
 * followed by a dispatch, without making the caller wait for it; the timer catches the rest.
 */
export function dispatchAfterCalls<M extends Main>(functions: Readonly<Record<string, M>>, runtime: Runtime, names: readonly string[]): Record<string, M> {
  const wrapped: Record<string, M> = { ...functions };
  for (const name of names) {
    const main = functions[name];
    if (!main) continue;
    wrapped[name] = (async (event: unknown, context?: unknown) => {
      const result = await main(event, context);
      void dispatchSoon(runtime);
      return result;
    }) as M;
  }
  return wrapped;
}
