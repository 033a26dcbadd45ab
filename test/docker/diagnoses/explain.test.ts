// Every exit cause reproduced with a real container on the real engine, then explained
// through the same code the CLI and the extension use (Engine API evidence + classifier).
import { describe, test, after, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { busyboxImage, labDocker, requireDocker } from '../lab';
import { collectEvidence } from '../../../src/runtime/explain/evidence';
import { classify } from '../../../src/runtime/explain/classify';
import { explanationJson } from '../../../src/runtime/explain/render';
import type { ExplainEvidence, Explanation } from '../../../src/runtime/explain/types';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { ensureDaemon, killDaemon } from './daemon';
import { cleanupDiagnoses, expectedCause, runContainer, scenarios, waitExited } from './scenarios';

after(async () => {
  await ensureDaemon();
  await cleanupDiagnoses();
});

async function explain(id: string): Promise<{ x: Explanation; e: ExplainEvidence }> {
  const r = await collectEvidence(labDocker(), id, { local: true });
  assert.equal(r.kind, 'ok', r.kind === 'ok' ? '' : r.message);
  if (r.kind !== 'ok') throw new Error('unreachable');
  return { x: classify(r.evidence), e: r.evidence };
}

async function reproduceAndExplain(t: TestContext, name: string) {
  if (!(await requireDocker(t))) return undefined;
  const rep = await scenarios[name]();
  const out = await explain(rep.container.id);
  assert.equal(out.x.cause, expectedCause[name], `${name}: ${out.x.summary}`);
  return { ...out, facts: rep.facts };
}

function memoryIo(env: NodeJS.ProcessEnv = process.env) {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: (s) => (out.stdout += s),
    stderr: (s) => (out.stderr += s),
    readStdin: async () => '',
    cwd: process.cwd(),
    env,
  };
  return { io, out };
}

describe('explain: one real reproduction per cause', () => {
  test('oom-killed: a cgroup OOM kill of PID 1 (-m 16m, a doubling shell string)', async (t) => {
    const r = await reproduceAndExplain(t, 'oom-killed');
    if (!r) return;
    assert.equal(r.x.exitCode, 137);
    assert.equal(r.e.state.oomKilled, true);
    assert.ok(r.e.events.items.some((ev) => ev.action === 'oom'));
    assert.equal(r.x.confidence, 'high');
  });

  test('the child-OOM trap: running with OOMKilled false, then stopped with 0 and OOMKilled true', async (t) => {
    if (!(await requireDocker(t))) return;
    let whileRunning: Explanation | undefined;
    const rep = await scenarios['stopped-after-child-oom']({
      whileRunning: async (c) => {
        whileRunning = (await explain(c.id)).x;
      },
    });
    assert.equal(rep.facts.runningAfterOom, true);
    assert.equal(rep.facts.oomKilledWhileRunning, false);
    assert.equal(whileRunning?.cause, 'running');
    assert.match(whileRunning?.summary ?? '', /OOM-killed 1 time/);
    const { x, e } = await explain(rep.container.id);
    assert.equal(e.state.exitCode, 0);
    assert.equal(e.state.oomKilled, true);
    assert.equal(x.cause, 'stopped', 'not oom-killed: PID 1 exited 0 on SIGTERM');
    const oomAt = e.events.items.find((ev) => ev.action === 'oom')?.time;
    assert.ok(oomAt);
    assert.ok(x.summary.includes(`child process was OOM-killed at ${oomAt}`), x.summary);
  });

  test('stop-timeout: shell-form PID 1 ignores SIGTERM, SIGKILL after stop -t 2', async (t) => {
    const r = await reproduceAndExplain(t, 'stop-timeout');
    if (!r) return;
    assert.equal(r.x.exitCode, 137);
    assert.match(r.x.summary, /SIGKILLed/);
    assert.ok(r.x.fixes.some((f) => f.anchor === 'command'));
  });

  test('stopped: tini as PID 1 forwards SIGTERM, exit 143', async (t) => {
    const r = await reproduceAndExplain(t, 'stopped');
    if (!r) return;
    assert.equal(r.x.exitCode, 143);
  });

  test('killed: docker kill (SIGKILL) without a stop', async (t) => {
    const r = await reproduceAndExplain(t, 'killed');
    if (!r) return;
    assert.equal(r.x.exitCode, 137);
    assert.match(r.x.summary, /SIGKILL/);
  });

  test('sigkill-external: kill -9 of the container PID 1 from the host', async (t) => {
    const r = await reproduceAndExplain(t, 'sigkill-external');
    if (!r) return;
    assert.equal(r.x.exitCode, 137);
    assert.ok(!r.e.events.items.some((ev) => ev.action === 'kill'), 'Docker sent nothing');
  });

  test('daemon-restart: dockerd SIGKILLed and restarted as .ci/run starts it', async (t) => {
    try {
      const r = await reproduceAndExplain(t, 'daemon-restart');
      if (!r) return;
      assert.ok(r.e.engine.daemonStartedAt);
      assert.ok(Date.parse(r.e.engine.daemonStartedAt) > Date.parse(r.e.state.startedAt));
      assert.equal(r.e.state.status, 'exited', 'unless-stopped did not bring it back');
    } finally {
      await ensureDaemon();
    }
  });

  test('signal: PID 1 dies of a real SIGSEGV (a fault, exit 139)', async (t) => {
    const r = await reproduceAndExplain(t, 'signal');
    if (!r) return;
    assert.equal(r.x.exitCode, 139);
    assert.match(r.x.summary, /SIGSEGV/);
    assert.ok(r.e.logs.lines.some((l) => l.text === 'about to crash'));
  });

  test('command-not-found: exec form of a missing binary fails to start (127)', async (t) => {
    const r = await reproduceAndExplain(t, 'command-not-found');
    if (!r) return;
    assert.equal(r.x.exitCode, 127);
    assert.match(String(r.facts.startError), /no such file or directory/);
    assert.equal(r.e.state.status, 'created');
  });

  test('command-not-found: shell form, "sh: …: not found" and exit 127', async (t) => {
    const r = await reproduceAndExplain(t, 'command-not-found-shell');
    if (!r) return;
    assert.equal(r.x.exitCode, 127);
    assert.match(r.x.summary, /not found/);
  });

  test('not-executable: a file without the x bit (start fails, 126)', async (t) => {
    const r = await reproduceAndExplain(t, 'not-executable');
    if (!r) return;
    assert.equal(r.x.exitCode, 126);
    assert.match(String(r.facts.startError), /permission denied/);
  });

  test('not-executable: a CRLF shebang shows as exit 1 with the reason only in the log', async (t) => {
    const r = await reproduceAndExplain(t, 'not-executable-crlf');
    if (!r) return;
    assert.equal(r.x.exitCode, 1);
    assert.ok(r.e.logs.lines.some((l) => /no such file or directory/.test(l.text)));
  });

  test('start-failed: a host port already allocated by another container', async (t) => {
    const r = await reproduceAndExplain(t, 'start-failed');
    if (!r) return;
    assert.match(r.x.summary, new RegExp(`${r.facts.port}`));
    assert.match(String(r.facts.startError), /port is already allocated/);
  });

  test('app-error: exit 3 with the reason in the log', async (t) => {
    const r = await reproduceAndExplain(t, 'app-error');
    if (!r) return;
    assert.equal(r.x.exitCode, 3);
    assert.match(r.x.summary, /no such key: database\.url/);
  });

  test('app-error: the seed 000 start script that polls and gives up', async (t) => {
    const r = await reproduceAndExplain(t, 'app-error-poll');
    if (!r) return;
    assert.equal(r.x.exitCode, 1);
    assert.match(r.x.summary, /gave up waiting/);
  });

  test('app-error: fork failures under a pids limit', async (t) => {
    const r = await reproduceAndExplain(t, 'app-error-fork');
    if (!r) return;
    assert.match(r.x.summary, /could not fork/);
    assert.ok(r.e.logs.lines.some((l) => /can't fork/.test(l.text)));
  });

  test('signal: Node out of heap as PID 1 aborts and ends in SIGSEGV (exit 139)', async (t) => {
    const r = await reproduceAndExplain(t, 'signal-node-heap');
    if (!r) return;
    assert.equal(r.x.exitCode, 139);
    assert.match(r.x.summary, /heap/);
    assert.ok(r.x.fixes.some((f) => /heap limit/i.test(f.title)));
  });

  test('completed: exit 0 without a stop', async (t) => {
    const r = await reproduceAndExplain(t, 'completed');
    if (!r) return;
    assert.equal(r.x.exitCode, 0);
  });

  test('running: after two crashes the restart policy brought it up', async (t) => {
    const r = await reproduceAndExplain(t, 'running');
    if (!r) return;
    assert.equal(r.x.restartCount, 2);
    assert.match(r.x.summary, /restarted 2 time/);
    assert.equal(r.e.events.items.filter((ev) => ev.action === 'die').length, 2);
  });
});

describe('explain: the edges', () => {
  test('a container removed during the diagnosis: the evidence says so, no crash', async (t) => {
    if (!(await requireDocker(t))) return;
    const c = await runContainer({
      Image: await busyboxImage(),
      Cmd: ['sh', '-c', 'echo bye; exit 4'],
    });
    await waitExited(c);
    const r = await collectEvidence(labDocker(), c.id, {
      local: true,
      onStep: async (step) => {
        if (step === 'logs') await c.remove({ force: true });
      },
    });
    assert.equal(r.kind, 'ok');
    if (r.kind !== 'ok') return;
    assert.ok(
      r.evidence.gaps.some((g) => /removed during the diagnosis/.test(g)),
      r.evidence.gaps.join(),
    );
    const x = classify(r.evidence);
    assert.equal(x.cause, 'app-error');
    assert.equal(x.exitCode, 4);
  });

  test('a daemon that goes away mid-command: engine-lost, not a stack trace', async (t) => {
    if (!(await requireDocker(t))) return;
    const c = await runContainer({ Image: await busyboxImage(), Cmd: ['true'] });
    await waitExited(c);
    try {
      const r = await collectEvidence(labDocker(), c.id, {
        local: true,
        onStep: async (step) => {
          if (step === 'logs') await killDaemon();
        },
      });
      assert.equal(r.kind, 'engine-lost');
      if (r.kind === 'engine-lost')
        assert.match(r.message, /stopped answering while reading the logs/);
    } finally {
      await ensureDaemon();
    }
  });

  test('CLI: a container that does not exist → exit 2 with a clear message', async (t) => {
    if (!(await requireDocker(t))) return;
    const { io, out } = memoryIo();
    const code = await main(['explain', 'cdoc-there-is-no-such-container'], io);
    assert.equal(code, 2);
    assert.match(out.stderr, /no container named or with id 'cdoc-there-is-no-such-container'/);
    assert.equal(out.stdout, '');
  });

  test('CLI: no daemon at DOCKER_HOST → exit 3 with the remedy', async () => {
    const { io, out } = memoryIo({
      ...process.env,
      DOCKER_HOST: 'unix:///tmp/cdoc-no-daemon.sock',
    });
    const code = await main(['explain', 'anything'], io);
    assert.equal(code, 3);
    assert.match(out.stderr, /not running|No Docker/);
    assert.doesNotMatch(out.stderr, /\n\s+at /, 'no stack trace');
  });

  test('CLI --format json is exactly the documented contract', async (t) => {
    if (!(await requireDocker(t))) return;
    const c = await runContainer({ Image: await busyboxImage(), Cmd: ['sh', '-c', 'exit 5'] });
    await waitExited(c);
    const { io, out } = memoryIo();
    assert.equal(await main(['explain', c.id, '--format', 'json'], io), 0);
    const j = JSON.parse(out.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(j), [
      'container',
      'cause',
      'confidence',
      'summary',
      'exitCode',
      'restartCount',
      'evidence',
      'timeline',
      'fixes',
    ]);
    assert.deepEqual(Object.keys(j.container as object), ['id', 'name', 'image']);
    assert.equal(j.cause, 'app-error');
    assert.equal(j.exitCode, 5);
    for (const f of j.fixes as Record<string, unknown>[])
      assert.deepEqual(
        Object.keys(f).filter((k) => k !== 'location'),
        ['title', 'detail'],
      );
    assert.deepEqual(explanationJson(classify((await explain(c.id)).e)).cause, 'app-error');
  });

  test('10 MB of logs: only the tail is read', async (t) => {
    if (!(await requireDocker(t))) return;
    const c = await runContainer({
      Image: await busyboxImage(),
      // 10 MiB of 64-byte lines, then the line that matters.
      Cmd: [
        'sh',
        '-c',
        'yes 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde | head -c 10485760; echo "LAST: giving up"; exit 2',
      ],
    });
    await waitExited(c, 60_000);
    const logPath = (await c.inspect()).LogPath;
    const onDisk = statSync(logPath).size;
    assert.ok(onDisk > 10 * 1024 * 1024, `the log file holds ${onDisk} bytes`);
    const { x, e } = await explain(c.id);
    assert.equal(e.logs.tail, 50);
    assert.ok(e.logs.lines.length <= 50);
    assert.ok(e.logs.bytesRead < 16 * 1024, `read ${e.logs.bytesRead} bytes of ${onDisk}`);
    assert.equal(e.logs.lines.at(-1)?.text, 'LAST: giving up');
    assert.equal(x.cause, 'app-error');
  });
});
