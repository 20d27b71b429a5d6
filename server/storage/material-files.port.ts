/**
 * Where the bytes of materials live, as far as registering one needs: is the file there, did the
 * caller upload it, and what are its first bytes. Locally the upload records of the storage
 * emulation answer; in production CloudBase storage's metadata and the cloud path do.
 */
export interface StoredFileFacts {
  size: number;
  /** The first bytes (at least SNIFF_BYTES when the file is that long): what the file really is. */
  head: Buffer;
}

export type FileInspection = { found: true; facts: StoredFileFacts } | { found: false; reason: 'absent' | 'not_yours' };

export interface MaterialFiles {
  /** The cloud path `openid` uploads a new material to (production: `materials/<tag>/…`). */
  uploadPathFor(openid: string, extension: string): string;
  /** What the storage knows of `fileId` when `openid` claims it. */
  inspect(openid: string, fileId: string): Promise<FileInspection>;
}
