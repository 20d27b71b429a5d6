import type { FileInspection, MaterialFiles } from './material-files.port';
import { materialCloudPath, parseMaterialPath, uploaderTag } from './material-paths';
import { SNIFF_BYTES } from './sniff-material';

/** The slice of @cloudbase/node-sdk's app this adapter uses (`app.getTempFileURL`). */
export interface CloudbaseStorageApi {
  getTempFileURL(options: { fileList: string[] }): Promise<{ fileList?: { code: string; fileID: string; tempFileURL: string }[]; code?: string; message?: string }>;
}

/** `fetch` as far as a ranged GET of the temporary URL needs it. */
export type RangedFetch = (url: string, init: { headers: Record<string, string> }) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

/** cloud://<env>.<bucket>/<path>: the env ID, then the storage bucket, then the cloud path. */
const CLOUD_FILE_ID = /^cloud:\/\/([a-z0-9][\w-]{0,63})\.([\w-]{1,128})\/(.+)$/;

/**
 * Production: a file is the caller's when its fileID is of this deployment's environment and
 * its cloud path carries the caller's uploader tag (a path only `materialUploadPath` hands out);
 * it exists when CloudBase storage gives it a temporary URL (per-file code SUCCESS); its first
 * bytes come from a ranged GET of that URL, so a 5 MB file is never downloaded to be judged.
 */
export function cloudbaseMaterialFiles(api: CloudbaseStorageApi, env: string, fetchImpl: RangedFetch = fetch): MaterialFiles {
  return {
    uploadPathFor: (openid, extension) => materialCloudPath(openid, extension),

    async inspect(openid, fileId): Promise<FileInspection> {
      const id = CLOUD_FILE_ID.exec(fileId);
      const path = id ? parseMaterialPath(id[3]!) : undefined;
      // Paths, other environments' IDs and paths we never handed out name no material of ours.
      if (!id || id[1] !== env || !path) return { found: false, reason: 'absent' };
      if (path.tag !== uploaderTag(openid)) return { found: false, reason: 'not_yours' };
      const res = await api.getTempFileURL({ fileList: [fileId] });
      if (res.code) throw new Error(`CloudBase getTempFileURL failed: ${res.code} ${res.message ?? ''}`);
      const entry = res.fileList?.find((f) => f.fileID === fileId);
      if (!entry || entry.code !== 'SUCCESS' || !entry.tempFileURL) return { found: false, reason: 'absent' };
      const got = await fetchImpl(entry.tempFileURL, { headers: { range: `bytes=0-${SNIFF_BYTES - 1}` } });
      if (got.status === 404) return { found: false, reason: 'absent' };
      if (got.status !== 200 && got.status !== 206) throw new Error(`CloudBase storage answered ${got.status} for a material`);
      const head = Buffer.from(await got.arrayBuffer()).subarray(0, SNIFF_BYTES);
      // 206: "bytes 0-63/<size>"; 200 (range ignored): the whole length.
      const total = /\/(\d+)$/.exec(got.headers.get('content-range') ?? '')?.[1] ?? got.headers.get('content-length');
      return { found: true, facts: { size: Number(total ?? head.length), head } };
    },
  };
}
