// Memory flags measured in a container with a 256 MiB limit: a fixed -Xmx (in the command or
// in JAVA_TOOL_OPTIONS) gives the JVM a heap larger than the container may use, the
// container-relative fix sizes it from the limit; a removed JVM flag stops the JVM from
// starting; node's --max-old-space-size overrides the heap node would size from the limit.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { registerLabCleanup } from '../lab';
import { javaMain, nodeServer, reportedHeap } from './apps';
import { MEASURED_JDK } from '../../../src/analysis/knowledge/jvm-flags';
import {
  analyse,
  findingOf,
  fixed,
  labBases,
  programName,
  rulesOf,
  runApp,
  runToExit,
  type AppFiles,
} from './harness';

registerLabCleanup();

const MiB = 1024 * 1024;
const LIMIT = 256 * MiB;
const limited = { create: { HostConfig: { Memory: LIMIT, MemorySwap: LIMIT } } };

function javaApp(debian: string, lines: string[]): AppFiles {
  return {
    Dockerfile: [`FROM ${debian}`, 'COPY Main.java /app/Main.java', ...lines, ''].join('\n'),
    'Main.java': javaMain,
  };
}

describe('memory: jvm-fixed-heap, jvm-obsolete-flag, node-heap-without-limit', () => {
  const fixedHeapCases: [string, string[]][] = [
    ['-Xmx in the command', ['CMD ["java", "-Xmx512m", "/app/Main.java"]']],
    [
      '-Xmx in ENV JAVA_TOOL_OPTIONS',
      ['ENV JAVA_TOOL_OPTIONS="-Xmx512m"', 'CMD ["java", "/app/Main.java"]'],
    ],
  ];
  for (const [name, lines] of fixedHeapCases) {
    test(`jvm-fixed-heap: ${name} exceeds a 256 MiB limit; MaxRAMPercentage follows it`, async (t) => {
      const bases = await labBases(t);
      if (!bases) return;
      const files = javaApp(bases.debian, lines);
      findingOf(analyse(files), 'jvm-fixed-heap');
      const m = await runApp(files, limited);
      assert.equal(programName(m.pid1), 'java');
      assert.ok(reportedHeap(m.logs) > LIMIT, `heap ${reportedHeap(m.logs)} within the limit?`);

      const after = fixed(files, 'jvm-fixed-heap');
      assert.match(after['Dockerfile'], /MaxRAMPercentage/);
      assert.doesNotMatch(after['Dockerfile'], /-Xmx/);
      assert.ok(!rulesOf(analyse(after)).includes('jvm-fixed-heap'), after['Dockerfile']);
      const m2 = await runApp(after, limited);
      assert.equal(programName(m2.pid1), 'java');
      const heap = reportedHeap(m2.logs);
      assert.ok(heap < LIMIT && heap > LIMIT / 4, `heap ${heap} after the fix`);
      assert.equal(m2.stop.exitCode, 143);
    });
  }

  // Measured on the lab's OpenJDK 17: each of these makes the JVM refuse to start
  // ("Unrecognized VM option ..."), MaxPermSize included (JDK 8 only warned about it).
  // Every entry of knowledge/jvm-flags.ts is here: its refusesFrom rests on this run.
  const obsolete: [string, RegExp][] = [
    ['-XX:+UseParNewGC', /Unrecognized VM option 'UseParNewGC'/],
    ['-XX:+UseConcMarkSweepGC', /Unrecognized VM option 'UseConcMarkSweepGC'/],
    ['-XX:MaxPermSize=256m', /Unrecognized VM option 'MaxPermSize=256m'/],
    ['-XX:PermSize=64m', /Unrecognized VM option 'PermSize=64m'/],
    ['-XX:+UseCGroupMemoryLimitForHeap', /Unrecognized VM option 'UseCGroupMemoryLimitForHeap'/],
    ['-Xincgc', /Unrecognized option: -Xincgc/],
  ];
  test('the lab JRE is Java 17, the version knowledge/jvm-flags.ts records as measured', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const run = await runToExit(javaApp(bases.debian, ['CMD ["java", "-version"]']), 15_000);
    assert.equal(run.exitCode, 0, run.logs);
    assert.match(run.logs, new RegExp(`openjdk version "${MEASURED_JDK}\\.`), run.logs);
  });

  for (const [flag, message] of obsolete) {
    test(`jvm-obsolete-flag: ${flag} stops Java 17 from starting; the fix drops it`, async (t) => {
      const bases = await labBases(t);
      if (!bases) return;
      const files = javaApp(bases.debian, [
        `CMD ["java", "${flag}", "-Dapp.name=lab", "/app/Main.java"]`,
      ]);
      const finding = findingOf(analyse(files), 'jvm-obsolete-flag');
      const run = await runToExit(files, 15_000);
      assert.equal(run.exitCode, 1, run.logs);
      assert.match(run.logs, message);
      // The lab image's tag says nothing of Java: the message gives the version it refuses from.
      const from = /refuses to start on Java (\d+)\+/.exec(finding.message);
      assert.ok(from && Number(from[1]) <= 17, finding.message);

      const after = fixed(files, 'jvm-obsolete-flag');
      assert.ok(!after['Dockerfile'].includes(flag), after['Dockerfile']);
      assert.match(after['Dockerfile'], /"-Dapp\.name=lab"/, 'other flags are kept');
      assert.ok(!rulesOf(analyse(after)).includes('jvm-obsolete-flag'), after['Dockerfile']);
      const m = await runApp(after);
      assert.equal(programName(m.pid1), 'java');
      assert.equal(m.stop.exitCode, 143);
    });
  }

  test('node-heap-without-limit: --max-old-space-size beats the container limit', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const files: AppFiles = {
      Dockerfile: [
        `FROM ${bases.debian}`,
        'COPY server.js /app/server.js',
        'CMD ["node", "--max-old-space-size=4096", "/app/server.js"]',
        '',
      ].join('\n'),
      'server.js': nodeServer(true),
    };
    const finding = findingOf(analyse(files), 'node-heap-without-limit');
    const m = await runApp(files, limited);
    assert.ok(reportedHeap(m.logs) > 4096 * MiB, `heap ${reportedHeap(m.logs)}`);
    // Without the flag node sizes its heap from the cgroup limit (measured here as a peer).
    const plain = await runApp(
      { ...files, Dockerfile: files['Dockerfile'].replace('"--max-old-space-size=4096", ', '') },
      limited,
    );
    // Node 20 under a 256 MiB limit: heap_size_limit 259 MiB (young generation included).
    const sized = reportedHeap(plain.logs);
    assert.ok(sized < LIMIT * 1.25, `heap ${sized} without the flag`);
    if (finding.fixes.length === 0) {
      t.diagnostic('node-heap-without-limit offers no fix');
      return;
    }
    const after = fixed(files, 'node-heap-without-limit');
    assert.ok(!rulesOf(analyse(after)).includes('node-heap-without-limit'), after['Dockerfile']);
    const m2 = await runApp(after, limited);
    assert.equal(programName(m2.pid1), 'node');
    assert.ok(reportedHeap(m2.logs) < LIMIT * 1.25, `heap ${reportedHeap(m2.logs)} after the fix`);
  });
});
