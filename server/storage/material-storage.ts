import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fail, ok, type Result } from '../../core/errors/result';
import { chinaTimestamp } from '../../core/time/china-date';
import { WriteConflict } from '../store/document-store';
import type { FilingContext } from '../filing/filing-context';
import { Collections, type FileRecord, type FilingRecord, type StaffRecord } from '../filing/filing-records';
import { covers } from '../filing/staff-directory';

export const MAX_MATERIAL_BYTES = 5 * 1024 * 1024;
const FILE_ID = /^cloud:\/\/local\/([0-9a-f-]{36})$/;

/**
 * Filing materials. In production the mini-program uploads with `wx.cloud.uploadFile` and the
 * bytes live in CloudBase storage; locally this emulates it under DATA_DIR/files. Either way
 * the metadata row decides who may read: the uploader, and reviewers of a filing that uses it.
 */
export function materialStorage(ctx: FilingContext) {
  const dir = path.join(ctx.runtime.dataDir, 'files');

  return {
    async upload(openid: string | undefined, name: string, contentType: string, bytes: Buffer): Promise<Result<{ fileId: string }>> {
      if (!openid) return fail('AUTH.NO_IDENTITY');
      if (bytes.length === 0) return fail('REQUEST.INVALID', { file: '文件是空的' });
      if (bytes.length > MAX_MATERIAL_BYTES) return fail('STORAGE.FILE_TOO_LARGE');
      const uuid = randomUUID();
      const fileId = `cloud://local/${uuid}`;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, uuid), bytes);
      const record: FileRecord = {
        id: fileId,
        version: 1,
        uploaderOpenid: openid,
        name: name.slice(0, 100),
        contentType: contentType.slice(0, 100),
        size: bytes.length,
        filingIds: [],
        createdAt: chinaTimestamp(ctx.runtime.clock.now()),
      };
      await ctx.repo.commit([{ kind: 'create', collection: Collections.files, doc: record }]);
      return ok({ fileId });
    },

    /**
     * Production uploads go straight from the phone to CloudBase storage (`wx.cloud.uploadFile`,
     * a random cloud path); the phone then registers the fileID here, which makes the caller
     * its uploader. A fileID someone else registered first stays theirs.
     */
    async register(openid: string | undefined, fileId: string, name: string): Promise<Result<{ fileId: string }>> {
      if (!openid) return fail('AUTH.NO_IDENTITY');
      const existing = await ctx.repo.get<FileRecord>(Collections.files, fileId);
      if (existing) return existing.uploaderOpenid === openid ? ok({ fileId }) : fail('FILING.MATERIAL_NOT_YOURS');
      const record: FileRecord = {
        id: fileId,
        version: 1,
        uploaderOpenid: openid,
        name: name.slice(0, 100),
        contentType: 'application/octet-stream',
        size: 0,
        filingIds: [],
        createdAt: chinaTimestamp(ctx.runtime.clock.now()),
      };
      try {
        await ctx.repo.commit([{ kind: 'create', collection: Collections.files, doc: record }]);
      } catch (error) {
        if (!(error instanceof WriteConflict)) throw error;
        const winner = await ctx.repo.get<FileRecord>(Collections.files, fileId);
        return winner?.uploaderOpenid === openid ? ok({ fileId }) : fail('FILING.MATERIAL_NOT_YOURS');
      }
      return ok({ fileId });
    },

    /** A link the review function signed (material-links.ts): it stands for the reviewer who asked. */
    async readByLink(fileId: string): Promise<Result<{ record: FileRecord; bytes: Buffer }>> {
      const match = FILE_ID.exec(fileId);
      const record = match ? await ctx.repo.get<FileRecord>(Collections.files, fileId) : undefined;
      if (!match || !record) return fail('STORAGE.FILE_NOT_FOUND');
      return ok({ record, bytes: fs.readFileSync(path.join(dir, match[1]!)) });
    },

    async read(openid: string | undefined, fileId: string): Promise<Result<{ record: FileRecord; bytes: Buffer }>> {
      if (!openid) return fail('AUTH.NO_IDENTITY');
      const match = FILE_ID.exec(fileId);
      const record = match ? await ctx.repo.get<FileRecord>(Collections.files, fileId) : undefined;
      if (!match || !record) return fail('STORAGE.FILE_NOT_FOUND');
      if (record.uploaderOpenid !== openid && !(await reviewerMayRead(ctx, openid, record))) {
        ctx.runtime.log.info('storage.refused', { fileId, caller: openid });
        // Same answer as a missing file: no probing for other people's materials.
        return fail('STORAGE.FILE_NOT_FOUND');
      }
      return ok({ record, bytes: fs.readFileSync(path.join(dir, match[1]!)) });
    },
  };
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
