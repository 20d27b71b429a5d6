import type { DirectorySort, SortKey } from './institution-repository.port';

/**
 * Opaque page cursor: the sort it belongs to and the last row's sort key, base64url JSON.
 * A cursor from another sort, or tampered with, is refused rather than guessed at.
 */
const KEY_LENGTH: Record<DirectorySort | 'relevance-keyword', number> = {
  distance: 2,
  level: 2,
  relevance: 2,
  'relevance-keyword': 3,
};

export type CursorSort = keyof typeof KEY_LENGTH;

export function encodeCursor(sort: CursorSort, key: SortKey): string {
  return Buffer.from(JSON.stringify({ s: sort, k: key })).toString('base64url');
}

export function decodeCursor(cursor: string, sort: CursorSort): SortKey | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; k?: unknown };
    if (parsed.s !== sort || !Array.isArray(parsed.k) || parsed.k.length !== KEY_LENGTH[sort]) return undefined;
    const key = parsed.k as unknown[];
    const last = key[key.length - 1];
    if (typeof last !== 'string' || key.slice(0, -1).some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
      return undefined;
    }
    return key as SortKey;
  } catch {
    return undefined;
  }
}
