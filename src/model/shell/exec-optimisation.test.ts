// The measured table of domain.md §1 as test cases: `docker run IMAGE SHELL -c CMD`, then
// /proc/1/cmdline. true = the shell stays PID 1; false = the command replaced it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseDashC, shellStays } from './exec-optimisation';
import type { ShellFamily } from '../knowledge/images';

const measured: [string, Partial<Record<ShellFamily, boolean>>][] = [
  ['sleep 1000', { dash: true, bash: false, ash: false }],
  ['echo hi; sleep 1000', { dash: true, bash: false, ash: false }],
  ['cd /tmp && sleep 1000', { dash: true, bash: false }],
  // measured here 2026-11-22 (lab images: Debian 12, BusyBox 1.35):
  ['cd / && sleep 1000', { ash: false }],
  ['false || sleep 1000', { bash: false, ash: false }],
  ['true && sleep 1000 || true', { bash: true }],
  ['X=1 sleep 1000', { dash: true, bash: false, ash: false }],
  ['sleep 1000 > /dev/null', { dash: true, bash: true, ash: false }],
  ['sleep 1000 | cat', { dash: true, bash: true, ash: true }],
  ["trap 'echo bye' TERM; sleep 1000", { dash: true, bash: true, ash: true }],
  ['exec sleep 1000', { dash: false, bash: false, ash: false }],
  // Groups, subshells and if, measured here 2026-11-22 on the lab images (test/docker/engine
  // shell-forms.test.ts repeats the first rows against real containers):
  ['{ echo hi; sleep 1000; }', { dash: true, bash: true, ash: false }],
  ['{ sleep 1000; }', { dash: true, bash: true, ash: false }],
  ['echo a; { echo hi; sleep 1000; }', { dash: true, bash: true, ash: false }],
  ['{ cd / && sleep 1000; }', { dash: true, bash: true, ash: false }],
  ['{ X=1 sleep 1000; }', { dash: true, bash: true, ash: false }],
  ['{ sleep 1000 > /dev/null; }', { dash: true, bash: true, ash: false }],
  ['{ echo hi; sleep 1000; } > /dev/null', { dash: true, bash: true, ash: true }],
  ['{ sleep 1000 | cat; }', { dash: true, bash: true, ash: true }],
  ['! { sleep 1000; }', { dash: true, bash: true, ash: true }],
  ['{ exec sleep 1000; }', { dash: false, bash: false, ash: false }],
  ['{ echo hi; exec sleep 1000; }', { dash: false, bash: false, ash: false }],
  ['( sleep 1000 )', { dash: true, bash: true, ash: false }],
  ['(echo hi; sleep 1000)', { dash: true, bash: true, ash: false }],
  ['( exec sleep 1000 )', { dash: true, bash: true, ash: false }],
  ['(echo hi; exec sleep 1000)', { dash: true, bash: true, ash: false }],
  ['if true; then sleep 1000; fi', { dash: true, bash: true }],
  ['if true; then sleep 1000; else sleep 1; fi', { dash: true, bash: true }],
  ['while true; do sleep 1000; done', { dash: true, bash: true, ash: true }],
];

describe('sh -c exec optimisation (domain.md measured table)', () => {
  for (const [cmd, row] of measured)
    for (const [family, stays] of Object.entries(row) as [ShellFamily, boolean][])
      test(`${family} -c '${cmd}' → ${stays ? 'shell stays PID 1' : 'command is PID 1'}`, () => {
        assert.equal(shellStays(family, analyseDashC(cmd).shape), stays);
      });

  test('the last command is what the shell would exec', () => {
    const a = analyseDashC('cd /app && X=1 exec java -jar app.jar');
    assert.equal(a.shape, 'exec');
    assert.deepEqual(
      a.lastWords.map((w) => w.value),
      ['java', '-jar', 'app.jar'],
    );
  });

  test('shell features are recognised, so exec form is not offered', () => {
    assert.equal(analyseDashC('node server.js').usesShellFeatures, false);
    for (const c of ['node $APP', 'a && b', 'node x > log', 'X=1 node x', 'a; b', 'node "$@"'])
      assert.equal(analyseDashC(c).usesShellFeatures, true, c);
    assert.equal(analyseDashC('node *.js').lastWords[1]!.literal, false);
    assert.equal(analyseDashC("node 'a b'").lastWords[1]!.value, 'a b');
  });

  test('the last command inside a group is what BusyBox ash execs', () => {
    const a = analyseDashC('cd /app && { echo start; X=1 node server.js; }');
    assert.equal(a.shape, 'group');
    assert.deepEqual(
      a.lastWords.map((w) => w.value),
      ['node', 'server.js'],
    );
    assert.deepEqual(a.cdDirs, ['/app']);
    assert.equal(a.usesShellFeatures, true);
  });

  test('ash and an if: execs the branch taken, so PID 1 is not claimed', () => {
    assert.equal(shellStays('ash', analyseDashC('if true; then sleep 1000; fi').shape), null);
  });

  test('unparsable, empty and background commands are not guessed', () => {
    assert.equal(shellStays('bash', analyseDashC('if then').shape), null);
    assert.equal(shellStays('bash', analyseDashC('').shape), null);
    assert.equal(shellStays('bash', analyseDashC('sleep 1000 &').shape), null);
  });

  test('non-ASCII text keeps string offsets', () => {
    const src = 'echo "héllo 世界"; node app.js';
    const a = analyseDashC(src);
    assert.equal(src.slice(a.lastWords[0]!.start, a.lastWords[0]!.end), 'node');
  });
});
