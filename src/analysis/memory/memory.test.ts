import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCompose } from '../compose/document';
import type { BuildContext } from '../types';
import { serviceMemory, envValueSpan } from './compose-service';
import {
  heapCaps,
  heapVerdict,
  jvmErgonomicHeap,
  suggestedHeap,
  suggestedLimit,
} from '../../model/memory/heap';
import { heapOptions, type Place } from '../../model/memory/options';
import {
  formatDockerSize,
  parseDockerSize,
  parseDotnetHex,
  parseGoSize,
  parseJvmSize,
} from '../../model/memory/sizes';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

function place(kind: 'command' | 'env', text: string, name?: string, order = 0): Place {
  return { kind, name, text, label: name ?? kind, order, locate: () => null };
}

function contextOf(files: Record<string, string>): BuildContext {
  return { readFile: (p) => files[p], pathOf: (p) => `/ws/${p}` };
}

function memoryOf(compose: string, files: Record<string, string> = {}) {
  const file = parseCompose('/ws/compose.yaml', compose);
  const service = file.services[0]!;
  const mem = serviceMemory(file, service, contextOf(files));
  assert.ok(mem);
  return mem;
}

describe('sizes', () => {
  test("Docker's and compose's units: b, k, m, g with an optional b, binary multiples", () => {
    assert.equal(parseDockerSize('768m'), 768 * MiB);
    assert.equal(parseDockerSize('1G'), GiB);
    assert.equal(parseDockerSize('1gb'), GiB);
    assert.equal(parseDockerSize('512MiB'), 512 * MiB);
    assert.equal(parseDockerSize('1.5g'), 1.5 * GiB);
    assert.equal(parseDockerSize('1048576'), MiB);
    assert.equal(parseDockerSize(1048576), MiB);
    assert.equal(parseDockerSize('100k'), 100 * 1024);
    assert.equal(parseDockerSize('${LIMIT:-512m}'), null);
    assert.equal(parseDockerSize('lots'), null);
  });
  test('JVM, Go and .NET syntaxes', () => {
    assert.equal(parseJvmSize('2g'), 2 * GiB);
    assert.equal(parseJvmSize('512M'), 512 * MiB);
    assert.equal(parseJvmSize('1073741824'), GiB);
    assert.equal(parseJvmSize('1.5g'), null);
    assert.equal(parseGoSize('900MiB'), 900 * MiB);
    assert.equal(parseGoSize('off'), null);
    assert.equal(parseDotnetHex('0x10000000'), 256 * MiB);
    assert.equal(parseDotnetHex('C800000'), 200 * MiB);
  });
  test('a new size keeps the style of the one it replaces', () => {
    assert.equal(formatDockerSize(1408 * MiB, '1G'), '1408M');
    assert.equal(formatDockerSize(1408 * MiB, '768m'), '1408m');
    assert.equal(formatDockerSize(2 * GiB, '1gb'), '2gb');
  });
});

describe('heap options and their order', () => {
  test('JAVA_OPTS counts only where the command expands it; _JAVA_OPTIONS wins over the command', () => {
    const opts = heapOptions([
      place('command', 'java -Xmx512m -jar app.jar'),
      place('env', '-Xmx4g', 'JAVA_OPTS'),
      place('env', '-Xmx256m', '_JAVA_OPTIONS'),
      place('env', '-Xmx1g', 'JAVA_TOOL_OPTIONS'),
    ]);
    assert.deepEqual(
      opts.map((o) => o.token),
      ['-Xmx1g', '-Xmx512m', '-Xmx256m'],
    );
    const expanded = heapOptions([
      place('command', 'exec java ${JAVA_OPTS} -jar app.jar'),
      place('env', '-Xms2g -Xmx2g', 'JAVA_OPTS'),
    ]);
    assert.deepEqual(
      expanded.map((o) => [o.kind, o.value]),
      [
        ['initial-heap', 2 * GiB],
        ['max-heap', 2 * GiB],
      ],
    );
  });
  test('NODE_OPTIONS, then the command line; GOMEMLIMIT and DOTNET_GCHeapHardLimit', () => {
    const caps = heapCaps({
      places: [
        place('env', '--max-old-space-size=2048', 'NODE_OPTIONS'),
        place('command', 'node --max-old-space-size=300 server.js'),
        place('env', '900MiB', 'GOMEMLIMIT'),
        place('env', '0x10000000', 'DOTNET_GCHeapHardLimit'),
      ],
      limit: GiB,
      runsNode: true,
    });
    assert.deepEqual(
      caps.map((c) => [c.runtime, c.bytes]),
      [
        ['node', 300 * MiB],
        ['go', 900 * MiB],
        ['dotnet', 256 * MiB],
      ],
    );
  });
});

describe('heap caps against the limit', () => {
  test("HotSpot's ergonomics reproduce the measured MaxHeapSize", () => {
    // docs/measurements-memory.md: 192 MiB → 96, 512 MiB → 128, 1 GiB → 256; 75 %: 256 → 192, 1 GiB → 768
    assert.equal(jvmErgonomicHeap(192 * MiB, 25), 96 * MiB);
    assert.equal(jvmErgonomicHeap(192 * MiB, 75), 96 * MiB);
    assert.equal(jvmErgonomicHeap(512 * MiB, 25), 128 * MiB);
    assert.equal(jvmErgonomicHeap(GiB, 25), 256 * MiB);
    assert.equal(jvmErgonomicHeap(256 * MiB, 75), 192 * MiB);
    assert.equal(jvmErgonomicHeap(GiB, 75), 768 * MiB);
  });
  const verdict = (text: string, limit: number, runsNode = false) =>
    heapCaps({ places: [place('command', text)], limit, runsNode }).map(
      (c) => heapVerdict(c, limit)?.kind,
    );
  test('over, tight, fits, ignores the limit', () => {
    assert.deepEqual(verdict('java -Xmx1g -jar a.jar', 768 * MiB), ['over']);
    assert.deepEqual(verdict('java -Xmx1g -jar a.jar', GiB), ['over']);
    assert.deepEqual(verdict('java -Xmx1000m -jar a.jar', GiB), ['tight']);
    assert.deepEqual(verdict('java -Xmx768m -jar a.jar', GiB), ['fits']);
    assert.deepEqual(verdict('java -XX:MaxRAMPercentage=100 -jar a.jar', GiB), ['over']);
    assert.deepEqual(verdict('java -XX:MaxRAMPercentage=75.0 -jar a.jar', GiB), ['fits']);
    assert.deepEqual(verdict('java -XX:-UseContainerSupport -jar a.jar', GiB), ['ignores-limit']);
    assert.deepEqual(verdict('java -XX:MaxRAM=8g -jar a.jar', GiB), ['ignores-limit']);
    assert.deepEqual(verdict('java -jar a.jar', GiB), [], 'the default follows the limit');
    assert.deepEqual(verdict('node --max-old-space-size=4096 s.js', 512 * MiB), ['over']);
    assert.deepEqual(verdict('node --max-old-space-size=500 s.js', 512 * MiB), ['tight']);
    // Measured: Node's default is 256 MiB of old space under a 192 MiB limit.
    assert.deepEqual(verdict('node s.js', 192 * MiB, true), ['over']);
    assert.deepEqual(verdict('node s.js', 512 * MiB, true), ['fits']);
  });
  test('the fixes: the heap at 75 % of the limit, or a limit with the heap at 75 %', () => {
    assert.deepEqual(suggestedHeap('node', 512 * MiB), {
      bytes: 384 * MiB,
      text: '--max-old-space-size=384',
    });
    assert.deepEqual(suggestedHeap('node', 192 * MiB), {
      bytes: 144 * MiB,
      text: '--max-old-space-size=144',
    });
    assert.equal(suggestedHeap('jvm', GiB).bytes, 768 * MiB);
    assert.equal(suggestedHeap('go', GiB).text, '921MiB');
    assert.equal(suggestedLimit('jvm', GiB), 1408 * MiB);
    assert.equal(suggestedLimit('node', 2048 * MiB), 2752 * MiB);
  });
});

describe('a compose service', () => {
  test('limits in every unit and place; the smallest counts', () => {
    const mem = memoryOf(
      'services:\n  api:\n    image: x\n    mem_limit: 1gb\n    deploy:\n      resources:\n        limits:\n          memory: 768M\n',
    );
    assert.equal(mem.limit?.bytes, 768 * MiB);
    assert.equal(mem.limit?.key, 'deploy.resources.limits.memory');
    assert.equal(mem.limits.length, 2);
  });
  test('environment in list and map form; offsets point into the file', () => {
    const list = memoryOf(
      'services:\n  a:\n    image: x\n    environment:\n      - NODE_OPTIONS=--max-old-space-size=2048\n',
    );
    const opt = heapOptions(list.places)[0]!;
    assert.equal(opt.token, '--max-old-space-size=2048');
    assert.deepEqual(opt.place.locate(opt.start, opt.end)?.range, {
      start: { line: 4, character: 21 },
      end: { line: 4, character: 46 },
    });
    const map = memoryOf(
      'services:\n  a:\n    image: x\n    environment:\n      JAVA_TOOL_OPTIONS: "-Xmx2g"\n',
    );
    const o2 = heapOptions(map.places)[0]!;
    assert.deepEqual(o2.place.locate(o2.start, o2.end)?.range, {
      start: { line: 4, character: 26 },
      end: { line: 4, character: 32 },
    });
  });
  test("built from a workspace Dockerfile: its CMD and ENV, with compose's overrides", () => {
    const dockerfile =
      'FROM eclipse-temurin:17\nENV JAVA_OPTS="-Xms2g -Xmx2g"\nCMD java $JAVA_OPTS -jar /app.jar\n';
    const files = { 'api/Dockerfile': dockerfile };
    const mem = memoryOf('services:\n  api:\n    build: ./api\n    mem_limit: 1g\n', files);
    assert.equal(mem.dockerfile, '/ws/api/Dockerfile');
    const caps = heapCaps({ places: mem.places, limit: mem.limit!.bytes, runsNode: mem.runsNode });
    assert.equal(caps[0]?.bytes, 2 * GiB);
    const located = caps[0]!.option!.place.locate(caps[0]!.option!.start, caps[0]!.option!.end);
    assert.deepEqual(located, {
      path: '/ws/api/Dockerfile',
      range: { start: { line: 1, character: 22 }, end: { line: 1, character: 28 } },
    });
    // compose's environment replaces the variable; its command replaces CMD.
    const over = memoryOf(
      'services:\n  api:\n    build:\n      context: api\n    mem_limit: 1g\n    environment:\n      JAVA_OPTS: -Xmx512m\n',
      files,
    );
    assert.deepEqual(
      heapOptions(over.places).map((o) => o.token),
      ['-Xmx512m'],
    );
    const noExpand = memoryOf(
      'services:\n  api:\n    build: api\n    command: ["java", "-jar", "/app.jar"]\n    mem_limit: 1g\n',
      files,
    );
    assert.deepEqual(heapOptions(noExpand.places), [], 'JAVA_OPTS is no longer expanded');
  });
  test('a Dockerfile outside the folder or missing: nothing is read from it', () => {
    const mem = memoryOf('services:\n  api:\n    build: ../other\n    mem_limit: 1g\n');
    assert.equal(mem.dockerfile, null);
  });
  test('which services run Node', () => {
    assert.equal(memoryOf('services:\n  a:\n    image: node:20\n').runsNode, true);
    assert.equal(
      memoryOf('services:\n  a:\n    image: node:20\n    command: python app.py\n').runsNode,
      false,
    );
    assert.equal(
      memoryOf('services:\n  a:\n    image: x\n    command: ["npm", "start"]\n').runsNode,
      true,
    );
    assert.equal(memoryOf('services:\n  a:\n    image: nginx\n').runsNode, false);
  });
  test('ENV value spans', () => {
    assert.deepEqual(envValueSpan('A=1 JAVA_OPTS="-Xmx1g -Xms1g" B=2', 'JAVA_OPTS'), {
      start: 15,
      end: 28,
    });
    assert.deepEqual(envValueSpan('NODE_OPTIONS --max-old-space-size=100', 'NODE_OPTIONS'), {
      start: 13,
      end: 37,
    });
  });
});
