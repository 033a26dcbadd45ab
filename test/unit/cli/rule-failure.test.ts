// A rule that throws must not let CI pass on a report that lacks its findings: `lint` names
// the rule and the file on stderr and exits 3 (docs/cli-output.md). No input makes a shipped
// rule throw, so the test adds one to the registry for its duration.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { dockerfileRules } from '../../../src/analysis/rules/registry';
import type { DockerfileRule } from '../../../src/analysis/rules/rule';
import { lintMain } from '../../../src/cli/commands/lint';

const dir = mkdtempSync(path.join(tmpdir(), 'cdoc-rule-failure-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a rule that throws: stderr names it and the file, exit 3, the report still printed', async () => {
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian:12\nCMD ["sleep", "1000"]\n');
  const broken = {
    ...dockerfileRules[0]!,
    meta: { ...dockerfileRules[0]!.meta, id: 'broken-for-test' },
    check: () => {
      throw new TypeError('boom');
    },
  } as DockerfileRule;
  const rules = dockerfileRules as DockerfileRule[];
  rules.push(broken);
  let stdout = '';
  let stderr = '';
  try {
    const code = await lintMain(['--format', 'json', 'Dockerfile'], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      readStdin: async () => '',
      cwd: dir,
      env: {},
    });
    assert.equal(code, 3);
  } finally {
    rules.splice(rules.indexOf(broken), 1);
  }
  assert.match(stderr, /rule broken-for-test failed on Dockerfile: TypeError: boom/);
  assert.equal((JSON.parse(stdout) as { files: unknown[] }).files.length, 1);
});
