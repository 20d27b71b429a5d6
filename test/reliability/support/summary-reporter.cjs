// Prints the suite's one summary table from the figures each part wrote to the run directory,
// writes it to RELIABILITY_TABLE (if set), then removes the run directory (RELIABILITY_KEEP=1 keeps it).
const fs = require('node:fs');
const path = require('node:path');

const PART_NAMES = {
  '01-races': '1 Races',
  '02-crashes': '2 Crashes',
  '03-bad-input': '3 Bad input',
  '04-authorization': '4 Authorization',
  '05-materials': '6 Materials',
  '06-broken-build': 'Self-test',
  '07-local-cloud-edges': '7 Local cloud',
  '08-hostile-values': '8 Hostile values',
  '99-personal-data': '5 Personal data',
};

function width(text) {
  // CJK characters take two columns in a terminal.
  let w = 0;
  for (const ch of text) w += /[\u1100-\uffff]/.test(ch) ? 2 : 1;
  return w;
}

function pad(text, to) {
  return text + ' '.repeat(Math.max(0, to - width(text)));
}

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const dir = process.env.RELIABILITY_RUN_DIR;
    if (!dir) return;
    const figuresDir = path.join(dir, 'figures');
    const rows = [];
    const files = fs.existsSync(figuresDir) ? fs.readdirSync(figuresDir).sort() : [];
    for (const file of files) {
      const part = file.replace(/\.json$/, '');
      for (const f of JSON.parse(fs.readFileSync(path.join(figuresDir, file), 'utf8'))) {
        rows.push([PART_NAMES[part] || part, f.check, f.measured, f.ok ? 'PASS' : 'FAIL']);
      }
    }
    const header = ['Part', 'Check', 'Measured', 'Result'];
    const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
    const line = (cells) => `| ${cells.map((c, i) => pad(c, widths[i])).join(' | ')} |`;
    const table = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
    const failedTests = results.numFailedTests;
    const verdict = failedTests === 0 && rows.every((r) => r[3] === 'PASS') && rows.length > 0
      ? `reliability suite: PASS (${results.numPassedTests} tests, ${rows.length} figures)`
      : `reliability suite: FAIL (${failedTests} failed tests, ${rows.filter((r) => r[3] !== 'PASS').length} failed figures)`;
    try {
      if (process.env.RELIABILITY_TABLE) fs.writeFileSync(process.env.RELIABILITY_TABLE, `${table}\n`);
      process.stdout.write(`\n${table}\n\n${verdict}\n`);
      if (process.env.RELIABILITY_KEEP === '1') process.stdout.write(`run directory kept: ${dir}\n`);
    } finally {
      if (process.env.RELIABILITY_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

module.exports = SummaryReporter;
