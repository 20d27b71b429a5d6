import fs from 'node:fs';
import path from 'node:path';
import type { FilingContext } from '../filing/filing-context';
import { Collections, type FileRecord } from '../filing/filing-records';
import type { FileInspection, MaterialFiles } from './material-files.port';
import { materialCloudPath } from './material-paths';

/** Local fileIDs: what `POST /storage/upload` hands out. */
export const LOCAL_FILE_ID = /^cloud:\/\/local\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function localFilesDir(ctx: FilingContext): string {
  return path.join(ctx.runtime.dataDir, 'files');
}

/** The stored (sealed) bytes of a local file, or undefined when the file is gone. */
export function readStoredFile(ctx: FilingContext, fileId: string): Buffer | undefined {
  const match = LOCAL_FILE_ID.exec(fileId);
  if (!match) return undefined;
  try {
    return ctx.cipher.openBytes(fs.readFileSync(path.join(localFilesDir(ctx), match[1]!)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The local storage emulation: a file is the caller's when its upload record says they uploaded
 * it, and there when its bytes are still under DATA_DIR/files.
 */
export function localMaterialFiles(ctx: FilingContext): MaterialFiles {
  return {
    uploadPathFor: (openid, extension) => materialCloudPath(openid, extension),

    async inspect(openid, fileId): Promise<FileInspection> {
      if (!LOCAL_FILE_ID.test(fileId)) return { found: false, reason: 'absent' };
      const record = await ctx.repo.get<FileRecord>(Collections.files, fileId);
      if (!record) return { found: false, reason: 'absent' };
      if (record.uploaderOpenid !== openid) return { found: false, reason: 'not_yours' };
      const bytes = readStoredFile(ctx, fileId);
      if (!bytes) return { found: false, reason: 'absent' };
      return { found: true, facts: { size: bytes.length, head: bytes.subarray(0, 64) } };
    },
  };
}
