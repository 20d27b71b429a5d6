import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { exampleFilingFor } from '../test/support/example-filing';
import { nthResidentId } from '../test/support/resident-ids';

/**
 * Submit throughput: 50 concurrent clients submitting distinct filings through the local
 * cloud's HTTP API (validation, identity, idempotency, encryption, audit, outbox) against a
 * bare endpoint on the same server that inserts one row per request. Goal: ≥ 0.33 of the bare rate (issue 16).
 */
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const GOAL = 0.33;

function filingBody(n: number): string {
  return JSON.stringify({
    action: 'submit',
    idempotencyKey: `bench-${n}`,
    filing: exampleFilingFor(nthResidentId(n)),
  });
}

async function startServer(dataDir: string): Promise<{ port: number; stop(): void }> {
  // node itself (not an npx wrapper) so that stopping the child really stops the server.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'support', 'submit-server.ts'), dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => {
      resolve(Number(chunk.toString().trim()));
      // Keep draining: a full pipe would stall the server mid-benchmark.
      child.stdout.resume();
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return {
    port,
    stop: () => {
      child.stdout.destroy();
      child.kill('SIGTERM');
    },
  };
}

interface Run {
  rate: number;
  p50: number;
  p99: number;
  ok: number;
  errors: number;
}

async function load(port: number, pathName: string, body: (n: number) => string, openid: (n: number) => string, seconds: number): Promise<Run> {
  let n = 0;
  let refused = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: pathName,
        setupRequest: (req) => {
          n += 1;
          return { ...req, body: body(n), headers: { 'content-type': 'application/json', 'x-wx-openid': openid(n) } };
        },
        onResponse: (_status, responseBody) => {
          if (responseBody.startsWith('{"ok":true')) return;
          refused += 1;
          // The first refusals say why (a run with errors does not pass).
          if (refused <= 3) console.error(`refused: ${responseBody.slice(0, 200)}`);
        },
      },
    ],
  });
  return {
    rate: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'] - refused,
    errors: result.errors + result.non2xx + refused,
  };
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-submit-'));
  const server = await startServer(dataDir);
  try {
    // Warm both paths (JIT, statement caches) before measuring.
    await load(server.port, '/bare', (n) => filingBody(1_000_000 + n), () => 'warm', 2);
    await load(server.port, '/fn/filing', (n) => filingBody(2_000_000 + n), (n) => `warm-${n}`, 2);
    const bare = await load(server.port, '/bare', (n) => filingBody(n), () => 'bench', SECONDS);
    const submit = await load(server.port, '/fn/filing', (n) => filingBody(n), (n) => `resident-${n}`, SECONDS);
    const ratio = Number((submit.rate / bare.rate).toFixed(3));
    console.log(`${CONNECTIONS} connections, ${SECONDS} s each, same server process`);
    console.table({
      'bare insert (baseline)': { 'req/s': Math.round(bare.rate), 'p50 ms': bare.p50, 'p99 ms': bare.p99, ok: bare.ok, errors: bare.errors },
      'filing.submit': { 'req/s': Math.round(submit.rate), 'p50 ms': submit.p50, 'p99 ms': submit.p99, ok: submit.ok, errors: submit.errors },
    });
    console.log(`BENCH ${JSON.stringify({ name: 'submit-throughput', ratio, goal: GOAL, pass: ratio >= GOAL && submit.errors === 0 })}`);
  } finally {
    server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
