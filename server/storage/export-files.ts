import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { chinaTimestamp } from '../../core/time/china-date';
import type { Runtime } from '../runtime/runtime';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../store/private-files';
import type { FilingContext } from '../filing/filing-context';
import { Collections, type FileRecord } from '../filing/filing-records';
import { localFilesDir } from './local-material-files';
import { uploaderTag } from './material-paths';

/** What an .xlsx is served as; an export is never sniffed as a material (it is a ZIP). */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Where the bytes of an export go: the local emulation (sealed under DATA_DIR) or CloudBase storage. */
export interface ExportBytes {
  /** Stores the bytes for `openid` and answers their fileID. */
  put(openid: string, bytes: Buffer): Promise<string>;
}

/** The slice of @cloudbase/node-sdk's app the production adapter uses. */
export interface CloudbaseUploadApi {
  uploadFile(options: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID?: string; code?: string; message?: string }>;
}

/** Letters only: no generated name can look like an ID number. */
function randomName(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz';
  return Array.from(randomBytes(20), (b) => alphabet[b % alphabet.length]).join('');
}

/**
 * Production: `exports/<requester's tag>/<random>.xlsx`. The function uploads as the
 * environment's administrator, so the file has no owner openid and the storage rule
 * (`resource.openid == auth.openid`) lets no phone read it directly: the requester reads it only
 * through the short-lived link the export answers with.
 */
export function cloudbaseExportBytes(api: CloudbaseUploadApi): ExportBytes {
  return {
    async put(openid, bytes) {
      const res = await api.uploadFile({ cloudPath: `exports/${uploaderTag(openid)}/${randomName()}.xlsx`, fileContent: bytes });
      if (!res.fileID) throw new Error(`CloudBase uploadFile failed for an export: ${res.code ?? 'no fileID'} ${res.message ?? ''}`);
      return res.fileID;
    },
  };
}

/** Locally: sealed with the PII key under DATA_DIR/files, as materials are (an export lists people). */
function localExportBytes(ctx: FilingContext): ExportBytes {
  return {
    async put(_openid, bytes) {
      const uuid = randomUUID();
      const dir = localFilesDir(ctx);
      ensurePrivateDir(dir);
      fs.writeFileSync(path.join(dir, uuid), ctx.cipher.sealBytes(bytes), { mode: PRIVATE_FILE_MODE });
      return `cloud://local/${uuid}`;
    },
  };
}

const adapters = new WeakMap<Runtime, ExportBytes>();

export function installExportBytes(runtime: Runtime, bytes: ExportBytes): void {
  adapters.set(runtime, bytes);
}

/**
 * Review-desk exports: the bytes in storage and a file record of kind 'export' whose only reader
 * is the staff member who asked (`uploaderOpenid`); a reviewer of a filing gets no access to it,
 * and it can never be registered as a material (not an image or PDF by its bytes).
 */
export async function saveExport(ctx: FilingContext, openid: string, name: string, bytes: Buffer): Promise<string> {
  const store = adapters.get(ctx.runtime) ?? localExportBytes(ctx);
  const fileId = await store.put(openid, bytes);
  const record: FileRecord = {
    id: fileId,
    version: 1,
    kind: 'export',
    uploaderOpenid: openid,
    name,
    contentType: XLSX_CONTENT_TYPE,
    size: bytes.length,
    filingIds: [],
    createdAt: chinaTimestamp(ctx.runtime.clock.now()),
  };
  await ctx.repo.commit([{ kind: 'create', collection: Collections.files, doc: record }]);
  return fileId;
}
