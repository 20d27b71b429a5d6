/**
 * The one page-cursor format of every list: base64url of `{ l: list, k: key }`, the sort key of
 * the last row shown. Decoding is strict: the list must be the one asking, each key part must
 * have the shape that list issues, and the text must be exactly what encoding gives (no padding,
 * no junk). A cursor that fails any of it was not issued by this list and is refused
 * (REQUEST.INVALID on `cursor`) the same way everywhere. A well-formed forged key can only move
 * within the caller's own list: every query still filters by owner or region.
 */
export type CursorPart = string | number;
export type CursorKey = readonly CursorPart[];

/** What each key part must be: a number, or a string matching the pattern. */
export type CursorShape = readonly ('number' | RegExp)[];

export const MAX_CURSOR_LENGTH = 512;

/** Thrown by a store given a cursor it did not issue; the kernel answers it as bad input. */
export class BadCursor extends Error {
  constructor(readonly list: string) {
    super(`cursor not issued by ${list}`);
  }
}

export { CURSOR_REFUSED as BAD_CURSOR_MESSAGE } from '../../core/validation/fields';

export function encodePageCursor(list: string, key: CursorKey): string {
  return Buffer.from(JSON.stringify({ l: list, k: key }), 'utf8').toString('base64url');
}

function parts(cursor: string, list: string, shape: CursorShape): CursorPart[] | undefined {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[\w-]+$/.test(cursor)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const { l, k, ...rest } = parsed as { l?: unknown; k?: unknown };
  if (l !== list || Object.keys(rest).length > 0 || !Array.isArray(k) || k.length !== shape.length) return undefined;
  for (let i = 0; i < shape.length; i++) {
    const want = shape[i]!;
    const got: unknown = k[i];
    if (want === 'number' ? typeof got !== 'number' || !Number.isFinite(got) : typeof got !== 'string' || got.length > 128 || !want.test(got)) return undefined;
  }
  const key = k as CursorPart[];
  // Canonical: another spelling of the same JSON (spaces, key order, padding) was not ours.
  return encodePageCursor(list, key) === cursor ? key : undefined;
}

/** The key of a cursor this list issued; anything else throws BadCursor. */
export function decodePageCursor(list: string, cursor: string, shape: CursorShape): CursorPart[] {
  const key = parts(cursor, list, shape);
  if (!key) throw new BadCursor(list);
  return key;
}
