import fs from 'node:fs';
import path from 'node:path';
import type { MessageSender, SendOutcome, SubscribeMessage } from './message-sender.port';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../store/private-files';

/** What the phone would show, as the sink recorded it. */
export interface SentMessage extends SubscribeMessage {
  sentAt: string;
}

export interface FileSink extends MessageSender {
  /** Everything recorded so far, oldest first (read back from the file: survives a kill). */
  sent(): SentMessage[];
  /** The next `times` sends fail with `errcode` (WeChat's own codes: -1 busy, 43101 refused…). */
  failNext(times: number, errcode: number, errmsg?: string): void;
  /** Every send fails with `errcode` until cleared with `undefined`. */
  failAlways(errcode: number | undefined, errmsg?: string): void;
}

/**
 * The local stand-in for WeChat's servers: appends each accepted message as one JSON line to a
 * file under DATA_DIR (an append survives SIGKILL: it is in the kernel once write returns), and
 * can be told to fail at this boundary, exactly where WeChat would answer an errcode.
 */
const MAX_PLANNED = 1000;

export function createFileSink(file: string, now: () => Date = () => new Date()): FileSink {
  ensurePrivateDir(path.dirname(file));
  const planned: SendOutcome[] = [];
  let always: SendOutcome | undefined;
  return {
    async send(message) {
      const failure = planned.shift() ?? always;
      if (failure) return failure;
      const line: SentMessage = { ...message, sentAt: now().toISOString() };
      fs.appendFileSync(file, `${JSON.stringify(line)}\n`, { mode: PRIVATE_FILE_MODE });
      return { ok: true };
    },
    sent() {
      if (!fs.existsSync(file)) return [];
      const out: SentMessage[] = [];
      for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
        if (!line) continue;
        try {
          out.push(JSON.parse(line) as SentMessage);
        } catch {
          // a line cut short by a kill mid-write: not delivered as far as the phone is concerned
        }
      }
      return out;
    },
    failNext(times, errcode, errmsg = 'injected failure') {
      // Bounded whatever the caller asks: the queue of planned failures never passes MAX_PLANNED.
      const room = Math.max(0, Math.min(times, MAX_PLANNED - planned.length));
      for (let i = 0; i < room; i++) planned.push({ ok: false, errcode, errmsg });
    },
    failAlways(errcode, errmsg = 'injected failure') {
      always = errcode === undefined ? undefined : { ok: false, errcode, errmsg };
    },
  };
}
