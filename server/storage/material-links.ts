import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type * as CloudbaseSdk from '@cloudbase/node-sdk';
import type { Runtime } from '../runtime/runtime';

/**
 * Short-lived links to a stored material, for the reviewers of a filing that uses it. Storage
 * itself lets only the uploader read (cloudbase/storage-rules.json), so a reviewer's phone gets
 * its link from the review function, which checks who may see the file first:
 * - CloudBase: a temporary URL from `getTempFileURL` (the function is an administrator, so the
 *   storage rule does not apply to it; the URL expires by itself);
 * - locally: `/storage/file?fileId&expires&sig`, signed with a key of this process, which the
 *   storage route honours without any identity, like a temporary URL.
 */
export const LINK_SECONDS = 600;

export interface MaterialLink {
  url: string;
  expiresAt: string;
}

export interface MaterialLinks {
  linkFor(fileId: string): Promise<MaterialLink>;
}

const localKeys = new WeakMap<Runtime, Buffer>();
const links = new WeakMap<Runtime, MaterialLinks>();

function localKey(runtime: Runtime): Buffer {
  let key = localKeys.get(runtime);
  if (!key) {
    key = randomBytes(32);
    localKeys.set(runtime, key);
  }
  return key;
}

function signature(runtime: Runtime, fileId: string, expires: number): string {
  return createHmac('sha256', localKey(runtime)).update(`${fileId}\u0000${expires}`).digest('hex');
}

/** Whether a local link is genuine and not expired. */
export function localLinkValid(runtime: Runtime, fileId: string, expires: string | null, sig: string | null): boolean {
  if (!expires || !sig || !/^\d{1,12}$/.test(expires) || !/^[0-9a-f]{64}$/.test(sig)) return false;
  const at = Number(expires);
  if (at * 1000 < runtime.clock.now().getTime()) return false;
  return timingSafeEqual(Buffer.from(signature(runtime, fileId, at), 'hex'), Buffer.from(sig, 'hex'));
}

function localLinks(runtime: Runtime): MaterialLinks {
  return {
    async linkFor(fileId) {
      const expires = Math.floor(runtime.clock.now().getTime() / 1000) + LINK_SECONDS;
      const query = new URLSearchParams({ fileId, expires: String(expires), sig: signature(runtime, fileId, expires) });
      return { url: `/storage/file?${query.toString()}`, expiresAt: new Date(expires * 1000).toISOString() };
    },
  };
}

function cloudbaseLinks(runtime: Runtime): MaterialLinks {
  // Required here, inside CloudBase only: the SDK is most of a cold start (bench/cold-start).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { init, SYMBOL_CURRENT_ENV } = require('@cloudbase/node-sdk') as typeof CloudbaseSdk;
  const app = init({ env: SYMBOL_CURRENT_ENV });
  return {
    async linkFor(fileId) {
      const res = await app.getTempFileURL({ fileList: [{ fileID: fileId, maxAge: LINK_SECONDS }] });
      const item = res.fileList?.[0];
      if (!item || item.code !== 'SUCCESS' || !item.tempFileURL) throw new Error(`getTempFileURL failed for a material: ${item?.code ?? 'no answer'}`);
      return { url: item.tempFileURL, expiresAt: new Date(runtime.clock.now().getTime() + LINK_SECONDS * 1000).toISOString() };
    },
  };
}

/** The links of this runtime: signed local ones, or CloudBase's temporary URLs in production. */
export function materialLinks(runtime: Runtime): MaterialLinks {
  let made = links.get(runtime);
  if (!made) {
    made = runtime.kind === 'local' ? localLinks(runtime) : cloudbaseLinks(runtime);
    links.set(runtime, made);
  }
  return made;
}
