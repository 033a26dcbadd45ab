// cannot-start on real images: each broken line is built and started as written (the exit
// code and the message Docker or the shell gives are held against the finding), then the
// quick fix is applied and the fixed image is built and run: the program the author meant
// is PID 1.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { containerLogs, registerLabCleanup, runContainer, waitFor } from '../lab';
import { nodeServer, npmPackage, pythonApp } from './apps';
import {
  analyse,
  assertVerdictMatches,
  buildApp,
  findingOf,
  fixed,
  labBases,
  programName,
  rulesOf,
  runApp,
  type AppFiles,
} from './harness';

registerLabCleanup();

const RULE = 'cannot-start';

/** Start the image and wait for its container to exit: exit code, State.Error, the log. */
async function startToExit(
  files: AppFiles,
): Promise<{ exitCode: number; error: string; logs: string }> {
  const image = await buildApp(files);
  const c = await runContainer({ Image: image }, { start: false });
  try {
    // runc refuses some commands before the process exists: `docker start` itself fails.
    const startError = await c.start().then(
      () => '',
      (err: Error) => err.message,
    );
    const state = await waitFor(
      async () => {
        const s = (await c.inspect()).State;
        return s.Running ? undefined : s;
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    return {
      exitCode: state.ExitCode,
      error: `${state.Error} ${startError}`,
      logs: await containerLogs(c),
    };
  } finally {
    await c.remove({ force: true }).catch(() => undefined);
  }
}

/** The finding's quoted message ("…") is what the container printed or Docker reported. */
function quotedError(message: string): string {
  const m = /\("(.*)"\)/.exec(message);
  assert.ok(m, `no quoted error in: ${message}`);
  return m[1]!;
}

describe(`containers that cannot start: ${RULE}`, () => {
  test('exec form with an unquoted argument runs as shell form: exit 127; the JSON fix runs python3', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const files: AppFiles = {
      Dockerfile: [
        `FROM ${bases.debian}`,
        'WORKDIR /app',
        'COPY app.py /app/app.py',
        'CMD ["python3", "-u", app.py]',
        '',
      ].join('\n'),
      'app.py': pythonApp(true),
    };
    const analysis = analyse(files);
    const finding = findingOf(analysis, RULE);
    assert.equal(finding.severity, 'error');
    assert.deepEqual(rulesOf(analysis), [RULE], 'no other finding on that line');
    assert.ok(analysis.runtime);
    assert.equal(analysis.runtime.gracefulStop, null);
    const run = await startToExit(files);
    assert.equal(run.exitCode, 127, run.logs);
    assert.ok(run.logs.includes(quotedError(finding.message)), `${run.logs} vs ${finding.message}`);

    const after = fixed(files, RULE);
    assert.match(after['Dockerfile'], /^CMD \["python3", "-u", "app\.py"\]$/m);
    const again = analyse(after);
    assert.ok(!rulesOf(again).includes(RULE));
    assert.ok(again.runtime);
    const m = await runApp(after);
    assert.equal(programName(m.pid1), 'python3');
    assertVerdictMatches(again.runtime, m, after['Dockerfile']);
  });

  test('trailing comma on BusyBox ash: exit 127 ("/bin/sh: [sh,: not found"); fixed, sleep runs', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const files: AppFiles = {
      Dockerfile: [
        `FROM ${bases.busybox}`,
        `CMD ['sh', '-c', 'echo READY; exec sleep 1000',]`,
        '',
      ].join('\n'),
    };
    const finding = findingOf(analyse(files), RULE);
    const run = await startToExit(files);
    assert.equal(run.exitCode, 127, run.logs);
    assert.ok(run.logs.includes(quotedError(finding.message)), `${run.logs} vs ${finding.message}`);

    const after = fixed(files, RULE);
    assert.match(after['Dockerfile'], /^CMD \["sh", "-c", "echo READY; exec sleep 1000"\]$/m);
    const again = analyse(after);
    assert.ok(again.runtime);
    const m = await runApp(after);
    assert.equal(programName(m.pid1), 'sleep');
    assertVerdictMatches(again.runtime, m, after['Dockerfile']);
  });

  test('CMD ["npm start"]: exit 127, executable file not found; split, npm runs the server', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const files: AppFiles = {
      Dockerfile: [
        `FROM ${bases.debian}`,
        'WORKDIR /app',
        'COPY package.json server.js /app/',
        'CMD ["npm start"]',
        '',
      ].join('\n'),
      'package.json': npmPackage,
      'server.js': nodeServer(true),
    };
    const analysis = analyse(files);
    const finding = findingOf(analysis, RULE);
    assert.deepEqual(rulesOf(analysis), [RULE]);
    const run = await startToExit(files);
    assert.equal(run.exitCode, 127, run.logs);
    assert.ok(
      run.error.includes(quotedError(finding.message)),
      `${run.error} vs ${finding.message}`,
    );

    const after = fixed(files, RULE);
    assert.match(after['Dockerfile'], /^CMD \["npm", "start"\]$/m);
    const again = analyse(after);
    assert.ok(!rulesOf(again).includes(RULE));
    assert.ok(again.runtime);
    const m = await runApp(after);
    assert.equal(programName(m.pid1), 'npm');
    assert.ok(
      m.processes.some((p) => programName(p.argv) === 'node'),
      JSON.stringify(m.processes),
    );
    assertVerdictMatches(again.runtime, m, after['Dockerfile']);
  });

  test('a script without #! in exec form: exit 1, exec format error; the #! fix runs it', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const files: AppFiles = {
      Dockerfile: [
        `FROM ${bases.debian}`,
        'COPY start.sh /start.sh',
        'RUN chmod +x /start.sh',
        'ENTRYPOINT ["/start.sh"]',
        '',
      ].join('\n'),
      'start.sh': 'echo READY\nexec sleep 1000\n',
    };
    const finding = findingOf(analyse(files), RULE);
    const run = await startToExit(files);
    assert.equal(run.exitCode, 1, run.logs);
    assert.ok(run.logs.includes(quotedError(finding.message)), `${run.logs} vs ${finding.message}`);

    const after = fixed(files, RULE);
    assert.equal(after['start.sh'], '#!/bin/sh\necho READY\nexec sleep 1000\n');
    const again = analyse(after);
    assert.ok(!rulesOf(again).includes(RULE));
    assert.ok(again.runtime);
    const m = await runApp(after);
    assert.equal(programName(m.pid1), 'sleep');
    assertVerdictMatches(again.runtime, m, after['start.sh']);
  });

  test('JSON numbers in an exec form: the build fails; quoted, it builds and runs', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const files: AppFiles = {
      Dockerfile: [`FROM ${bases.busybox}`, 'CMD ["sleep", 1000]', ''].join('\n'),
    };
    const finding = findingOf(analyse(files), RULE);
    await assert.rejects(buildApp(files), (err: Error) =>
      err.message.includes(
        quotedError(finding.message).replace(/^failed to parse Dockerfile: /, ''),
      ),
    );
    const after = fixed(files, RULE);
    assert.match(after['Dockerfile'], /^CMD \["sleep", "1000"\]$/m);
    const image = await buildApp(after);
    const c = await runContainer({ Image: image });
    try {
      assert.ok((await c.inspect()).State.Running);
    } finally {
      await c.remove({ force: true });
    }
  });

  test('an entrypoint script the build context does not hold: the build fails at its COPY', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const files: AppFiles = {
      Dockerfile: [
        `FROM ${bases.debian}`,
        'COPY server.js /app/server.js',
        'COPY docker-entrypoint.sh /usr/local/bin/',
        'ENTRYPOINT ["docker-entrypoint.sh"]',
        '',
      ].join('\n'),
      'server.js': nodeServer(true),
    };
    const finding = findingOf(analyse(files), RULE);
    assert.match(finding.message, /looked for \/lab-app\/docker-entrypoint\.sh/);
    assert.equal(finding.range.start.line, 2, 'on the COPY that fails');
    await assert.rejects(buildApp(files), /COPY failed: file not found in build context/);
  });
});
