// SHELL is stage state: a stage built FROM an earlier stage starts with that stage's SHELL
// (Docker's Dockerfile reference: "The SHELL instruction can appear multiple times. Each SHELL
// instruction overrides all previous SHELL instructions, and affects all subsequent
// instructions"; a stage FROM another stage continues its image config). A SHELL in a stage
// the final one is not built from does not apply.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeFile, noBuildContext } from '../index';
import { effectiveCommand } from './command';
import { parseDockerfile } from './model';

function finalShell(df: string): string[] {
  const model = parseDockerfile(df);
  return effectiveCommand(model, model.stages[model.stages.length - 1]!).shell;
}
const pid1 = (df: string) => analyzeFile('/w/Dockerfile', df, noBuildContext).runtime?.pid1;

describe('SHELL across stages', () => {
  test('a SHELL in the parent stage applies to the stage built FROM it', () => {
    const df = [
      'FROM debian:12 AS base',
      'SHELL ["/bin/bash", "-c"]',
      'FROM base',
      'CMD sleep 1000',
      '',
    ].join('\n');
    assert.deepEqual(finalShell(df), ['/bin/bash', '-c']);
    // bash -c execs a single simple command (measured), dash would stay: sleep is PID 1.
    assert.equal(pid1(df)?.program, 'sleep');
  });
  test('through two levels, and the stage name matched without case', () => {
    const df = [
      'FROM debian:12 AS Base',
      'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
      'FROM base AS middle',
      'RUN true',
      'FROM MIDDLE',
      'CMD sleep 1000 > /dev/null',
      '',
    ].join('\n');
    assert.deepEqual(finalShell(df), ['/bin/bash', '-o', 'pipefail', '-c']);
    assert.deepEqual(pid1(df)?.argv.slice(0, 3), ['/bin/bash', '-o', 'pipefail']);
  });
  test("a later SHELL in the child replaces the parent's", () => {
    const df = [
      'FROM debian:12 AS base',
      'SHELL ["/bin/bash", "-c"]',
      'FROM base',
      'SHELL ["/bin/sh", "-c"]',
      'CMD sleep 1000',
      '',
    ].join('\n');
    assert.deepEqual(finalShell(df), ['/bin/sh', '-c']);
    assert.equal(pid1(df)?.program, 'sh');
  });
  test('a SHELL in a stage the final stage is not built from does not apply', () => {
    const df = [
      'FROM debian:12 AS tools',
      'SHELL ["/bin/bash", "-c"]',
      'RUN true',
      'FROM debian:12',
      'COPY --from=tools /etc/hostname /tmp/',
      'CMD sleep 1000',
      '',
    ].join('\n');
    assert.deepEqual(finalShell(df), ['/bin/sh', '-c']);
    assert.equal(pid1(df)?.program, 'sh');
  });
});
