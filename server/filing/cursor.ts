/** Opaque cursors: base64url of the sort key of the last item, so clients cannot forge offsets. */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === 2 && key.every((k) => typeof k === 'string')) return [key[0] as string, key[1] as string];
  } catch {
    // fall through: a bad cursor starts from the beginning rather than failing the list
  }
  return ['', ''];
}
