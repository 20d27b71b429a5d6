import type { DirectorySort, SortKey } from './institution-repository.port';
import { INSTITUTION_CODE } from '../../core/institution/institution';
import { decodePageCursor, encodePageCursor, type CursorShape } from '../kernel/page-cursor';

/**
 * The directory's page cursors, in the shared page-cursor format: the sort they belong to names
 * the list, and the key is the last row's numbers and code. A cursor from another sort, or
 * tampered with, throws BadCursor and is refused like every other list's.
 */
const SHAPES: Record<DirectorySort | 'relevance-keyword', CursorShape> = {
  distance: ['number', INSTITUTION_CODE],
  level: ['number', INSTITUTION_CODE],
  relevance: ['number', INSTITUTION_CODE],
  'relevance-keyword': ['number', 'number', INSTITUTION_CODE],
};

export type CursorSort = keyof typeof SHAPES;

export function encodeCursor(sort: CursorSort, key: SortKey): string {
  return encodePageCursor(`directory.${sort}`, key);
}

export function decodeCursor(cursor: string, sort: CursorSort): SortKey {
  return decodePageCursor(`directory.${sort}`, cursor, SHAPES[sort]) as unknown as SortKey;
}
