// collectGarbage() really collects on this Node: garbage that nothing would otherwise collect
// (no allocation follows it) is gone from the heap after the call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectGarbage } from './collectGarbage';

test('collects garbage an idle thread would keep', () => {
  let garbage: string[] | undefined = Array.from({ length: 300_000 }, (_, i) => `finding ${i}`);
  const withGarbage = process.memoryUsage().heapUsed;
  assert.equal(garbage.length, 300_000);
  garbage = undefined;
  assert.equal(collectGarbage(), true);
  const after = process.memoryUsage().heapUsed;
  assert.ok(
    after < withGarbage - 8 * 1024 * 1024,
    `heap used ${(withGarbage / 2 ** 20).toFixed(1)} MiB before, ${(after / 2 ** 20).toFixed(1)} MiB after`,
  );
});
