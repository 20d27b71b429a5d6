import { randomFillSync } from 'node:crypto';

const POOL_SIZE = 4096;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let used = POOL_SIZE;

/**
 * Cryptographically random bytes, drawn from a pool refilled 4 KB at a time: each
 * `randomBytes(n)` call is a job of its own in Node, and a submit asks for random bytes several
 * times (IDs, the IVs of the ID-number encryption). Every byte is handed out once; the caller
 * gets a copy, never a view of the pool.
 */
export function randomPoolBytes(size: number): Buffer {
  if (size > POOL_SIZE) return randomFillSync(Buffer.allocUnsafe(size));
  if (used + size > POOL_SIZE) {
    randomFillSync(pool);
    used = 0;
  }
  const bytes = Buffer.from(pool.subarray(used, used + size));
  used += size;
  return bytes;
}
