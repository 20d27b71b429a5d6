/* eslint-disable no-restricted-properties -- with cloud-client, the one place that touches wx.cloud */
import type { Result } from '../../core/errors/result';
import { messageOf } from '../../core/errors/error-code';
import { callCloud } from './cloud-client';

/**
 * 证明材料: photos chosen with `wx.chooseMedia`, uploaded with `wx.cloud.uploadFile`; only the
 * fileID travels in a filing. Pages call these two functions and never see wx.cloud.
 */
export interface UploadedMaterial {
  fileId: string;
  /** 材料1, 材料2 …: the label under the thumbnail. */
  name: string;
  /** The photo on this phone (a temp path) for the thumbnail; absent once WeChat has cleared it. */
  thumb?: string;
}

/** 0–100 over all the photos of one choice. */
export type UploadProgress = (percent: number) => void;

/** The storage refuses more than this (server/storage/material-storage.ts); say so before uploading. */
const MAX_BYTES = 5 * 1024 * 1024;

function isCancel(error: unknown): boolean {
  return /cancel/.test(String((error as { errMsg?: unknown } | null)?.errMsg ?? ''));
}

function cloudPathOf(tempFilePath: string): string {
  const ext = /\.[a-zA-Z0-9]{1,5}$/.exec(tempFilePath)?.[0] ?? '.jpg';
  return `materials/${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}${ext}`;
}

/**
 * One upload with WeChat's progress events. With callbacks `wx.cloud.uploadFile` returns its
 * UploadTask; a stand-in that answers with a Promise instead is taken as it is.
 */
function uploadOne(cloudPath: string, filePath: string, onProgress: (percent: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const done = (result: { fileID?: string }) => (result.fileID ? resolve(result.fileID) : reject(new Error('no fileID')));
    const answer: unknown = wx.cloud.uploadFile({ cloudPath, filePath, success: done, fail: reject });
    if (answer && typeof (answer as Promise<unknown>).then === 'function') {
      (answer as Promise<{ fileID?: string }>).then(done, reject);
      return;
    }
    (answer as WechatMiniprogram.UploadTask | undefined)?.onProgressUpdate?.((event) => onProgress(event.progress));
  });
}

/** Lets the resident take or pick photos and uploads them; a cancelled choice is an empty list. */
export async function chooseAndUploadMaterials(max: number, firstNumber: number, onProgress: UploadProgress = () => undefined): Promise<Result<UploadedMaterial[]>> {
  let files: { tempFilePath: string; size: number }[];
  try {
    const chosen = await wx.chooseMedia({ count: Math.max(1, max), mediaType: ['image'], sourceType: ['album', 'camera'], sizeType: ['compressed'] });
    files = chosen.tempFiles;
  } catch (error) {
    if (isCancel(error)) return { ok: true, data: [] };
    // errno 104: 不同意 on the privacy sheet.
    if ((error as { errno?: unknown } | null)?.errno === 104 || /privacy/i.test(String((error as { errMsg?: unknown } | null)?.errMsg ?? ''))) {
      return { ok: false, error: { code: 'PRIVACY.NOT_AGREED', message: messageOf('PRIVACY.NOT_AGREED') } };
    }
    return { ok: false, error: { code: 'SYSTEM.INTERNAL', message: '无法打开相册或相机，请检查小程序的权限设置' } };
  }
  if (files.some((f) => f.size > MAX_BYTES)) {
    return { ok: false, error: { code: 'STORAGE.FILE_TOO_LARGE', message: messageOf('STORAGE.FILE_TOO_LARGE') } };
  }
  const uploaded: UploadedMaterial[] = [];
  const chosen = files.slice(0, max);
  onProgress(0);
  for (const [index, file] of chosen.entries()) {
    try {
      const fileId = await uploadOne(cloudPathOf(file.tempFilePath), file.tempFilePath, (percent) => onProgress(Math.round(((index + percent / 100) / chosen.length) * 100)));
      const name = `材料${firstNumber + uploaded.length}`;
      // The server only accepts materials registered to the caller: claim the upload now.
      const registered = await callCloud('filing', 'registerMaterial', { fileId, name });
      if (!registered.ok) return registered;
      uploaded.push({ fileId, name, thumb: file.tempFilePath });
      onProgress(Math.round(((index + 1) / chosen.length) * 100));
    } catch {
      return { ok: false, error: { code: 'SYSTEM.NETWORK', message: '材料上传失败，请检查网络后重试' } };
    }
  }
  return { ok: true, data: uploaded };
}

/**
 * Thumbnails of the resident's own materials in cloud storage (storage lets the uploader read them):
 * each downloaded once to a temp file; one that cannot be read has no thumbnail ('').
 */
export async function materialThumbnails(fileIds: readonly string[]): Promise<string[]> {
  return Promise.all(fileIds.map(async (fileID) => {
    try {
      return (await wx.cloud.downloadFile({ fileID })).tempFilePath;
    } catch {
      return '';
    }
  }));
}

/** Opens the photos full screen, as WeChat's viewer does, starting at `current`. */
export async function previewPhotos(urls: readonly string[], current: string): Promise<Result<true>> {
  try {
    await wx.previewImage({ urls: urls.filter((u) => u !== ''), current });
    return { ok: true, data: true };
  } catch {
    return { ok: false, error: { code: 'STORAGE.FILE_NOT_FOUND', message: '材料打开失败，请稍后重试' } };
  }
}

/**
 * Staff open a material of a filing: storage lets only its uploader read it, so the review
 * function checks the reviewer covers the filing and hands out a link valid for ten minutes.
 */
export async function previewMaterial(filingId: string, fileId: string): Promise<Result<true>> {
  const link = await callCloud('review', 'materialLink', { id: filingId, fileId });
  if (!link.ok) return link;
  try {
    await wx.previewImage({ urls: [link.data.url], current: link.data.url });
    return { ok: true, data: true };
  } catch {
    return { ok: false, error: { code: 'STORAGE.FILE_NOT_FOUND', message: '材料打开失败，请稍后重试' } };
  }
}
