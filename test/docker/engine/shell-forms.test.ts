// Shell form and `sh -c` on real shells: dash (Debian's /bin/sh), BusyBox ash and bash
// (SHELL ["/bin/bash","-c"]). The same app (a script that forwards TERM to its worker) is
// started through different command shapes; whether the shell stays PID 1 decides whether
// docker stop is graceful. The engine's verdict and the shell-pid1 rule must agree with
// what the container did, and the rule's fix must make the app PID 1 and the stop prompt.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { registerLabCleanup } from '../lab';
import { forwardingService } from './apps';
import {
  STOP_TIMEOUT,
  analyse,
  assertVerdictMatches,
  findingOf,
  fixed,
  isShell,
  labBases,
  newWarnings,
  offline,
  rulesOf,
  runApp,
  runningPrograms,
  type AppFiles,
  type LabBases,
  PROMPT_MS,
} from './harness';

registerLabCleanup();

interface ShapeCase {
  base: keyof LabBases;
  /** Lines after FROM and the COPY of the app. */
  lines: string[];
}

const cases: ShapeCase[] = [
  { base: 'debian', lines: ['CMD /app/serve.sh'] },
  { base: 'busybox', lines: ['CMD /app/serve.sh'] },
  { base: 'debian', lines: ['SHELL ["/bin/bash", "-c"]', 'CMD /app/serve.sh'] },
  { base: 'debian', lines: ['CMD echo starting; /app/serve.sh'] },
  { base: 'busybox', lines: ['CMD echo starting; /app/serve.sh'] },
  { base: 'debian', lines: ['CMD X=1 /app/serve.sh'] },
  { base: 'debian', lines: ['SHELL ["/bin/bash", "-c"]', 'CMD cd /app && ./serve.sh'] },
  { base: 'debian', lines: ['SHELL ["/bin/bash", "-c"]', 'CMD /app/serve.sh 2>/tmp/err.log'] },
  { base: 'busybox', lines: ['CMD /app/serve.sh 2>/tmp/err.log'] },
  { base: 'busybox', lines: ['CMD /app/serve.sh | cat'] },
  { base: 'debian', lines: ['CMD ["sh", "-c", "cd /app && ./serve.sh"]'] },
  { base: 'busybox', lines: ['ENTRYPOINT ["sh", "-c", "cd /app && ./serve.sh"]'] },
  // Groups and subshells: dash and bash stay, BusyBox ash execs the last command inside.
  { base: 'debian', lines: ['CMD { echo starting; /app/serve.sh; }'] },
  { base: 'busybox', lines: ['CMD { echo starting; /app/serve.sh; }'] },
  { base: 'debian', lines: ['SHELL ["/bin/bash", "-c"]', 'CMD { cd /app && ./serve.sh; }'] },
  { base: 'debian', lines: ['SHELL ["/bin/bash", "-c"]', 'CMD (cd /app && ./serve.sh)'] },
  { base: 'busybox', lines: ['CMD (cd /app && ./serve.sh)'] },
];

function app(bases: LabBases, c: ShapeCase): AppFiles {
  return {
    Dockerfile: [`FROM ${bases[c.base]}`, 'COPY serve.sh /app/serve.sh', ...c.lines, ''].join('\n'),
    'serve.sh': forwardingService,
  };
}

describe('shell forms on real shells: shell-pid1', () => {
  for (const c of cases) {
    test(`${c.base}: ${c.lines.join(' / ')}`, async (t) => {
      const bases = await labBases(t);
      if (!bases) return;
      const files = app(bases, c);
      const analysis = analyse(files);
      assert.ok(analysis.runtime, 'no verdict');
      const measured = await runApp(files);
      assertVerdictMatches(analysis.runtime, measured, files['Dockerfile']);

      // The rule fires exactly when the shell really stayed PID 1.
      const shellStayed = isShell(measured.pid1);
      assert.equal(
        rulesOf(analysis).includes('shell-pid1'),
        shellStayed,
        `shell-pid1 vs measured PID 1 ${JSON.stringify(measured.pid1)}; findings ${JSON.stringify(analysis.findings)}`,
      );
      if (!shellStayed) {
        assert.match(measured.logs, /stopping/, 'the app handled TERM');
        return;
      }
      assert.equal(measured.stop.exitCode, 137);
      assert.ok(measured.stop.ms >= STOP_TIMEOUT * 1000 - 100, `stop ${measured.stop.ms} ms`);
      assert.doesNotMatch(measured.logs, /stopping/, 'the app never saw TERM');

      // A fix, where the engine offers one, must leave re-analysis clean (nothing new), the
      // app PID 1 or tini's child (for a pipeline: under `tini -g`, which signals the whole
      // process group), handling TERM itself, and the stop prompt.
      const finding = findingOf(analysis, 'shell-pid1');
      if (finding.fixes.length === 0) {
        t.diagnostic(`shell-pid1 offers no fix: ${finding.message}`);
        return;
      }
      const after = offline(fixed(files, 'shell-pid1'), bases);
      const again = analyse(after);
      assert.deepEqual(
        newWarnings(analysis, again),
        [],
        `the fix traded shell-pid1 for other findings:\n${after['Dockerfile']}`,
      );
      assert.ok(
        !rulesOf(again).includes('shell-pid1'),
        `still reported after the fix:\n${after['Dockerfile']}`,
      );
      assert.ok(again.runtime);
      const m2 = await runApp(after);
      assertVerdictMatches(again.runtime, m2, after['Dockerfile']);
      const running = runningPrograms(m2);
      const underGroupInit =
        running[0] === 'tini' &&
        running.includes('serve.sh') &&
        /"-g"/.test(after['Dockerfile'] ?? '');
      assert.ok(
        running[0] === 'serve.sh' ||
          (running[0] === 'tini' && running[1] === 'serve.sh') ||
          underGroupInit,
        `after the fix the app is neither PID 1 nor tini's child: ${JSON.stringify(running)}\n${after['Dockerfile']}`,
      );
      assert.equal(m2.stop.exitCode, 143, m2.logs);
      assert.ok(m2.stop.ms < PROMPT_MS, `stop took ${m2.stop.ms} ms after the fix`);
      // Under `tini -g` every process of the pipeline gets TERM at once, the reader (`cat`)
      // too: what the app prints while it stops goes into a closed pipe (measured: the log
      // ends in the shell's "Terminated"), so the log cannot show its handler here.
      if (underGroupInit) assert.doesNotMatch(m2.logs, /Killed/, 'nothing was SIGKILLed');
      else assert.match(m2.logs, /stopping/, 'the app handled TERM');
    });
  }
});
