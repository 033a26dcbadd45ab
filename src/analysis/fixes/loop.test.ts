// The fix loop: it converges (exec form, then an init), refuses a fix that would leave a file
// parsing worse, takes conflicting fixes one pass at a time, and writes suppressions on demand.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile } from '../index';
import type { FileAnalysis, Finding } from '../types';
import { fixUntilStable, preferredFix, type FixEnvironment } from './loop';
import { suppressionFix } from './suppress';

const DF = '/ctx/Dockerfile';

function environment(originals: Record<string, string>): FixEnvironment {
  return {
    readOriginal: (p) => originals[p],
    analyze: (p, text, fixed) =>
      analyzeFile(p, text, {
        readFile: (rel) => fixed.get(`/ctx/${rel}`) ?? originals[`/ctx/${rel}`],
        pathOf: (rel) => `/ctx/${rel}`,
      }),
  };
}

describe('fixUntilStable', () => {
  test('CMD node server.js on Debian ends with exec form AND tini in front', () => {
    const fixed = new Map<string, string>();
    const env = environment({ [DF]: 'FROM debian:12\nCMD node server.js\n' });
    const outcome = fixUntilStable(DF, env, fixed);
    assert.equal(outcome.stable, true);
    assert.deepEqual(
      outcome.applied.map((a) => a.rule),
      ['shell-pid1', 'pid1-ignores-sigterm'],
    );
    assert.equal(
      fixed.get(DF),
      'FROM debian:12\n' +
        'RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*\n' +
        'ENTRYPOINT ["/usr/bin/tini", "--"]\n' +
        'CMD ["node", "server.js"]\n',
    );
    const after = env.analyze(DF, fixed.get(DF)!, fixed);
    assert.equal(after.runtime?.gracefulStop, true);
    assert.deepEqual(after.findings.filter((f) => preferredFix(f)).length, 0);
  });

  test('an unknown base image: exec form only, no package installed', () => {
    const fixed = new Map<string, string>();
    const env = environment({ [DF]: 'FROM example.com/base\nCMD node server.js\n' });
    fixUntilStable(DF, env, fixed);
    assert.equal(fixed.get(DF) ?? '', '');
  });

  test('a fix that would leave the file parsing worse is refused and nothing is written', () => {
    const text = 'FROM debian:12\nCMD python app.py\n';
    const broken: Finding = {
      rule: 'shell-pid1',
      severity: 'warning',
      message: 'x',
      path: DF,
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 17 } },
      related: [],
      fixes: [
        {
          title: 'Use exec form (broken)',
          preferred: true,
          edits: [
            {
              path: DF,
              range: { start: { line: 1, character: 4 }, end: { line: 1, character: 17 } },
              newText: '["python", app.py]',
            },
          ],
        },
      ],
    };
    const env: FixEnvironment = {
      readOriginal: () => text,
      analyze: (p, t): FileAnalysis => ({
        path: p,
        kind: 'dockerfile',
        runtime: null,
        commandRanges: [],
        findings: t === text ? [broken] : [],
      }),
    };
    const fixed = new Map<string, string>();
    const outcome = fixUntilStable(DF, env, fixed);
    assert.deepEqual(outcome.applied, []);
    assert.equal(outcome.refused.length, 1);
    assert.match(outcome.refused[0]!.reason, /would not parse as well/);
    assert.equal(fixed.size, 0);
  });

  test('suppressions as the chosen fix: two rules on one instruction share one comment', () => {
    const text = 'FROM debian:12\nCMD java \\\n  -Xmx2g \\\n  -jar app.jar\n';
    const base = environment({ [DF]: text });
    const env: FixEnvironment = {
      ...base,
      choose: (f) => suppressionFix('dockerfile', fixedText(), f),
    };
    const fixed = new Map<string, string>();
    const fixedText = (): string => fixed.get(DF) ?? text;
    const outcome = fixUntilStable(DF, env, fixed);
    assert.equal(outcome.stable, true);
    assert.match(fixed.get(DF)!, /^FROM debian:12\n# container-doctor-ignore \S+ \S+\nCMD java/);
    assert.deepEqual(env.analyze(DF, fixed.get(DF)!, fixed).findings, []);
  });
});
