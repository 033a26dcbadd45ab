import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catches, catchesNot, fixture } from '../../../../test/fixtures/explain/load';
import { pod } from '../../../../test/fixtures/explain/kubernetes/load';
import { createConfigError } from './create-config-error';

test('create-config-error: replays documented Kubernetes API shapes (a missing Secret)', () => {
  const f = catches(createConfigError, pod('create-config-error.json'));
  assert.match(f.summary, /CreateContainerConfigError\): secret "db-password" not found/);
  assert.equal(f.fixes[0].title, 'Create the secret or fix its name');
  assert.match(f.fixes[0].detail, /kubectl -n shop get secret db-password/);
});

test('create-config-error: not an image pull failure, not a Docker start failure', () => {
  catchesNot(createConfigError, pod('image-pull.json'));
  catchesNot(createConfigError, fixture('start-failed'));
});
