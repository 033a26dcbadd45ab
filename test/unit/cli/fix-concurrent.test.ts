// `lint --fix` while another process appends to the same Dockerfile (a generator, a script
// doing `echo ... >> Dockerfile`): a real appender process opens, appends one line and closes,
// every few milliseconds, during ten `lint --fix` runs. What a user relies on: not one
// appended line is lost; each run either writes the fix (over the text it read, with every line
// appended since still there) or refuses with a message and leaves the file to the appender;
// and a run caught by a burst fixes the new text again, so the fix does land.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const tsxLoader = pathToFileURL(
  path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs'),
).href;
const cliMain = path.join(repoRoot, 'src', 'cli', 'main.ts');

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Appends `# appended N` lines (each: open, append, close) in bursts of 1-8 lines a
 * millisecond or two apart, with 50-300 ms between bursts, until TERM; then prints how many it
 * appended. Bursts and pauses: some fixes find a quiet moment, some are caught mid-burst. */
const appenderSource = `
const { appendFileSync } = require('node:fs');
const file = process.argv[1];
let n = 0;
let inBurst = 0;
let stop = false;
process.on('SIGTERM', () => (stop = true));
(function next() {
  if (stop) return process.stdout.write(String(n));
  appendFileSync(file, '# appended ' + n + '\\n');
  n++;
  if (inBurst <= 0) inBurst = 1 + Math.floor(Math.random() * 8);
  inBurst--;
  setTimeout(next, inBurst > 0 ? 1 + Math.random() : 50 + Math.random() * 250);
})();
`;

function startAppender(file: string): { child: ChildProcess; count: Promise<number> } {
  const child = spawn(process.execPath, ['-e', appenderSource, file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const count = new Promise<number>((resolve) => child.on('close', () => resolve(Number(out))));
  return { child, count };
}

const original = 'FROM debian:12\nCMD node server.js\n';

function lintFix(dir: string): { stdout: string; stderr: string } {
  return spawnSync(
    process.execPath,
    ['--import', tsxLoader, cliMain, 'lint', '--fix', 'Dockerfile'],
    {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
}

describe('lint --fix with a concurrent appender', () => {
  test('10 runs against a real appender process: 0 lines lost; each run writes or refuses', async (t) => {
    // What --fix makes of the file when nobody else writes to it.
    const quiet = mkdtempSync(path.join(tmpdir(), 'cdoc-fix-quiet-'));
    dirs.push(quiet);
    writeFileSync(path.join(quiet, 'Dockerfile'), original);
    lintFix(quiet);
    const fixed = readFileSync(path.join(quiet, 'Dockerfile'), 'utf8');
    assert.match(fixed, /^CMD \["node", "server\.js"\]$/m);

    const outcomes = { wrote: 0, refused: 0 };
    for (let run = 0; run < 10; run++) {
      const dir = mkdtempSync(path.join(tmpdir(), 'cdoc-fix-race-'));
      dirs.push(dir);
      const file = path.join(dir, 'Dockerfile');
      writeFileSync(file, original);
      const appender = startAppender(file);
      // Let it start appending, so that lint reads a file that is being written.
      while (statSync(file).size === original.length) await new Promise((r) => setTimeout(r, 5));
      const lint = lintFix(dir);
      appender.child.kill('SIGTERM');
      const appended = await appender.count;
      const text = readFileSync(file, 'utf8');
      const lines = text.split('\n').filter((l) => l.startsWith('# appended '));
      const expected = Array.from({ length: appended }, (_, i) => `# appended ${i}`);
      assert.deepEqual(lines, expected, `run ${run}: every appended line, once, in order`);
      if (/^wrote Dockerfile$/m.test(lint.stdout)) {
        outcomes.wrote++;
        assert.ok(text.startsWith(fixed), `run ${run}: the fix is in the file:\n${text}`);
      } else {
        outcomes.refused++;
        assert.match(lint.stderr, /changed on disk while it was being fixed/, lint.stderr);
        assert.ok(text.startsWith(original), `run ${run}: refused, the file as it was`);
      }
    }
    t.diagnostic(`wrote ${outcomes.wrote}, refused ${outcomes.refused}`);
    assert.equal(outcomes.wrote + outcomes.refused, 10);
    // A file caught mid-burst is fixed again from its new text: the fix lands in a pause
    // (before, every run caught by a burst refused, and the fix never landed).
    assert.ok(outcomes.wrote >= 1, `the fix landed in ${outcomes.wrote} of 10 runs`);
  });
});
