// init-misuse on real tini (Debian's tini 0.19 at /usr/bin/tini): tini without `--` takes
// the program's dashed options as its own and refuses to start; tini installed but not in
// ENTRYPOINT leaves the app as PID 1; tini behind `sh -c` is not PID 1; tini with a shell
// child signals only the shell, so the app behind it never sees TERM until the fix.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { registerLabCleanup } from '../lab';
import { nodeServer } from './apps';
import {
  analyse,
  assertVerdictMatches,
  findingOf,
  fixed,
  labBases,
  programName,
  rulesOf,
  runApp,
  runToExit,
  runningPrograms,
  type AppFiles,
  PROMPT_MS,
} from './harness';

registerLabCleanup();

const RULE = 'init-misuse';
/** How long the app's SIGTERM handler takes to shut down. */
const SHUTDOWN_MS = 300;
const installTini =
  'RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*';

function nodeApp(debian: string, lines: string[], handler: boolean): AppFiles {
  return {
    Dockerfile: [`FROM ${debian}`, 'COPY server.js /app/server.js', ...lines, ''].join('\n'),
    'server.js': nodeServer(handler),
  };
}

describe(`tini used wrongly: ${RULE}`, () => {
  test("tini without -- takes the app's options as its own and exits; the fix adds --", async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const files = nodeApp(
      bases.debian,
      ['ENTRYPOINT ["/usr/bin/tini", "node", "--enable-source-maps", "/app/server.js"]'],
      false,
    );
    const analysis = analyse(files);
    findingOf(analysis, RULE);
    const run = await runToExit(files, 10_000);
    assert.equal(run.exitCode, 1, run.logs);
    assert.match(run.logs, /invalid option/);

    const after = fixed(files, RULE);
    assert.match(after['Dockerfile'], /"\/usr\/bin\/tini", "--", "node", "--enable-source-maps"/);
    const again = analyse(after);
    assert.ok(!rulesOf(again).includes(RULE), after['Dockerfile']);
    assert.ok(again.runtime);
    const m = await runApp(after);
    assertVerdictMatches(again.runtime, m, after['Dockerfile']);
    assert.deepEqual(runningPrograms(m).slice(0, 2), ['tini', 'node']);
    assert.equal(m.stop.exitCode, 143);
    assert.ok(m.stop.ms < PROMPT_MS);
  });

  test('tini installed but not used: node stays PID 1; the fix puts tini in front', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const files = nodeApp(bases.debian, [installTini, 'CMD ["node", "/app/server.js"]'], false);
    const analysis = analyse(files);
    assert.ok(analysis.runtime);
    findingOf(analysis, RULE);
    const m = await runApp(files);
    assert.equal(programName(m.pid1), 'node');
    assert.equal(m.stop.exitCode, 137);
    assertVerdictMatches(analysis.runtime, m, files['Dockerfile']);

    const after = fixed(files, RULE);
    const again = analyse(after);
    assert.ok(!rulesOf(again).includes(RULE), after['Dockerfile']);
    assert.ok(!rulesOf(again).includes('pid1-ignores-sigterm'), after['Dockerfile']);
    assert.ok(again.runtime);
    const m2 = await runApp(after);
    assertVerdictMatches(again.runtime, m2, after['Dockerfile']);
    assert.deepEqual(runningPrograms(m2).slice(0, 2), ['tini', 'node']);
    assert.equal(m2.stop.exitCode, 143);
    assert.ok(m2.stop.ms < PROMPT_MS);
  });

  test('tini started by sh -c is not PID 1: the shell is, and ignores TERM', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const files = nodeApp(
      bases.debian,
      ['ENTRYPOINT ["sh", "-c", "/usr/bin/tini -- node /app/server.js"]'],
      true,
    );
    const analysis = analyse(files);
    assert.ok(analysis.runtime);
    const m = await runApp(files);
    assert.equal(programName(m.pid1), 'sh');
    assert.equal(m.stop.exitCode, 137);
    assertVerdictMatches(analysis.runtime, m, files['Dockerfile']);
    assert.equal(analysis.runtime.init, null, 'tini is not the init here');
    assert.ok(
      rulesOf(analysis).includes(RULE) || rulesOf(analysis).includes('shell-pid1'),
      JSON.stringify(analysis.findings),
    );
  });

  test('tini with an exec-form child: the app gets TERM and its 300 ms shutdown completes', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const files: AppFiles = {
      Dockerfile: [
        `FROM ${bases.debian}`,
        'COPY server.js /app/server.js',
        'ENTRYPOINT ["/usr/bin/tini", "--"]',
        'CMD ["node", "/app/server.js"]',
        '',
      ].join('\n'),
      'server.js': nodeServer(true, SHUTDOWN_MS),
    };
    const analysis = analyse(files);
    assert.ok(analysis.runtime);
    assert.deepEqual(rulesOf(analysis), []);
    const m = await runApp(files);
    assert.deepEqual(runningPrograms(m), ['tini', 'node']);
    assertVerdictMatches(analysis.runtime, m, files['Dockerfile']);
    assert.match(m.logs, /stopped cleanly/);
    assert.equal(m.stop.exitCode, 0);
  });

  test('tini with a shell-form child: TERM reaches only the shell; the fix lets the app finish', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const files: AppFiles = {
      ...nodeApp(
        bases.debian,
        ['ENTRYPOINT ["/usr/bin/tini", "--"]', 'CMD node /app/server.js'],
        true,
      ),
      'server.js': nodeServer(true, SHUTDOWN_MS),
    };
    const analysis = analyse(files);
    assert.ok(analysis.runtime);
    const m = await runApp(files);
    assert.deepEqual(runningPrograms(m).slice(0, 3), ['tini', 'sh', 'node']);
    assertVerdictMatches(analysis.runtime, m, files['Dockerfile']);
    // The stop is quick, but the app was killed, not asked: its handler never ran.
    assert.doesNotMatch(m.logs, /stopping/);
    findingOf(analysis, RULE);

    const after = fixed(files, RULE);
    const again = analyse(after);
    assert.ok(!rulesOf(again).includes(RULE), after['Dockerfile']);
    assert.ok(again.runtime);
    const m2 = await runApp(after);
    assertVerdictMatches(again.runtime, m2, after['Dockerfile']);
    assert.match(m2.logs, /stopped cleanly/, `the app's shutdown did not complete:\n${m2.logs}`);
    assert.ok(m2.stop.ms < PROMPT_MS + SHUTDOWN_MS);
  });
});
