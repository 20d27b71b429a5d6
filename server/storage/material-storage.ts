import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fail, ok, type Result } from '../../core/errors/result';
import { chinaTimestamp } from '../../core/time/china-date';
import { MATERIAL_CONTENT_TYPES, MATERIAL_FILE_EXTENSION, MAX_MATERIAL_BYTES, type MaterialKind } from '../../core/filing/material-kinds';
import { XLSX_CONTENT_TYPE } from './export-files';
import type { Runtime } from '../runtime/runtime';
import { WriteConflict } from '../store/document-store';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../store/private-files';
import type { FilingContext } from '../filing/filing-context';
import { Collections, type FileRecord, type FilingRecord, type StaffRecord } from '../filing/filing-records';
import { covers } from '../filing/staff-directory';
import type { MaterialFiles } from './material-files.port';
import { localFilesDir, localMaterialFiles, readStoredFile } from './local-material-files';
import { sniffMaterial } from './sniff-material';
import { scrubIdNumbers } from '../../core/identity/scrub-id-numbers';

export { MAX_MATERIAL_BYTES };

const adapters = new WeakMap<Runtime, MaterialFiles>();

/** Production installs the CloudBase storage adapter; locally the upload emulation answers. */
export function installMaterialFiles(runtime: Runtime, files: MaterialFiles): void {
  adapters.set(runtime, files);
}

function materialFilesOf(ctx: FilingContext): MaterialFiles {
  return adapters.get(ctx.runtime) ?? localMaterialFiles(ctx);
}

/** A stored file as served: what it really is, and the type and extension it goes out with. */
export interface StoredFile {
  record: FileRecord;
  kind: MaterialKind | 'xlsx';
  bytes: Buffer;
  contentType: string;
  extension: string;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

const TYPE_REFUSED = { file: '只能上传照片（JPG、PNG、HEIC、WebP）或PDF文件' };

/**
 * Filing materials. In production the mini-program uploads with `wx.cloud.uploadFile` to the
 * path `materialUploadPath` gave it and the bytes live in CloudBase storage; locally this
 * emulates it under DATA_DIR/files, sealed with the PII key (materials are personal data).
 * Either way a file is only registered when it exists, is the caller's upload and is an image
 * or a PDF by its leading bytes; the metadata row then decides who may read it: the uploader,
 * and reviewers of a filing that uses it.
 */
export function materialStorage(ctx: FilingContext) {
  const files = materialFilesOf(ctx);

  return {
    uploadPath(openid: string | undefined, extension: string): Result<{ cloudPath: string }> {
      if (!openid) return fail('AUTH.NO_IDENTITY');
      return ok({ cloudPath: files.uploadPathFor(openid, extension) });
    },

    /** The local stand-in for `wx.cloud.uploadFile`: judged by its bytes, stored sealed. */
    async upload(openid: string | undefined, name: string, bytes: Buffer): Promise<Result<{ fileId: string }>> {
      if (!openid) return fail('AUTH.NO_IDENTITY');
      if (bytes.length === 0) return fail('REQUEST.INVALID', { file: '文件是空的' });
      if (bytes.length > MAX_MATERIAL_BYTES) return fail('STORAGE.FILE_TOO_LARGE');
      const kind = sniffMaterial(bytes);
      if (!kind) return fail('STORAGE.TYPE_NOT_ALLOWED', TYPE_REFUSED);
      const uuid = randomUUID();
      const fileId = `cloud://local/${uuid}`;
      const dir = localFilesDir(ctx);
      ensurePrivateDir(dir);
      fs.writeFileSync(path.join(dir, uuid), ctx.cipher.sealBytes(bytes), { mode: PRIVATE_FILE_MODE });
      await ctx.repo.commit([{ kind: 'create', collection: Collections.files, doc: fileRecord(fileId, openid, name, kind, bytes.length) }]);
      return ok({ fileId });
    },

    /**
     * After an upload: makes the caller's own, existing image or PDF usable as proof. A file
     * that is not there (a path, another environment's ID, a deleted file) is not found; someone
     * else's upload is not the caller's; a registered file stays its first registrant's.
     */
    async register(openid: string | undefined, fileId: string, name: string): Promise<Result<{ fileId: string }>> {
      if (!openid) return fail('AUTH.NO_IDENTITY');
      const inspected = await files.inspect(openid, fileId);
      if (!inspected.found) return inspected.reason === 'not_yours' ? fail('FILING.MATERIAL_NOT_YOURS') : fail('STORAGE.FILE_NOT_FOUND', { fileId: '没有找到这份材料，请重新上传' });
      const { size, head } = inspected.facts;
      if (size > MAX_MATERIAL_BYTES) return fail('STORAGE.FILE_TOO_LARGE');
      const kind = sniffMaterial(head);
      if (!kind) return fail('STORAGE.TYPE_NOT_ALLOWED', TYPE_REFUSED);
      const existing = await ctx.repo.get<FileRecord>(Collections.files, fileId);
      if (existing) return existing.uploaderOpenid === openid ? ok({ fileId }) : fail('FILING.MATERIAL_NOT_YOURS');
      try {
        await ctx.repo.commit([{ kind: 'create', collection: Collections.files, doc: fileRecord(fileId, openid, name, kind, size) }]);
      } catch (error) {
        if (!(error instanceof WriteConflict)) throw error;
        const winner = await ctx.repo.get<FileRecord>(Collections.files, fileId);
        return winner?.uploaderOpenid === openid ? ok({ fileId }) : fail('FILING.MATERIAL_NOT_YOURS');
      }
      return ok({ fileId });
    },

    /** A link the review function signed (material-links.ts): it stands for the reviewer who asked. */
    async readByLink(fileId: string): Promise<Result<StoredFile>> {
      const record = await ctx.repo.get<FileRecord>(Collections.files, fileId);
      if (!record) return fail('STORAGE.FILE_NOT_FOUND');
      return served(record);
    },

    /** The local storage's read: the bytes with the type they really are, for those who may see them. */
    async read(openid: string | undefined, fileId: string): Promise<Result<StoredFile>> {
      if (!openid) return fail('AUTH.NO_IDENTITY');
      const record = await ctx.repo.get<FileRecord>(Collections.files, fileId);
      if (!record) return fail('STORAGE.FILE_NOT_FOUND');
      if (record.uploaderOpenid !== openid && !(await reviewerMayRead(ctx, openid, record))) {
        ctx.runtime.log.info('storage.refused', { fileId, caller: openid });
        // Same answer as a missing file: no probing for other people's materials.
        return fail('STORAGE.FILE_NOT_FOUND');
      }
      return served(record);
    },
  };

  /** A registered file's bytes as what they really are, whoever was let through to it. */
  function served(record: FileRecord): Result<StoredFile> {
    const bytes = readStoredFile(ctx, record.id);
    if (!bytes) {
      // Registered, but its bytes are gone: a coded answer, never an internal error.
      ctx.runtime.log.warn('storage.missing', { fileId: record.id });
      return fail('STORAGE.FILE_NOT_FOUND');
    }
    // A review-desk export (its requester's alone, export-files.ts) is a spreadsheet: a ZIP by its bytes.
    if (record.kind === 'export') {
      if (!bytes.subarray(0, 4).equals(ZIP_MAGIC)) return fail('STORAGE.TYPE_NOT_ALLOWED');
      return ok({ record, kind: 'xlsx', bytes, contentType: XLSX_CONTENT_TYPE, extension: 'xlsx' });
    }
    // Judged again by its bytes: a file stored before types were checked is never served as HTML.
    const kind = sniffMaterial(bytes);
    if (!kind) return fail('STORAGE.TYPE_NOT_ALLOWED');
    return ok({ record, kind, bytes, contentType: MATERIAL_CONTENT_TYPES[kind], extension: MATERIAL_FILE_EXTENSION[kind] });
  }

  function fileRecord(fileId: string, openid: string, name: string, kind: MaterialKind, size: number): FileRecord {
    return {
      id: fileId,
      version: 1,
      uploaderOpenid: openid,
      // The routes check names with the shared schema; masked here too, whoever calls.
      name: scrubIdNumbers(name).slice(0, 100),
      contentType: MATERIAL_CONTENT_TYPES[kind],
      size,
      filingIds: [],
      createdAt: chinaTimestamp(ctx.runtime.clock.now()),
    };
  }
}

async function reviewerMayRead(ctx: FilingContext, openid: string, file: FileRecord): Promise<boolean> {
  const staff = await ctx.repo.get<StaffRecord>(Collections.staff, openid);
  if (!staff) return false;
  for (const filingId of file.filingIds) {
    const filing = await ctx.repo.get<FilingRecord>(Collections.filings, filingId);
    if (filing && covers(staff, filing.insuredRegion)) return true;
  }
  return false;
}
