import type { CloudbaseStorageApi, RangedFetch } from '../../server/storage/cloudbase-material-files';

/**
 * An in-memory CloudBase storage bucket at the SDK boundary: `app.getTempFileURL` answers per
 * file as the real API does (code SUCCESS with a temporary URL, or STORAGE_FILE_NONEXIST), and
 * the temporary URLs serve the bytes over a `fetch` that honours `Range` like COS does (206 with
 * Content-Range). `calls` records what the adapter asked, so tests see it never downloads whole files.
 */
export interface CloudbaseStorageStandIn {
  api: CloudbaseStorageApi;
  fetch: RangedFetch;
  /** Stores bytes as `wx.cloud.uploadFile` would, returning the fileID. */
  put(cloudPath: string, bytes: Buffer): string;
  remove(fileId: string): void;
  calls: { getTempFileURL: string[][]; ranges: string[] };
}

export function createCloudbaseStorageStandIn(env: string, bucket = `7072-${env}-1300000000`): CloudbaseStorageStandIn {
  const files = new Map<string, Buffer>();
  const urls = new Map<string, string>();
  const calls = { getTempFileURL: [] as string[][], ranges: [] as string[] };
  let serial = 0;
  return {
    calls,
    put(cloudPath, bytes) {
      const fileId = `cloud://${env}.${bucket}/${cloudPath}`;
      files.set(fileId, bytes);
      return fileId;
    },
    remove(fileId) {
      files.delete(fileId);
    },
    api: {
      async getTempFileURL({ fileList }) {
        calls.getTempFileURL.push([...fileList]);
        return {
          fileList: fileList.map((fileID) => {
            if (!files.has(fileID)) return { code: 'STORAGE_FILE_NONEXIST', fileID, tempFileURL: '' };
            const url = `https://${bucket}.tcb.qcloud.la/tmp/${++serial}?sign=x`;
            urls.set(url, fileID);
            return { code: 'SUCCESS', fileID, tempFileURL: url };
          }),
        };
      },
    },
    async fetch(url, init) {
      const fileId = urls.get(url);
      const bytes = fileId ? files.get(fileId) : undefined;
      const headers = new Map<string, string>();
      if (!bytes) return { status: 404, headers: { get: () => null }, arrayBuffer: async () => new ArrayBuffer(0) };
      const range = /^bytes=(\d+)-(\d+)$/.exec(init.headers.range ?? '');
      calls.ranges.push(init.headers.range ?? '');
      if (!range) {
        headers.set('content-length', String(bytes.length));
        return { status: 200, headers: { get: (n) => headers.get(n.toLowerCase()) ?? null }, arrayBuffer: async () => new Uint8Array(bytes).buffer };
      }
      const from = Number(range[1]);
      const to = Math.min(Number(range[2]), bytes.length - 1);
      const part = bytes.subarray(from, to + 1);
      headers.set('content-range', `bytes ${from}-${to}/${bytes.length}`);
      headers.set('content-length', String(part.length));
      return { status: 206, headers: { get: (n) => headers.get(n.toLowerCase()) ?? null }, arrayBuffer: async () => new Uint8Array(part).buffer };
    },
  };
}
