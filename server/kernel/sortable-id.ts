import { randomPoolBytes } from './random-pool';

let lastMillis = 0;
let counter = 0;

/**
 * IDs that sort in creation order (like UUIDv7): wall-clock millis, a per-process counter for
 * the same millisecond, then randomness. Audit and outbox rows written in one instant keep the
 * order they were made in, whatever clock the service is given.
 */
export function sortableId(): string {
  const now = Date.now();
  if (now === lastMillis) counter += 1;
  else {
    lastMillis = now;
    counter = 0;
  }
  return `${now.toString(36).padStart(9, '0')}${counter.toString(36).padStart(4, '0')}${randomPoolBytes(6).toString('hex')}`;
}
