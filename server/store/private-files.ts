import fs from 'node:fs';

/**
 * DATA_DIR holds ID numbers (encrypted), the local PII key and residents' materials: the
 * directories are the owner's only (0700) and every file in them is too (0600), whatever the
 * process umask is, and a directory left 0755 by an older run is tightened on open.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  fs.chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Tightens a file that exists (SQLite's -wal/-shm, a file an older run wrote 0644). */
export function restrictFile(file: string): void {
  try {
    fs.chmodSync(file, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Creates the file empty with 0600 if it does not exist yet, so whatever opens it next inherits that. */
export function createPrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
  restrictFile(file);
}
