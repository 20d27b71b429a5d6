/** The local cloud over HTTP: what `wx.cloud` reaches in WeChat, as the chosen demo identity. */
export const IDENTITIES = [
  { openid: 'demo-resident-1', label: '参保人 1（demo-resident-1）', home: 'pages/home/index' },
  { openid: 'demo-resident-2', label: '参保人 2（demo-resident-2）', home: 'pages/home/index' },
  { openid: 'demo-staff-suzhou', label: '苏州审核员（demo-staff-suzhou, 320500）', home: 'staff/pages/queue/index' },
  { openid: 'demo-staff-beijing', label: '北京审核员（demo-staff-beijing, 110000）', home: 'staff/pages/queue/index' },
  { openid: 'demo-admin', label: '管理员（demo-admin）', home: 'staff/pages/queue/index' },
] as const;

const OPENID_KEY = 'pv:openid';

export function currentOpenid(): string {
  const saved = localStorage.getItem(OPENID_KEY);
  return IDENTITIES.some((i) => i.openid === saved) && saved ? saved : IDENTITIES[0].openid;
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

export async function uploadFile(filePath: string): Promise<string> {
  const file = tempFiles.get(filePath);
  if (!file) throw { errMsg: 'cloud.uploadFile:fail file not found' };
  const res = await fetch('/storage/upload', {
    method: 'POST',
    headers: {
      'content-type': file.type || 'application/octet-stream',
      'x-file-name': encodeURIComponent(file.name ?? 'material'),
      'x-wx-openid': currentOpenid(),
    },
    body: file,
  });
  const result = (await res.json()) as { ok: boolean; data?: { fileId: string }; error?: { code: string } };
  if (!result.ok || !result.data) throw { errMsg: `cloud.uploadFile:fail ${result.error?.code ?? res.status}` };
  return result.data.fileId;
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
