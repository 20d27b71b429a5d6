import { decodePageCursor, encodePageCursor, type CursorShape } from '../kernel/page-cursor';
import type { Page } from './filing-repository.port';

/**
 * The (sort key, id) cursors of the filing, notification and policy lists, through the one shared
 * page-cursor format. Each list names itself, so a cursor of one list is refused by another.
 */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;
const DATE_OR_EMPTY = /^(\d{4}-\d{2}-\d{2})?$/;
const TIMESTAMP_OR_EMPTY = new RegExp(`^(${TIMESTAMP.source.slice(1, -1)})?$`);
const ID = /^[\w:.-]{1,128}$/;

const SHAPES = {
  'filings.byApplicant': [TIMESTAMP, ID],
  'filings.queue': [DATE_OR_EMPTY, ID],
  'filings.claimed': [DATE_OR_EMPTY, ID],
  'filings.decided': [TIMESTAMP, ID],
  'filings.decidedBetween': [TIMESTAMP, ID],
  'audit.pii': [TIMESTAMP, ID],
  'filings.ending': [DATE_OR_EMPTY, ID],
  'filings.returned': [TIMESTAMP_OR_EMPTY, ID],
  'filings.pendingDue': [DATE_OR_EMPTY, ID],
  'notifications.inbox': [TIMESTAMP, ID],
  'notifications.deliveries': [TIMESTAMP, ID],
  'policy.changes': [TIMESTAMP, ID],
  'policy.audit': [TIMESTAMP, ID],
  'policy.openDue': [DATE_OR_EMPTY, ID],
} as const satisfies Record<string, CursorShape>;

export type CursorList = keyof typeof SHAPES;

export function encodeCursor(list: CursorList, key: readonly [string, string]): string {
  return encodePageCursor(list, key);
}

/** The key of a cursor `list` issued; any other throws BadCursor (answered as REQUEST.INVALID). */
export function decodeCursor(list: CursorList, cursor: string): [string, string] {
  const [at, id] = decodePageCursor(list, cursor, SHAPES[list]);
  return [at as string, id as string];
}

/** A page of `limit` items from `limit + 1` read, with the cursor of the last one kept. */
export function pageOf<T>(list: CursorList, items: T[], limit: number, key: (t: T) => [string, string]): Page<T> {
  const out: Page<T> = { items: items.slice(0, limit) };
  if (items.length > limit) out.nextCursor = encodeCursor(list, key(out.items[out.items.length - 1]!));
  return out;
}
