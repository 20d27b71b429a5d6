import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
/** The notification engineer's lightweight start script: the real local app without the build. */
const SERVER_SCRIPT = 'scripts/crash-test-server.ts';

/** A free loopback port, so every restart listens where the clients already point. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface ChildServer {
  process: ChildProcess;
  /** SIGKILL: no handler runs, nothing is flushed, exactly a crash. */
  crash(): Promise<void>;
}

/** Starts the local cloud as its own process on DATA_DIR and PORT; its output goes to `logFile`. */
export function startChildServer(dataDir: string, port: number, logFile: string): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER_SCRIPT], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), TIMER_MS: '200' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const log = fs.createWriteStream(logFile, { flags: 'a' });
  child.stderr!.pipe(log, { end: false });
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      // Never leave a half-started server behind: it would outlive the suite.
      child.kill('SIGKILL');
      reject(new Error(`server did not start: ${seen.slice(-500)}`));
    }, 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      log.write(chunk);
      if (seen.includes('READY')) return;
      seen += chunk.toString('utf8');
      if (/READY \d+/.test(seen)) {
        clearTimeout(timer);
        resolve({
          process: child,
          async crash() {
            child.kill('SIGKILL');
            await exited;
          },
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before READY: ${seen.slice(-500)}`));
    });
  });
}
