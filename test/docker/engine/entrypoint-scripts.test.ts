// Entrypoint scripts from the build context, followed by the engine: the seed 000 start
// script (service in the background, poll with curl | grep, exit 1 after N tries), a script
// that backgrounds and waits without forwarding TERM, one that forwards TERM with a trap,
// one that runs the service as a child (no exec) and one that execs it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { registerLabCleanup } from '../lab';
import { javaMain, nodeServer, pythonApp } from './apps';
import {
  STOP_TIMEOUT,
  analyse,
  applyFix,
  assertVerdictMatches,
  findingOf,
  fixed,
  labBases,
  programName,
  rulesOf,
  runApp,
  runToExit,
  type AppFiles,
  PROMPT_MS,
} from './harness';

registerLabCleanup();

const RULE = 'entrypoint-script-background';

/** Seed 000's start script, shortened: 6 polls one second apart instead of 48 five apart. */
const seed000Script = [
  '#!/bin/bash',
  '# Start the service, then wait until it answers like Tomcat does.',
  'java /app/Main.java &',
  'counter=0',
  'max_counter=6',
  'until [ "$counter" -ge "$max_counter" ] || [ "$(curl --silent --max-time 1 --head http://localhost:8080/ | grep Coyote)" != "" ]; do',
  '  printf "."',
  '  counter=$((counter + 1))',
  '  sleep 1',
  'done',
  'if [ "$counter" -ge "$max_counter" ]; then',
  '  echo "Server failed to start in $counter seconds!"',
  '  exit 1',
  'fi',
  'wait',
  '',
].join('\n');

function scriptApp(debian: string, script: string, handler = true): AppFiles {
  return {
    Dockerfile: [
      `FROM ${debian}`,
      'COPY server.js /app/server.js',
      'COPY start.sh /usr/local/bin/start.sh',
      'ENTRYPOINT ["/usr/local/bin/start.sh"]',
      '',
    ].join('\n'),
    'start.sh': script,
    'server.js': nodeServer(handler),
  };
}

describe(`entrypoint scripts: ${RULE} and friends`, () => {
  test('seed 000: background java, poll with curl | grep, exit 1 although the service answers', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const files: AppFiles = {
      Dockerfile: [
        `FROM ${bases.debian}`,
        'COPY Main.java /app/Main.java',
        'COPY start.sh /app/start.sh',
        'CMD ["/app/start.sh"]',
        '',
      ].join('\n'),
      'start.sh': seed000Script,
      'Main.java': javaMain,
    };
    const analysis = analyse(files);
    const finding = findingOf(analysis, RULE);
    assert.ok(
      finding.path.endsWith('/start.sh') ||
        finding.related.some((r) => r.path.endsWith('/start.sh')),
      `the finding points into the script: ${JSON.stringify(finding)}`,
    );
    assert.ok(analysis.runtime);
    assert.equal(programName(analysis.runtime.pid1?.argv ?? []), 'start.sh');

    const run = await runToExit(files, 30_000);
    assert.equal(run.exitCode, 1, run.logs);
    assert.match(run.logs, /Server failed to start/);
    assert.match(run.logs, /READY/, 'the service itself was up');
    assert.ok(
      run.processes.some((p) => programName(p.argv) === 'java'),
      `java ran beside the script: ${JSON.stringify(run.processes)}`,
    );

    // If the engine offers a fix, it must make java the container's program.
    if (finding.fixes.length === 0) {
      t.diagnostic(`${RULE} offers no fix for the seed 000 script`);
      return;
    }
    const after = applyFix(files, finding.fixes.find((f) => f.preferred) ?? finding.fixes[0]);
    assert.ok(!rulesOf(analyse(after)).includes(RULE), `still reported:\n${after['start.sh']}`);
    const m2 = await runApp(after);
    assert.ok(m2.processes.some((p) => programName(p.argv) === 'java'));
    assert.equal(m2.stop.exitCode, 143, m2.logs);
    assert.ok(m2.stop.ms < PROMPT_MS);
  });

  test('background and wait without a trap: the script is PID 1 and ignores TERM', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const files = scriptApp(bases.debian, '#!/bin/sh\nnode /app/server.js &\nwait\n');
    const analysis = analyse(files);
    assert.ok(analysis.runtime);
    const m = await runApp(files);
    assert.equal(programName(m.pid1), 'start.sh');
    assert.equal(m.stop.exitCode, 137);
    assert.ok(m.stop.ms >= STOP_TIMEOUT * 1000 - 100);
    assert.doesNotMatch(m.logs, /stopping/, 'the app never saw TERM');
    assertVerdictMatches(analysis.runtime, m, files['start.sh']);
    const finding = findingOf(analysis, RULE);
    assert.ok(finding.severity === 'warning' || finding.severity === 'error', finding.severity);

    const fix = finding.fixes.find((f) => f.preferred) ?? finding.fixes[0];
    if (!fix) {
      t.diagnostic(`${RULE} offers no fix for a background-and-wait script`);
      return;
    }
    const after = applyFix(files, fix);
    const again = analyse(after);
    assert.ok(!rulesOf(again).includes(RULE), `still reported:\n${after['start.sh']}`);
    assert.ok(again.runtime);
    const m2 = await runApp(after);
    assertVerdictMatches(again.runtime, m2, after['start.sh']);
    assert.ok(m2.graceful, `after the fix: ${JSON.stringify(m2.stop)}\n${after['start.sh']}`);
    assert.match(m2.logs, /stopping/, 'the app handled TERM itself');
  });

  test('background with a trap that forwards TERM, then wait: the stop is graceful', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const script = [
      '#!/bin/sh',
      'node /app/server.js &',
      'pid=$!',
      'trap \'kill -TERM "$pid"; wait "$pid"; exit 0\' TERM',
      'wait "$pid"',
      '',
    ].join('\n');
    const files = scriptApp(bases.debian, script);
    const analysis = analyse(files);
    assert.ok(analysis.runtime);
    const m = await runApp(files);
    assert.equal(programName(m.pid1), 'start.sh');
    assert.ok(m.graceful, JSON.stringify(m.stop));
    assert.match(m.logs, /stopping/);
    assertVerdictMatches(analysis.runtime, m, files['start.sh']);
    assert.ok(
      !rulesOf(analysis).includes('pid1-ignores-sigterm'),
      JSON.stringify(analysis.findings),
    );
  });

  test('script runs the service as a child (no exec): add exec to its last line', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const files = scriptApp(bases.debian, '#!/bin/sh\necho configuring\nnode /app/server.js\n');
    const analysis = analyse(files);
    assert.ok(analysis.runtime);
    const m = await runApp(files);
    assert.equal(programName(m.pid1), 'start.sh');
    assert.equal(m.stop.exitCode, 137);
    assertVerdictMatches(analysis.runtime, m, files['start.sh']);
    // Whichever rule reports it, one of its fixes edits the script to exec the service.
    const fix = analysis.findings
      .flatMap((f) => f.fixes)
      .find((f) => f.edits.some((e) => e.path.endsWith('/start.sh')));
    assert.ok(fix, `no fix edits start.sh: ${JSON.stringify(analysis.findings)}`);
    const after = applyFix(files, fix);
    assert.match(after['start.sh'], /^exec node \/app\/server\.js$/m);
    assert.equal(
      after['start.sh'].split('\n')[1],
      'echo configuring',
      'the rest of the script is kept',
    );
    const again = analyse(after);
    assert.ok(again.runtime);
    assert.equal(again.findings.length, 0, JSON.stringify(again.findings));
    const m2 = await runApp(after);
    assert.equal(programName(m2.pid1), 'node');
    assertVerdictMatches(again.runtime, m2, after['start.sh']);
    assert.equal(m2.stop.exitCode, 0);
    assert.ok(m2.stop.ms < PROMPT_MS);
  });

  test('script that execs the service: node is PID 1 and nothing is reported', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const files = scriptApp(
      bases.debian,
      '#!/bin/sh\nset -e\necho configuring\nexec node /app/server.js "$@"\n',
    );
    const analysis = analyse(files);
    assert.ok(analysis.runtime);
    const m = await runApp(files);
    assert.equal(programName(m.pid1), 'node');
    assert.ok(m.graceful);
    assertVerdictMatches(analysis.runtime, m, files['start.sh']);
    assert.deepEqual(rulesOf(analysis), []);
  });

  // script-crlf: the same script saved with Windows line endings, on both shells.
  const crlf = (text: string): string => text.replace(/\n/g, '\r\n');
  const crlfCases: {
    name: string;
    base: 'debian' | 'busybox';
    shebang: string;
    command: string;
    exitCode: number;
    logs: RegExp;
  }[] = [
    {
      name: 'exec form, #!/bin/sh',
      base: 'debian',
      shebang: '#!/bin/sh',
      command: 'ENTRYPOINT ["/usr/local/bin/start.sh"]',
      exitCode: 1,
      logs: /exec \/usr\/local\/bin\/start\.sh: no such file or directory/,
    },
    {
      name: 'shell form on dash',
      base: 'debian',
      shebang: '#!/bin/sh',
      command: 'CMD /usr/local/bin/start.sh',
      exitCode: 127,
      logs: /\/bin\/sh: 1: \/usr\/local\/bin\/start\.sh: not found/,
    },
    {
      name: 'shell form on BusyBox ash',
      base: 'busybox',
      shebang: '#!/bin/sh',
      command: 'CMD /usr/local/bin/start.sh',
      exitCode: 127,
      logs: /\/bin\/sh: \/usr\/local\/bin\/start\.sh: not found/,
    },
    {
      name: 'exec form, #!/usr/bin/env bash',
      base: 'debian',
      shebang: '#!/usr/bin/env bash',
      command: 'ENTRYPOINT ["/usr/local/bin/start.sh"]',
      exitCode: 127,
      logs: /\/usr\/bin\/env: 'bash\\r': No such file or directory/, // env prints the CR as \r
    },
  ];
  for (const c of crlfCases)
    test(`script-crlf: ${c.name} (${c.base}): the container cannot start; LF endings fix it`, async (t) => {
      const bases = await labBases(t);
      if (!bases) return;
      const script = `${c.shebang}\necho READY\nexec sleep 1000\n`;
      const files: AppFiles = {
        Dockerfile: [
          `FROM ${bases[c.base]}`,
          'COPY start.sh /usr/local/bin/start.sh',
          c.command,
          '',
        ].join('\n'),
        'start.sh': crlf(script),
      };
      const finding = findingOf(analyse(files), 'script-crlf');
      assert.equal(finding.severity, 'error');
      assert.match(finding.message, /cannot start/);
      if (c.exitCode === 127) assert.match(finding.message, /exit 127/);
      else assert.match(finding.message, /exit 1,/);

      const run = await runToExit(files, 15_000);
      assert.equal(run.exitCode, c.exitCode, run.logs);
      assert.match(run.logs, c.logs);
      assert.doesNotMatch(run.logs, /READY/, 'the script never ran');

      const after = fixed(files, 'script-crlf');
      assert.equal(after['start.sh'], script);
      assert.equal(after['Dockerfile'], files['Dockerfile'], 'the Dockerfile is not touched');
      const again = analyse(after);
      assert.ok(!rulesOf(again).includes('script-crlf'));
      assert.ok(again.runtime);
      const m = await runApp(after);
      // The script ran and exec'd sleep (PID 1 itself, or dash -c's child in shell form).
      assert.ok(
        m.processes.some((p) => programName(p.argv) === 'sleep'),
        JSON.stringify(m.processes),
      );
      assert.match(m.logs, /READY/);
      assertVerdictMatches(again.runtime, m, after['start.sh']);
    });

  test('script-crlf: a python script by its shebang (#!/usr/bin/env python3\\r)', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const script = `#!/usr/bin/env python3\n${pythonApp(true)}`;
    const files: AppFiles = {
      Dockerfile: [
        `FROM ${bases.debian}`,
        'COPY app.py /app/app.py',
        'CMD ["/app/app.py"]',
        '',
      ].join('\n'),
      'app.py': crlf(script),
    };
    const finding = findingOf(analyse(files), 'script-crlf');
    assert.match(finding.message, /python3\\r/);
    const run = await runToExit(files, 15_000);
    assert.equal(run.exitCode, 127, run.logs);
    assert.match(run.logs, /\/usr\/bin\/env: 'python3\\r': No such file or directory/);

    const after = fixed(files, 'script-crlf');
    assert.equal(after['app.py'], script);
    const again = analyse(after);
    assert.ok(!rulesOf(again).includes('script-crlf'));
    assert.ok(again.runtime);
    const m = await runApp(after);
    assert.equal(programName(m.pid1), 'python3');
    assertVerdictMatches(again.runtime, m, after['app.py']);
  });
});
