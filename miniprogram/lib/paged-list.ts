import type { Result } from '../../core/errors/result';

/** What a list action answers: one page and the cursor of the next. */
export interface ListPageOf<T> {
  items: T[];
  nextCursor?: string;
}

/** The data every paged list page keeps. */
export interface PagedListData<T> {
  items: T[];
  nextCursor: string;
}

export type PagedListPatch<T> =
  | { loading: false; loaded: true; items: T[]; nextCursor: string }
  | { loading: false; errorMessage: string; errorCode: string };

/**
 * Loads the first page, or the next one after what the page shows, and returns the `setData`
 * patch: the lists of 我的备案, 我的消息 and the staff queue all append and page alike.
 */
export async function loadListPage<T>(
  shown: PagedListData<T>,
  more: boolean,
  fetch: (cursor: string | undefined) => Promise<Result<ListPageOf<T>>>,
): Promise<PagedListPatch<T>> {
  const result = await fetch(more && shown.nextCursor ? shown.nextCursor : undefined);
  if (!result.ok) return { loading: false, errorMessage: result.error.message, errorCode: result.error.code };
  return {
    loading: false,
    loaded: true,
    items: more ? [...shown.items, ...result.data.items] : result.data.items,
    nextCursor: result.data.nextCursor ?? '',
  };
}
