// Inspect data captured from the lab's Docker Engine 20.10.24 (containers created, not started).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { containerHeapVerdicts, heapBasedLimit, type ContainerMemoryInspect } from './heap-verdict';

const MiB = 1024 * 1024;

function fixture(name: string): ContainerMemoryInspect {
  return JSON.parse(
    readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8'),
  ) as ContainerMemoryInspect;
}

describe('containerHeapVerdicts', () => {
  test('JAVA_TOOL_OPTIONS -Xmx2g from the image, --memory 1g: over, with both numbers and both fixes', () => {
    const [v, ...rest] = containerHeapVerdicts(fixture('inspect-java-heap-over-limit'));
    assert.equal(rest.length, 0);
    assert.equal(v?.runtime, 'jvm');
    assert.equal(v?.kind, 'over');
    assert.equal(v?.heapBytes, 2048 * MiB);
    assert.equal(v?.limitBytes, 1024 * MiB);
    assert.equal(v?.setting, '-Xmx2g (JAVA_TOOL_OPTIONS)');
    assert.match(v!.summary, /2 GiB .* at or above the 1 GiB memory limit/);
    assert.equal(v?.fitHeap, '-XX:MaxRAMPercentage=75.0');
    assert.equal(v?.fitLimit, 2752 * MiB);
  });
  test("node with no flag under --memory 192m: Node's default heap (256 MiB) is over", () => {
    const [v] = containerHeapVerdicts(fixture('inspect-node-default-192m'));
    assert.equal(v?.kind, 'over');
    assert.equal(v?.heapBytes, 256 * MiB);
    assert.equal(v?.fitHeap, '--max-old-space-size=144');
  });
  test('NODE_OPTIONS with no limit: no verdict against a limit, but the limit that fits', () => {
    const inspect = fixture('inspect-node-options-no-limit');
    const [v] = containerHeapVerdicts(inspect);
    assert.equal(v?.limitBytes, null);
    assert.equal(v?.heapBytes, 2048 * MiB);
    const suggestion = heapBasedLimit(inspect);
    assert.equal(suggestion?.bytes, 2752 * MiB);
    assert.match(
      suggestion!.reason,
      /2 GiB heap cap, --max-old-space-size=2048 \(NODE_OPTIONS\), at 75 %/,
    );
  });
  test('a container with nothing known about its heap', () => {
    assert.deepEqual(
      containerHeapVerdicts({ Config: { Cmd: ['nginx'] }, HostConfig: { Memory: 0 } }),
      [],
    );
    assert.equal(heapBasedLimit({}), null);
  });
});
