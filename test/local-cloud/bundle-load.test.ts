import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * What a cold start pays before the first call: loading a function bundle must not load any
 * package from node_modules. @cloudbase/node-sdk (hundreds of ms) comes only with the CloudBase
 * runtime, better-sqlite3 with the first SQLite file opened. Timings are bench/cold-start's job;
 * this checks the list, which is stable.
 */
const DIST = path.resolve(__dirname, '../../dist/cloudfunctions');
const names = fs.readdirSync(DIST).filter((n) => fs.existsSync(path.join(DIST, n, 'index.js')));

const PROBE = `
const before = new Set(Object.keys(require.cache));
const fn = require(process.argv[1]);
if (typeof fn.main !== 'function') throw new Error('no main');
process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((k) => !before.has(k) && k.includes('node_modules'))));
`;

describe('loading a built function bundle', () => {
  it('finds every function built', () => {
    expect(names).toEqual(expect.arrayContaining(['filing', 'institution', 'notification', 'policy', 'review', 'scheduler']));
  });

  it.each(names)('%s loads no package from node_modules until a call needs one', (name) => {
    const env = { ...process.env };
    delete env.TCB_ENV;
    delete env.SCF_NAMESPACE;
    const loaded = JSON.parse(execFileSync(process.execPath, ['-e', PROBE, path.join(DIST, name, 'index.js')], { env, encoding: 'utf8' })) as string[];
    expect(loaded).toEqual([]);
  });
});
