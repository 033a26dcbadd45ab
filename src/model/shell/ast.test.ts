// The fast reader of mvdan-sh's Go objects must agree with its public (slow) wrapper API;
// if a new mvdan-sh lays its objects out differently, this fails instead of the rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseShellUncached } from './ast';

const scripts = [
  'sleep 1000',
  'cd /app && X=1 exec node "$@" > /dev/null 2>&1 &',
  "trap 'kill -TERM $pid' TERM INT; a | b |& c; ! d || e",
  'if [ -n "$X" ]; then echo x; elif true; then :; else exit 3; fi',
  'while :; do sleep 5; done; until false; do :; done; for i in 1 2; do echo $i; done',
  'f() { echo "héllo 世界" $\'\\n\' ~/x *.js; }; (sub); { block; }',
  'java ${JAVA_OPTS:-} -jar "$(ls *.jar)" `date` \'a b\' "c $d"',
];

test('raw Go objects and the wrapper API give the same program', () => {
  for (const s of scripts) {
    const raw = parseShellUncached(s, 'bash', true);
    const wrapped = parseShellUncached(s, 'bash', false);
    assert.ok(raw, s);
    assert.deepEqual(raw, wrapped, s);
  }
});

test('AND/OR/PIPE operator values are the ones ast.ts expects', () => {
  const p = parseShellUncached('a && b || c | d', 'bash', true)!;
  const top = p.statements[0]!.command;
  assert.equal(top.kind, 'or');
});

test('invalid shell is null, not an exception', () => {
  assert.equal(parseShellUncached('if then fi (', 'bash', true), null);
});
