// `lint --fix` converges, measured on a real container: `CMD sleep 1000` on Debian (dash as
// /bin/sh) first becomes exec form, then, now that sleep is PID 1 and ignores SIGTERM, gets
// tini in front (the domain's fix loop, src/analysis/fixes/loop.ts, as the CLI runs it).
// Before: docker stop takes the grace period, exit 137. After: tini is PID 1, sleep its child,
// the stop is prompt with exit 143.
// No registry or mirror is reachable here: the lab's Debian image already holds Debian's tini
// at /usr/bin/tini, so the test builds the fixed Dockerfile without the `apt-get` line the fix
// wrote (that line is the package step, asserted textually; the PID 1 layout is what is run).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { registerLabCleanup } from '../lab';
import { analyzeFile } from '../../../src/analysis';
import { fixUntilStable } from '../../../src/analysis/fixes/loop';
import {
  APP_ROOT,
  PROMPT_MS,
  STOP_TIMEOUT,
  contextOf,
  labBases,
  runApp,
  runningPrograms,
  type AppFiles,
} from './harness';

registerLabCleanup();

const started = { readyText: '', settleMs: 500 };

const install =
  'RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*\n';

describe('the --fix loop on a real container', () => {
  test('CMD sleep 1000 on Debian: exec form, then tini; the stop becomes prompt (lab: tini preinstalled)', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const before: AppFiles = { Dockerfile: `FROM ${bases.debian}\nCMD sleep 1000\n` };
    // sleep prints nothing: measured once its process is up.
    const m1 = await runApp(before, started);
    assert.equal(m1.stop.exitCode, 137);
    assert.ok(m1.stop.ms >= STOP_TIMEOUT * 1000 - 100, `stop took ${m1.stop.ms} ms`);

    const path = `${APP_ROOT}/Dockerfile`;
    const fixed = new Map<string, string>();
    const outcome = fixUntilStable(
      path,
      {
        readOriginal: (p) => (p === path ? before['Dockerfile'] : undefined),
        analyze: (p, text) => analyzeFile(p, text, contextOf(before)),
      },
      fixed,
    );
    assert.equal(outcome.stable, true);
    assert.deepEqual(
      outcome.applied.map((a) => a.rule),
      ['shell-pid1', 'pid1-ignores-sigterm'],
    );
    const text = fixed.get(path)!;
    assert.equal(
      text,
      `FROM ${bases.debian}\n${install}ENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["sleep", "1000"]\n`,
    );
    const verdict = analyzeFile(path, text, contextOf(before)).runtime;
    assert.equal(verdict?.gracefulStop, true);

    const m2 = await runApp({ Dockerfile: text.replace(install, '') }, started);
    assert.deepEqual(runningPrograms(m2).slice(0, 2), ['tini', 'sleep']);
    assert.equal(m2.stop.exitCode, 143, m2.logs);
    assert.ok(m2.stop.ms < PROMPT_MS, `stop took ${m2.stop.ms} ms after the fixes`);
  });
});
