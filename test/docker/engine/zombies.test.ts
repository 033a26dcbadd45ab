// npm as PID 1 with an app whose children leave orphans (seed 002's shape, without
// Chromium): orphans are re-parented to PID 1, and npm never waits for them, so they stay
// zombies; counted from the host's /proc. pid1-no-reaper must fire, the verdict must say
// reapsZombies false, and the add-tini fix must leave no zombie and a prompt stop. uvicorn as
// PID 1 (the FastAPI shape) and a Go binary built in a builder stage stop gracefully and do not
// reap either.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { registerLabCleanup } from '../lab';
import { nodeOrphanSpawner, nodeServer, npmPackage } from './apps';
import {
  analyse,
  assertVerdictMatches,
  fixed,
  labBases,
  programName,
  rulesOf,
  runApp,
  runningPrograms,
  zombies,
  type AppFiles,
  PROMPT_MS,
} from './harness';

registerLabCleanup();

const RULE = 'pid1-no-reaper';
/** Long enough for the last orphan's `sleep 0.05` to end and become a zombie. */
const SETTLE_MS = 400;

function npmApp(debian: string): AppFiles {
  return {
    Dockerfile: [
      `FROM ${debian}`,
      'WORKDIR /app',
      'COPY package.json server.js ./',
      'CMD ["npm", "start"]',
      '',
    ].join('\n'),
    'package.json': npmPackage,
    'server.js': nodeOrphanSpawner,
  };
}

describe(`orphans and zombies: ${RULE}`, () => {
  test('npm start as PID 1 leaves its orphans as zombies; add tini reaps them', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const files = npmApp(bases.debian);
    const analysis = analyse(files);
    assert.ok(analysis.runtime, 'no verdict');
    const measured = await runApp(files, { settleMs: SETTLE_MS });
    assert.equal(programName(measured.pid1), 'npm', JSON.stringify(measured.pid1));
    const dead = zombies(measured);
    // Every one of the 20 orphans ended and is still there, a child of PID 1.
    assert.equal(dead.length, 20, JSON.stringify(measured.processes));
    const pid1 = measured.processes[0].pid;
    assert.ok(dead.every((z) => z.ppid === pid1));
    // PID 1 and the reaping verdict (the stop verdict for npm is the next test).
    assert.equal(analysis.runtime.pid1?.program, 'npm');
    assert.equal(analysis.runtime.viaShell, false);
    assert.equal(analysis.runtime.reapsZombies, false);
    assert.ok(rulesOf(analysis).includes(RULE), JSON.stringify(analysis.findings));

    const after = fixed(files, RULE, (f) => /tini/i.test(f.title));
    const again = analyse(after);
    assert.ok(
      !rulesOf(again).includes(RULE),
      `still reported after the fix:\n${after['Dockerfile']}`,
    );
    assert.ok(again.runtime);
    assert.equal(again.runtime.reapsZombies, true);
    const m2 = await runApp(after, { settleMs: SETTLE_MS });
    assertVerdictMatches(again.runtime, m2, after['Dockerfile']);
    assert.deepEqual(runningPrograms(m2).slice(0, 2), ['tini', 'npm']);
    assert.equal(zombies(m2).length, 0, JSON.stringify(m2.processes));
    assert.notEqual(m2.stop.exitCode, 137);
    assert.ok(m2.stop.ms < PROMPT_MS, `stop took ${m2.stop.ms} ms after the fix`);
  });

  test('npm start as PID 1: docker stop is prompt, but the app behind npm never sees TERM', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const files: AppFiles = {
      Dockerfile: [
        `FROM ${bases.debian}`,
        'WORKDIR /app',
        'COPY package.json server.js ./',
        'CMD ["npm", "start"]',
        '',
      ].join('\n'),
      'package.json': npmPackage,
      'server.js': nodeServer(true),
    };
    const analysis = analyse(files);
    assert.ok(analysis.runtime);
    const m = await runApp(files);
    assert.deepEqual(runningPrograms(m), ['npm', 'sh', 'node']);
    assert.equal(m.stop.exitCode, 1, m.logs);
    assert.doesNotMatch(m.logs, /stopping/, 'the app never saw TERM');
    assertVerdictMatches(analysis.runtime, m, files['Dockerfile']);
  });

  test('python3 -m uvicorn as PID 1 stops gracefully but leaves its orphans as zombies', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    // The FastAPI shape (`uvicorn app:app` as the CMD) with Debian's python3-uvicorn, which
    // installs no `uvicorn` script: `python3 -m uvicorn`. The app's start-up leaves three
    // orphans (`sh -c 'sleep 0.05 & exit 0'`), re-parented to PID 1.
    const files: AppFiles = {
      Dockerfile: [
        `FROM ${bases.debian}`,
        'RUN apt-get update && apt-get install -y --no-install-recommends python3-uvicorn && rm -rf /var/lib/apt/lists/*',
        'WORKDIR /app',
        'COPY app.py ./',
        'CMD ["python3", "-m", "uvicorn", "app:app", "--host", "0.0.0.0", "--lifespan", "on"]',
        '',
      ].join('\n'),
      'app.py': [
        'import subprocess',
        'async def app(scope, receive, send):',
        "    if scope['type'] == 'lifespan':",
        '        while True:',
        '            m = await receive()',
        "            if m['type'] == 'lifespan.startup':",
        '                for _ in range(3):',
        "                    subprocess.run(['sh', '-c', 'sleep 0.05 & exit 0'])",
        "                await send({'type': 'lifespan.startup.complete'})",
        "            elif m['type'] == 'lifespan.shutdown':",
        "                await send({'type': 'lifespan.shutdown.complete'})",
        '                return',
        '',
      ].join('\n'),
    };
    const analysis = analyse(files);
    assert.ok(analysis.runtime);
    assert.equal(analysis.runtime.reapsZombies, false);
    const m = await runApp(files, { readyText: 'Uvicorn running', settleMs: SETTLE_MS });
    assert.equal(programName(m.pid1), 'python3');
    const dead = zombies(m);
    assert.equal(dead.length, 3, JSON.stringify(m.processes));
    assert.ok(dead.every((z) => z.ppid === m.processes[0].pid));
    assertVerdictMatches(analysis.runtime, m, files['Dockerfile']);
    assert.equal(m.stop.exitCode, 0, m.logs);
  });

  test('a Go binary built in a builder stage: the Go runtime stops on TERM (exit 2) and does not reap', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    // The multi-stage shape of Go images, with Debian's golang-go (the lab reaches Debian's
    // mirror, not the Go proxy: the program uses the standard library only).
    const files: AppFiles = {
      Dockerfile: [
        `FROM ${bases.debian} AS builder`,
        'RUN apt-get update && apt-get install -y --no-install-recommends golang-go && rm -rf /var/lib/apt/lists/*',
        'WORKDIR /src',
        'COPY main.go .',
        'RUN CGO_ENABLED=0 GOCACHE=/tmp/gocache go build -o /out/server main.go',
        `FROM ${bases.debian}`,
        'WORKDIR /app',
        'COPY --from=builder /out/server .',
        'ENTRYPOINT ["./server"]',
        '',
      ].join('\n'),
      'main.go': [
        'package main',
        '',
        'import (',
        '\t"fmt"',
        '\t"os/exec"',
        '\t"time"',
        ')',
        '',
        'func main() {',
        '\tfor i := 0; i < 3; i++ {',
        '\t\texec.Command("sh", "-c", "sleep 0.05 & exit 0").Run()',
        '\t}',
        '\tfmt.Println("READY")',
        '\tfor {',
        '\t\ttime.Sleep(time.Second)',
        '\t}',
        '}',
        '',
      ].join('\n'),
    };
    const analysis = analyse(files);
    assert.ok(analysis.runtime);
    assert.equal(analysis.runtime.gracefulStop, true);
    assert.equal(analysis.runtime.reapsZombies, false);
    const m = await runApp(files, { settleMs: SETTLE_MS });
    assert.equal(programName(m.pid1), 'server');
    assert.equal(zombies(m).length, 3, JSON.stringify(m.processes));
    assertVerdictMatches(analysis.runtime, m, files['Dockerfile']);
    assert.equal(m.stop.exitCode, 2, m.logs);
    assert.ok(m.stop.ms < PROMPT_MS, `stop took ${m.stop.ms} ms`);
  });
});
