/** The local cloud over HTTP: what `wx.cloud` reaches in WeChat, as the chosen demo identity. */
export const IDENTITIES = [
  { openid: 'demo-resident-1', label: '参保人 1（demo-resident-1）', home: 'pages/home/index' },
  { openid: 'demo-resident-2', label: '参保人 2（demo-resident-2）', home: 'pages/home/index' },
  { openid: 'demo-staff-suzhou', label: '苏州审核员（demo-staff-suzhou, 320500）', home: 'staff/pages/queue/index' },
  { openid: 'demo-staff-beijing', label: '北京审核员（demo-staff-beijing, 110000）', home: 'staff/pages/queue/index' },
  { openid: 'demo-admin', label: '管理员（demo-admin）', home: 'staff/pages/queue/index' },
] as const;

const OPENID_KEY = 'pv:openid';
/** What the local cloud accepts as `x-wx-openid`. */
const OPENID_SHAPE = /^[\w-]{1,64}$/;

export function isOpenid(value: string | null): value is string {
  return value !== null && OPENID_SHAPE.test(value);
}

const NEW_RESIDENTS_KEY = 'pv:new-residents';

/** The new residents made in this browser, newest first, so the switcher can go back to them. */
export function newResidents(): string[] {
  try {
    const saved = JSON.parse(localStorage.getItem(NEW_RESIDENTS_KEY) ?? '[]') as unknown;
    return Array.isArray(saved) ? saved.filter((s): s is string => typeof s === 'string' && isOpenid(s)) : [];
  } catch {
    return [];
  }
}

/** A resident who has never used the program: nothing verified, nothing filed. */
export function newResidentOpenid(): string {
  const openid = `pv-new-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  localStorage.setItem(NEW_RESIDENTS_KEY, JSON.stringify([openid, ...newResidents()].slice(0, 5)));
  return openid;
}

export function currentOpenid(): string {
  const saved = localStorage.getItem(OPENID_KEY);
  return isOpenid(saved) ? saved : IDENTITIES[0].openid;
}

export function setOpenid(openid: string): void {
  localStorage.setItem(OPENID_KEY, openid);
}

export interface CallRecord {
  name: string;
  action: string;
  ok: boolean;
  code?: string;
  openid: string;
}

const listeners: ((call: CallRecord) => void)[] = [];

export function onCall(listener: (call: CallRecord) => void): void {
  listeners.push(listener);
}

/** POST /fn/<name> with the identity's openid; `quiet` calls (the side panel's own) are not reported. */
export async function callFunction(name: string, data: Record<string, unknown>, quiet = false): Promise<unknown> {
  const openid = currentOpenid();
  const res = await fetch(`/fn/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
    body: JSON.stringify(data),
  });
  const result = (await res.json()) as { ok?: boolean; error?: { code?: string } };
  if (!quiet) {
    const record: CallRecord = { name, action: String(data.action ?? ''), ok: result.ok === true, openid };
    if (result.error?.code) record.code = result.error.code;
    for (const listener of listeners) listener(record);
  }
  return result;
}

/** Files chosen with wx.chooseMedia, by the temp path handed to the page. */
const tempFiles = new Map<string, Blob & { name?: string }>();

export function addTempFile(file: File): string {
  const path = `${URL.createObjectURL(file)}#${file.name.replace(/[#?]/g, '_')}`;
  tempFiles.set(path, file);
  return path;
}

/** POST /storage/upload with progress (XMLHttpRequest reports bytes sent; fetch does not). */
export function uploadFile(filePath: string, onProgress: (sent: number, total: number) => void = () => undefined): Promise<string> {
  const file = tempFiles.get(filePath);
  if (!file) return Promise.reject({ errMsg: 'cloud.uploadFile:fail file not found' });
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/storage/upload');
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name ?? 'material'));
    xhr.setRequestHeader('x-wx-openid', currentOpenid());
    xhr.upload.addEventListener('progress', (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size));
    xhr.addEventListener('load', () => {
      let result: { ok?: boolean; data?: { fileId: string }; error?: { code: string } } = {};
      try {
        result = JSON.parse(xhr.responseText) as typeof result;
      } catch {
        // The status below says what went wrong.
      }
      if (result.ok && result.data) {
        onProgress(file.size, file.size);
        resolve(result.data.fileId);
      } else reject({ errMsg: `cloud.uploadFile:fail ${result.error?.code ?? xhr.status}` });
    });
    xhr.addEventListener('error', () => reject({ errMsg: 'cloud.uploadFile:fail network' }));
    xhr.send(file);
  });
}

export async function downloadFile(fileId: string): Promise<string> {
  const res = await fetch(`/storage/file?fileId=${encodeURIComponent(fileId)}`, { headers: { 'x-wx-openid': currentOpenid() } });
  if (!res.ok) throw { errMsg: `cloud.downloadFile:fail ${res.status}` };
  return URL.createObjectURL(await res.blob());
}

/** The phone's part of 人脸核身 in the preview: the chosen outcome goes to the local verifier (POST /dev/face). */
export async function simulateFace(verifyId: string, outcome: 'pass' | 'fail'): Promise<void> {
  await fetch('/dev/face', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verifyId, outcome }) });
}
