
/** Helpers every CloudBase adapter shares: error values, `_id` ↔ `id`, cursor pages. */
export type StoredDoc = Record<string, unknown>;

interface CodedResponse {
  code?: string;
  message?: string;
}

/** The SDK answers errors as values with a `code` (unless throwOnCode): make them throw. */
export function check<T>(res: T, what: string): T {
  const coded = res as unknown as CodedResponse | undefined;
  if (coded && typeof coded === 'object' && coded.code) throw new Error(`CloudBase ${what} failed: ${coded.code} ${coded.message ?? ''}`);
  return res;
}

/** The code of an SDK error value or thrown response, if it has one. */
export function codeOf(error: unknown): string | undefined {
  return (error as CodedResponse | undefined)?.code;
}

/** Our documents carry `id`; CloudBase's carry `_id`. */
export function toStored(doc: { id: string }): StoredDoc {
  const { id: _id, ...rest } = doc as StoredDoc & { id: string };
  return rest;
}

export function fromStored<T>(doc: StoredDoc): T {
  const { _id, ...rest } = doc;
  return { id: String(_id), ...rest } as T;
}

/** One page of a list (shared with the SQLite adapters). */
export { pageOf } from '../../filing/cursor';
