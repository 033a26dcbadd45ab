import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RuntimeVerdictResult } from '../../server/protocol';
import { verdictItems } from './verdictItems';

const range = { start: { line: 3, character: 0 }, end: { line: 3, character: 22 } };

function result(partial: Partial<RuntimeVerdictResult>): RuntimeVerdictResult {
  return {
    verdict: {
      pid1: { program: 'sh', argv: ['/bin/sh', '-c', 'node server.js'] },
      viaShell: true,
      gracefulStop: false,
      reapsZombies: false,
      init: null,
      reasons: ['The base image debian:bookworm has dash as /bin/sh.', 'dash does not exec.'],
    },
    ranges: [range],
    title: 'PID 1: sh (via /bin/sh -c) · stop: SIGKILL after 10 s · zombies: not reaped',
    markdown: '…',
    findings: [
      { rule: 'shell-pid1', message: 'sh stays PID 1', severity: 'warning', range },
      { rule: 'shell-pid1', message: 'again', severity: 'warning', range },
      { rule: 'stop-signal-ignored', message: 'node ignores TERM', severity: 'info', range },
    ],
    ...partial,
  };
}

describe('verdict explanation items', () => {
  test('fixes first, then the reasons in order, the rule pages once each, the document', () => {
    const items = verdictItems(result({}), [
      { title: 'Use exec form', preferred: true },
      { title: 'Disable shell-pid1 for this line', preferred: false },
    ]);
    assert.deepEqual(
      items.map((i) => i.kind),
      [
        'separator',
        'fix',
        'fix',
        'separator',
        'reason',
        'reason',
        'separator',
        'rule',
        'rule',
        'separator',
        'explanation',
      ],
    );
    const fixes = items.filter((i) => i.kind === 'fix');
    assert.deepEqual(
      fixes.map((f) => [f.fixIndex, f.description]),
      [
        [0, 'preferred'],
        [1, undefined],
      ],
    );
    const reasons = items.filter((i) => i.kind === 'reason').map((i) => i.label);
    assert.deepEqual(reasons, result({}).verdict!.reasons);
    const rules = items.filter((i) => i.kind === 'rule');
    assert.deepEqual(
      rules.map((r) => [r.rule, r.label, r.detail]),
      [
        ['shell-pid1', '$(warning) shell-pid1', 'sh stays PID 1'],
        ['stop-signal-ignored', '$(info) stop-signal-ignored', 'node ignores TERM'],
      ],
    );
  });

  test('no verdict, no findings, no fixes: only the explanation', () => {
    const items = verdictItems(result({ verdict: null, findings: [] }), []);
    assert.deepEqual(
      items.map((i) => i.kind),
      ['separator', 'explanation'],
    );
  });
});
