import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catches, catchesNot, fixture } from '../../../../test/fixtures/explain/load';
import { pod } from '../../../../test/fixtures/explain/kubernetes/load';
import { imagePull } from './image-pull';

test('image-pull: replays documented Kubernetes API shapes (ImagePullBackOff and the Failed event)', () => {
  const f = catches(imagePull, pod('image-pull.json'));
  assert.match(
    f.summary,
    /could not pull its image `registry\.example\.com\/shop\/web:1\.4\.3` \(ImagePullBackOff\)/,
  );
  assert.match(f.summary, /not found/);
  assert.ok(
    f.evidence.some((e) => e.source === 'events' && /Failed: Failed to pull image/.test(e.detail)),
  );
});

test('image-pull: not a crash loop, not a Docker container', () => {
  catchesNot(imagePull, pod('crashloop-error.json'));
  catchesNot(imagePull, fixture('start-failed'));
});
