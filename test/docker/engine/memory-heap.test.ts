// The memory rules against real containers: a compose service whose heap cap is at or above
// its memory limit, with a program that keeps allocating. Before the fix the cgroup kills it
// (exit 137, OOMKilled true, nothing in the log); after the fix the runtime stops with its
// own heap error in the log. There is no compose CLI here: the service's keys are mapped to
// the Engine API as compose documents them (build → the image, command → Cmd, environment →
// Env, mem_limit / deploy.resources.limits.memory → Memory and MemorySwap, swap off).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { analyzeFile } from '../../../src/analysis/index';
import type { Finding, Fix } from '../../../src/analysis/types';
import { parseDockerSize } from '../../../src/model/memory/sizes';
import { buildImage, containerLogs, registerLabCleanup, runContainer, waitFor } from '../lab';
import { APP_ROOT, applyFix, contextOf, labBases, type AppFiles } from './harness';

registerLabCleanup();

const COMPOSE = 'compose.yaml';
const MiB = 1024 * 1024;

/** Keeps what it allocates, on the V8 heap (arrays of doubles), until something stops it. */
const growJs = [
  'const keep = [];',
  "console.log('READY heap_size_limit=' + require('v8').getHeapStatistics().heap_size_limit);",
  'for (;;) keep.push(new Array(32768).fill(1.5));',
  '',
].join('\n');

/** The same in Java: filled 1 MiB arrays, kept. */
const growJava = [
  'import java.util.*;',
  'public class Grow {',
  '  public static void main(String[] a) {',
  '    List<byte[]> keep = new ArrayList<>();',
  '    System.out.println("READY maxMemory=" + Runtime.getRuntime().maxMemory());',
  '    for (;;) { byte[] b = new byte[1024 * 1024]; Arrays.fill(b, (byte) 1); keep.add(b); }',
  '  }',
  '}',
  '',
].join('\n');

interface Service {
  build?: unknown;
  command?: string[] | string;
  environment?: string[] | Record<string, string | number>;
  mem_limit?: string | number;
  deploy?: { resources?: { limits?: { memory?: string | number } } };
}

function serviceOf(files: AppFiles): Service {
  const doc = parse(files[COMPOSE]!) as { services: Record<string, Service> };
  return Object.values(doc.services)[0]!;
}

interface Outcome {
  exitCode: number;
  oomKilled: boolean;
  logs: string;
}

/** Build the service's image from the files, run it as compose would, wait for its end. */
async function runService(files: AppFiles): Promise<Outcome> {
  const s = serviceOf(files);
  const image = await buildImage({ ...files, [COMPOSE]: '' });
  const memory = parseDockerSize(s.mem_limit ?? s.deploy?.resources?.limits?.memory);
  assert.ok(memory, 'the service has a limit');
  const env = Array.isArray(s.environment)
    ? s.environment
    : Object.entries(s.environment ?? {}).map(([k, v]) => `${k}=${v}`);
  const c = await runContainer({
    Image: image,
    ...(s.command
      ? { Cmd: typeof s.command === 'string' ? s.command.split(/\s+/) : s.command }
      : {}),
    Env: env,
    HostConfig: { Memory: memory, MemorySwap: memory },
  });
  try {
    const state = await waitFor(
      async () => {
        const info = await c.inspect();
        return info.State.Status === 'exited' ? info.State : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 200 },
    );
    return { exitCode: state.ExitCode, oomKilled: state.OOMKilled, logs: await containerLogs(c) };
  } finally {
    await c.remove({ force: true }).catch(() => undefined);
  }
}

function findingOf(files: AppFiles, rule: string): Finding {
  const a = analyzeFile(`${APP_ROOT}/${COMPOSE}`, files[COMPOSE]!, contextOf(files));
  const f = a.findings.find((x) => x.rule === rule);
  assert.ok(f, `no ${rule} in ${JSON.stringify(a.findings.map((x) => x.rule))}\n${files[COMPOSE]}`);
  return f;
}

function rulesOf(files: AppFiles): string[] {
  const a = analyzeFile(`${APP_ROOT}/${COMPOSE}`, files[COMPOSE]!, contextOf(files));
  return a.findings.map((f) => f.rule);
}

function fixed(files: AppFiles, rule: string, title: RegExp): AppFiles {
  const fix: Fix | undefined = findingOf(files, rule).fixes.find((f) => title.test(f.title));
  assert.ok(fix, `no fix matching ${title}`);
  const after = applyFix(files, fix);
  assert.ok(!rulesOf(after).includes(rule), `still ${rule} after the fix:\n${after[COMPOSE]}`);
  return after;
}

const killedSilently = (o: Outcome, heapError: RegExp) => {
  assert.equal(o.exitCode, 137, o.logs);
  assert.equal(o.oomKilled, true);
  assert.doesNotMatch(o.logs, heapError);
};
const nodeHeapError = /FATAL ERROR: Reached heap limit .* JavaScript heap out of memory/;
const javaHeapError = /java\.lang\.OutOfMemoryError: Java heap space/;
const stoppedByRuntime = (o: Outcome, heapError: RegExp) => {
  assert.equal(o.oomKilled, false, `OOMKilled after the fix; logs:\n${o.logs}`);
  assert.notEqual(o.exitCode, 137);
  assert.match(o.logs, heapError);
};

describe('memory: the heap cap against the container limit', () => {
  // Debian's own Node.js (18.20.x), as the measurements were made: /usr/bin/node.
  async function nodeFiles(
    t: Parameters<typeof labBases>[0],
    compose: string,
  ): Promise<AppFiles | undefined> {
    const bases = await labBases(t);
    if (!bases) return undefined;
    const node18 = await buildImage({
      Dockerfile: [
        `FROM ${bases.debian}`,
        'RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs && rm -rf /var/lib/apt/lists/*',
        '',
      ].join('\n'),
    });
    return {
      Dockerfile: [
        `FROM ${node18}`,
        'COPY grow.js /app/grow.js',
        'CMD ["/usr/bin/node", "/app/grow.js"]',
        '',
      ].join('\n'),
      'grow.js': growJs,
      [COMPOSE]: compose,
    };
  }

  test('compose-heap-over-limit: node --max-old-space-size=1024 under 192m; sized from the limit', async (t) => {
    const files = await nodeFiles(
      t,
      'services:\n  web:\n    build: .\n    # the heap the app was tuned for\n    command: ["/usr/bin/node", "--max-old-space-size=1024", "/app/grow.js"]\n    mem_limit: 192m\n',
    );
    if (!files) return;
    findingOf(files, 'compose-heap-over-limit');
    killedSilently(await runService(files), nodeHeapError);
    const after = fixed(files, 'compose-heap-over-limit', /^Size the heap/);
    assert.match(after[COMPOSE]!, /"--max-old-space-size=144"/);
    assert.match(after[COMPOSE]!, /# the heap the app was tuned for/);
    stoppedByRuntime(await runService(after), nodeHeapError);
  });

  test("compose-heap-over-limit: Node's default heap under 192m; NODE_OPTIONS added", async (t) => {
    const files = await nodeFiles(
      t,
      'services:\n  web:\n    build: .\n    environment:\n      - LOG=1\n    mem_limit: 192m\n',
    );
    if (!files) return;
    findingOf(files, 'compose-heap-over-limit');
    killedSilently(await runService(files), nodeHeapError);
    const after = fixed(files, 'compose-heap-over-limit', /^Size the heap/);
    assert.match(after[COMPOSE]!, /- NODE_OPTIONS=--max-old-space-size=144\n/);
    stoppedByRuntime(await runService(after), nodeHeapError);
  });

  test('compose-heap-over-limit: NODE_OPTIONS=--max-old-space-size=256 under 192m; the limit raised', async (t) => {
    const files = await nodeFiles(
      t,
      'services:\n  web:\n    build: .\n    environment:\n      NODE_OPTIONS: --max-old-space-size=256\n    mem_limit: 192m\n',
    );
    if (!files) return;
    killedSilently(await runService(files), nodeHeapError);
    const after = fixed(files, 'compose-heap-over-limit', /^Raise the memory limit/);
    assert.match(after[COMPOSE]!, /mem_limit: 384m/);
    stoppedByRuntime(await runService(after), nodeHeapError);
  });

  test('compose-heap-headroom: --max-old-space-size=184 under 192m (8 MiB to spare) is killed; the fix leaves room', async (t) => {
    const files = await nodeFiles(
      t,
      'services:\n  web:\n    build: .\n    command: /usr/bin/node --max-old-space-size=184 /app/grow.js\n    mem_limit: 192m\n',
    );
    if (!files) return;
    findingOf(files, 'compose-heap-headroom');
    killedSilently(await runService(files), nodeHeapError);
    const after = fixed(files, 'compose-heap-headroom', /^Size the heap/);
    assert.match(
      after[COMPOSE]!,
      /command: \/usr\/bin\/node --max-old-space-size=144 \/app\/grow.js/,
    );
    stoppedByRuntime(await runService(after), nodeHeapError);
  });

  async function javaFiles(
    t: Parameters<typeof labBases>[0],
    lines: string[],
    compose: string,
  ): Promise<AppFiles | undefined> {
    const bases = await labBases(t);
    if (!bases) return undefined;
    return {
      Dockerfile: [
        `FROM ${bases.debian}`,
        'COPY Grow.java /app/Grow.java',
        'RUN ["java", "-m", "jdk.compiler/com.sun.tools.javac.Main", "-d", "/app", "/app/Grow.java"]',
        ...lines,
        '',
      ].join('\n'),
      'Grow.java': growJava,
      [COMPOSE]: compose,
    };
  }

  test('compose-heap-over-limit: JAVA_TOOL_OPTIONS=-Xmx1g in the Dockerfile under 192m; fixed in the Dockerfile', async (t) => {
    const files = await javaFiles(
      t,
      ['ENV JAVA_TOOL_OPTIONS="-Xmx1g"', 'CMD ["java", "-cp", "/app", "Grow"]'],
      'services:\n  api:\n    build:\n      context: .\n      dockerfile: Dockerfile\n    deploy:\n      resources:\n        limits:\n          memory: 192M\n',
    );
    if (!files) return;
    const finding = findingOf(files, 'compose-heap-over-limit');
    assert.equal(finding.related[0]?.path, `${APP_ROOT}/Dockerfile`);
    killedSilently(await runService(files), javaHeapError);
    const after = fixed(files, 'compose-heap-over-limit', /^Size the heap/);
    assert.match(after['Dockerfile']!, /ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75\.0"/);
    assert.equal(after[COMPOSE], files[COMPOSE]);
    stoppedByRuntime(await runService(after), javaHeapError);
  });

  test('compose-heap-ignores-limit: -XX:-UseContainerSupport under 256m; container support back on', async (t) => {
    const files = await javaFiles(
      t,
      [],
      'services:\n  api:\n    build: .\n    command: java -XX:-UseContainerSupport -cp /app Grow\n    mem_limit: 256m\n',
    );
    if (!files) return;
    killedSilently(await runService(files), javaHeapError);
    const after = fixed(files, 'compose-heap-ignores-limit', /UseContainerSupport/);
    const outcome = await runService(after);
    stoppedByRuntime(outcome, javaHeapError);
    // The heap the JVM reported follows the limit again (measured: 126 MiB under 256 MiB).
    const heap = Number(/READY maxMemory=(\d+)/.exec(outcome.logs)?.[1]);
    assert.ok(heap > 0 && heap < 256 * MiB, `heap ${heap}`);
  });
});
