import { createHash, randomBytes } from 'node:crypto';

/**
 * Where a resident's materials live in cloud storage: `materials/<uploader tag>/<name>.<ext>`.
 * The tag derives from the openid (a hash, so staff who see file IDs never see openids), which
 * ties every file under it to its uploader: a fileID whose tag is not the caller's is not theirs.
 */
export const MATERIALS_ROOT = 'materials';

export function uploaderTag(openid: string): string {
  return createHash('sha256').update(`material-uploader\u0000${openid}`).digest('base64url').slice(0, 22);
}

/** Letters only: a generated name can never look like (or hide) an ID number. */
function randomName(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz';
  return Array.from(randomBytes(20), (b) => alphabet[b % alphabet.length]).join('');
}

export function materialCloudPath(openid: string, extension: string): string {
  return `${MATERIALS_ROOT}/${uploaderTag(openid)}/${randomName()}.${extension}`;
}

/** `materials/<tag>/<name>.<ext>` split, or undefined when the path is not one we hand out. */
export function parseMaterialPath(cloudPath: string): { tag: string; name: string } | undefined {
  const m = /^materials\/([\w-]{22})\/([a-z]{20}\.(?:jpg|jpeg|png|heic|heif|webp|pdf))$/.exec(cloudPath);
  return m ? { tag: m[1]!, name: m[2]! } : undefined;
}
