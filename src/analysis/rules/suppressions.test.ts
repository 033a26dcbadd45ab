// The one reader of suppression comments: our own, hadolint's and BuildKit's spellings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileSuppressions, parseSuppressionComment } from './suppressions';

test('our comment: ids separated by commas or spaces; none means every rule', () => {
  assert.deepEqual(
    parseSuppressionComment('# container-doctor-ignore shell-pid1, pid1-no-reaper'),
    {
      rules: ['shell-pid1', 'pid1-no-reaper'],
      global: false,
    },
  );
  assert.deepEqual(parseSuppressionComment('  #container-doctor-ignore'), {
    rules: ['*'],
    global: false,
  });
  assert.equal(parseSuppressionComment('# just a comment'), null);
  assert.equal(parseSuppressionComment('RUN echo container-doctor-ignore'), null);
});

test("hadolint's comments: DL3025 means shell-pid1, other codes mean nothing of ours", () => {
  assert.deepEqual(parseSuppressionComment('# hadolint ignore=DL3008,DL3025'), {
    rules: ['shell-pid1'],
    global: false,
  });
  assert.deepEqual(parseSuppressionComment('# hadolint global ignore=DL3025'), {
    rules: ['shell-pid1'],
    global: true,
  });
  assert.equal(parseSuppressionComment('# hadolint ignore=DL3008'), null);
});

test("BuildKit's check directive: only at the top, names case-sensitive, skip=all", () => {
  assert.deepEqual(
    [...fileSuppressions('# check=skip=JSONArgsRecommended\nFROM x\n')],
    ['shell-pid1'],
  );
  assert.deepEqual(
    [...fileSuppressions('# syntax=docker/dockerfile:1\n#CHECK = skip=all;error=true\nFROM x\n')],
    ['shell-pid1'],
  );
  assert.deepEqual([...fileSuppressions('# check=skip=StageNameCasing\nFROM x\n')], []);
  assert.deepEqual([...fileSuppressions('# check=skip=jsonargsrecommended\nFROM x\n')], []);
  assert.deepEqual([...fileSuppressions('\n# check=skip=JSONArgsRecommended\nFROM x\n')], []);
  assert.deepEqual([...fileSuppressions('FROM x\n# check=skip=JSONArgsRecommended\n')], []);
  assert.deepEqual(
    [...fileSuppressions('FROM x\n# hadolint global ignore=DL3025\n')],
    ['shell-pid1'],
  );
});
