import type { StaffView } from '../../core/api/review-api';
import { callCloud } from './cloud-client';

export type AdminGate = { ok: true; admin: StaffView } | { ok: false; message: string };

/**
 * The admins' pages open only for admins: anyone else reads why, in Chinese, and the page asks
 * the cloud for nothing more (the server refuses the actions anyway).
 */
export async function adminGate(): Promise<AdminGate> {
  const me = await callCloud('review', 'whoami', {});
  if (!me.ok) return { ok: false, message: me.error.message };
  if (me.data.role !== 'admin') return { ok: false, message: '这一页仅限管理员使用，请联系管理员开通权限' };
  return { ok: true, admin: me.data };
}
