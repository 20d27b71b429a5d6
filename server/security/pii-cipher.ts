import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, randomBytes } from 'node:crypto';
import { randomPoolBytes } from '../kernel/random-pool';
import fs from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir } from '../store/private-files';

/**
 * Personal data at rest: AES-256-GCM for the values, and a keyed hash (HMAC-SHA256) of the ID
 * number for lookups, so "this person's filings" can be found without decrypting anything.
 * Both keys derive (HKDF) from one master key: PII_KEY (base64, 32 bytes) in production,
 * generated once into DATA_DIR/pii.key for local runs.
 */
export interface PiiCipher {
  encrypt(value: unknown): string;
  decrypt<T>(sealed: string): T;
  lookupHash(idNumber: string): string;
  /**
   * A keyed hash of an ID number and name together: whether a person is the one bound here
   * (same number, same name as verified) without decrypting the bound record.
   */
  personCheck(person: { idNumber: string; name: string }): string;
  /** Files at rest (the local materials): AES-256-GCM under a key of their own. */
  sealBytes(bytes: Buffer): Buffer;
  /** The bytes of a sealed file; bytes that were never sealed (an older run's) come back as they are. */
  openBytes(stored: Buffer): Buffer;
}

/** Leads every sealed file: no JPEG, PNG, HEIC, WebP or PDF begins like this. */
const SEALED_MAGIC = Buffer.from('PIISEAL1', 'ascii');

const VERSION = 'v1';

export function createPiiCipher(masterKey: Buffer): PiiCipher {
  if (masterKey.length !== 32) throw new Error('PII master key must be 32 bytes');
  const encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'pii-encryption', 32));
  // A key object, made once: an HMAC over a raw buffer imports the key again on every call.
  const macKey = createSecretKey(Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'pii-lookup-hash', 32)));
  const fileKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'pii-file-bytes', 32));
  return {
    encrypt(value) {
      const iv = randomPoolBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return `${VERSION}.${iv.toString('base64')}.${tag.toString('base64')}.${body.toString('base64')}`;
    },
    decrypt<T>(sealed: string): T {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('unknown PII envelope');
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
      return JSON.parse(text) as T;
    },
    lookupHash(idNumber) {
      return createHmac('sha256', macKey).update(idNumber.toUpperCase()).digest('base64url');
    },
    personCheck({ idNumber, name }) {
      // Its own prefix, so that no check ever equals a lookup hash.
      return createHmac('sha256', macKey).update(`person-check\u0000${idNumber.toUpperCase()}\u0000${name}`).digest('base64url');
    },
    sealBytes(bytes) {
      const iv = randomPoolBytes(12);
      const cipher = createCipheriv('aes-256-gcm', fileKey, iv);
      const body = Buffer.concat([cipher.update(bytes), cipher.final()]);
      return Buffer.concat([SEALED_MAGIC, iv, cipher.getAuthTag(), body]);
    },
    openBytes(stored) {
      if (!stored.subarray(0, SEALED_MAGIC.length).equals(SEALED_MAGIC)) return stored;
      const at = SEALED_MAGIC.length;
      const decipher = createDecipheriv('aes-256-gcm', fileKey, stored.subarray(at, at + 12));
      decipher.setAuthTag(stored.subarray(at + 12, at + 28));
      return Buffer.concat([decipher.update(stored.subarray(at + 28)), decipher.final()]);
    },
  };
}

/** The local master key: read from DATA_DIR, or generated there on first start (mode 0600). */
export function localMasterKey(dataDir: string): Buffer {
  if (process.env.PII_KEY) return Buffer.from(process.env.PII_KEY, 'base64');
  const file = path.join(dataDir, 'pii.key');
  ensurePrivateDir(dataDir);
  try {
    return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  } catch {
    const key = randomBytes(32);
    try {
      fs.writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
      return key;
    } catch {
      // Another process created it first: use theirs.
      return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    }
  }
}
