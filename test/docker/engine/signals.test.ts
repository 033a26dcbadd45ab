// Runtimes as PID 1 on the Debian image: node and python install no SIGTERM handler by
// default (docker stop waits the grace period, exit 137) unless the app installs one; the
// JVM handles TERM (exit 143); STOPSIGNAL SIGINT stops python at once. The verdict and
// pid1-ignores-sigterm must agree with the container, and the add-tini fix must keep the
// app running (as tini's child) and make the stop prompt.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { registerLabCleanup } from '../lab';
import { javaMain, nodeServer, pythonApp } from './apps';
import {
  STOP_TIMEOUT,
  analyse,
  assertVerdictMatches,
  fixed,
  labBases,
  offline,
  programName,
  rulesOf,
  runApp,
  runningPrograms,
  type AppFiles,
  PROMPT_MS,
} from './harness';

registerLabCleanup();

const RULE = 'pid1-ignores-sigterm';

interface RuntimeCase {
  name: string;
  /** The app's program name as it runs (PID 1, or tini's child after the fix). */
  program: string;
  /** Given the Debian and BusyBox base images. */
  files: (debian: string, busybox: string) => AppFiles;
}

const node = (handler: boolean, lines: string[]) => (debian: string) => ({
  Dockerfile: [`FROM ${debian}`, 'WORKDIR /app', 'COPY server.js ./', ...lines, ''].join('\n'),
  'server.js': nodeServer(handler),
});

const python = (handler: boolean, lines: string[]) => (debian: string) => ({
  Dockerfile: [`FROM ${debian}`, 'WORKDIR /app', 'COPY app.py ./', ...lines, ''].join('\n'),
  'app.py': pythonApp(handler),
});

const cases: RuntimeCase[] = [
  {
    name: 'node, exec form, no handler',
    program: 'node',
    files: node(false, ['CMD ["node", "server.js"]']),
  },
  {
    name: 'node, exec form, SIGTERM handler in server.js',
    program: 'node',
    files: node(true, ['CMD ["node", "server.js"]']),
  },
  {
    name: 'node, bash shell form of one simple command, SIGTERM handler',
    program: 'node',
    files: node(true, ['SHELL ["/bin/bash", "-c"]', 'CMD node server.js']),
  },
  {
    name: 'node, ENTRYPOINT + CMD exec form, no handler',
    program: 'node',
    files: node(false, ['ENTRYPOINT ["node"]', 'CMD ["server.js"]']),
  },
  {
    name: 'python, exec form, no handler',
    program: 'python3',
    files: python(false, ['CMD ["python3", "-u", "app.py"]']),
  },
  {
    name: 'python, exec form, SIGTERM handler in app.py',
    program: 'python3',
    files: python(true, ['CMD ["python3", "-u", "app.py"]']),
  },
  {
    name: 'python, exec form, no handler, STOPSIGNAL SIGINT',
    program: 'python3',
    files: python(false, ['STOPSIGNAL SIGINT', 'CMD ["python3", "-u", "app.py"]']),
  },
  // Scripts run by their shebang (exec form, executable file): the kernel starts the
  // interpreter, which is PID 1 with the script as its argument.
  {
    name: 'python script by its shebang (#!/usr/bin/env python3), no handler',
    program: 'python3',
    files: (debian) => ({
      Dockerfile: [`FROM ${debian}`, 'COPY app.py /app/app.py', 'CMD ["/app/app.py"]', ''].join(
        '\n',
      ),
      'app.py': `#!/usr/bin/env python3\n${pythonApp(false)}`,
    }),
  },
  {
    name: 'python script by its shebang (#!/usr/bin/python3 -u), signal.signal(signal.SIGTERM …)',
    program: 'python3',
    files: (debian) => ({
      Dockerfile: [`FROM ${debian}`, 'COPY app.py /app/app.py', 'CMD ["/app/app.py"]', ''].join(
        '\n',
      ),
      'app.py': `#!/usr/bin/python3 -u\n${pythonApp(true)}`,
    }),
  },
  {
    name: "node script by its shebang (#!/usr/bin/env node), process.once('SIGTERM')",
    program: 'node',
    files: (debian) => ({
      Dockerfile: [
        `FROM ${debian}`,
        'COPY server.js /app/server.js',
        'ENTRYPOINT ["/app/server.js"]',
        '',
      ].join('\n'),
      'server.js': `#!/usr/bin/env node\n${nodeServer(true).replace("process.on('SIGTERM'", "process.once('SIGTERM'")}`,
    }),
  },
  {
    name: 'node script by its shebang (#!/usr/bin/env node), no handler',
    program: 'node',
    files: (debian) => ({
      Dockerfile: [
        `FROM ${debian}`,
        'COPY server.js /app/server.js',
        'ENTRYPOINT ["/app/server.js"]',
        '',
      ].join('\n'),
      'server.js': `#!/usr/bin/env node\n${nodeServer(false)}`,
    }),
  },
  {
    // BusyBox has no package manager: the add-tini fix copies a static tini from a Debian
    // builder stage (built here from the lab's Debian image: no registry is reachable).
    name: 'busybox: sleep after `exec` in sh -c, no handler',
    program: 'sleep',
    files: (_debian, busybox) => ({
      Dockerfile: [`FROM ${busybox}`, 'CMD ["sh", "-c", "echo READY; exec sleep 1000"]', ''].join(
        '\n',
      ),
    }),
  },
  {
    name: 'java, exec form',
    program: 'java',
    files: (debian) => ({
      Dockerfile: [
        `FROM ${debian}`,
        'COPY Main.java /app/',
        'CMD ["java", "/app/Main.java"]',
        '',
      ].join('\n'),
      'Main.java': javaMain,
    }),
  },
];

describe(`runtimes as PID 1: ${RULE}`, () => {
  for (const c of cases) {
    test(c.name, async (t) => {
      const bases = await labBases(t);
      if (!bases) return;
      const files = c.files(bases.debian, bases.busybox);
      const analysis = analyse(files);
      assert.ok(analysis.runtime, 'no verdict');
      const measured = await runApp(files);
      assert.equal(programName(measured.pid1), c.program, JSON.stringify(measured.pid1));
      // A script run by its shebang: the argv the engine derives is what the kernel ran.
      if (c.name.includes('by its shebang'))
        assert.deepEqual(analysis.runtime.pid1?.argv, measured.pid1);
      assertVerdictMatches(analysis.runtime, measured, files['Dockerfile']);
      assert.equal(
        rulesOf(analysis).includes(RULE),
        !measured.graceful,
        `${RULE} vs measured stop (${Math.round(measured.stop.ms)} ms, exit ${measured.stop.exitCode}); ` +
          `findings ${JSON.stringify(rulesOf(analysis))}`,
      );
      if (measured.graceful) {
        assert.ok(
          !rulesOf(analysis).includes('shell-pid1'),
          'no shell-pid1 where the stop is fine',
        );
        return;
      }
      assert.equal(measured.stop.exitCode, 137);
      assert.ok(measured.stop.ms >= STOP_TIMEOUT * 1000 - 100);

      // add tini: tini is PID 1, the app its child, TERM reaches the app.
      const after = offline(
        fixed(files, RULE, (f) => /tini/i.test(f.title)),
        bases,
      );
      const again = analyse(after);
      assert.ok(
        !rulesOf(again).includes(RULE),
        `still reported after the fix:\n${after['Dockerfile']}`,
      );
      assert.ok(again.runtime);
      const m2 = await runApp(after);
      assertVerdictMatches(again.runtime, m2, after['Dockerfile']);
      assert.equal(programName(m2.pid1), 'tini', JSON.stringify(m2.pid1));
      assert.equal(again.runtime.init, 'tini');
      assert.deepEqual(runningPrograms(m2).slice(0, 2), ['tini', c.program]);
      assert.equal(m2.stop.exitCode, 143, m2.logs);
      assert.ok(m2.stop.ms < PROMPT_MS, `stop took ${m2.stop.ms} ms after the fix`);
    });
  }
});

describe('frameworks started from the app install the SIGTERM handler', () => {
  // Debian's python3-uvicorn from the Debian mirror (the lab reaches only Debian and npm).
  const uvicornApp = (debian: string, run: boolean): AppFiles => ({
    Dockerfile: [
      `FROM ${debian}`,
      'RUN apt-get update && apt-get install -y --no-install-recommends python3-uvicorn && rm -rf /var/lib/apt/lists/*',
      'COPY app.py /app/app.py',
      'CMD ["python3", "/app/app.py"]',
      '',
    ].join('\n'),
    'app.py': [
      'import time',
      'import uvicorn',
      'async def app(scope, receive, send):',
      '    await send({"type": "http.response.start", "status": 200, "headers": []})',
      '    await send({"type": "http.response.body", "body": b"ok"})',
      "print('READY', flush=True)",
      run ? 'uvicorn.run(app, host="0.0.0.0", port=8000)' : 'while True:\n    time.sleep(1)',
      '',
    ].join('\n'),
  });
  for (const run of [true, false])
    test(`python app.py ${run ? 'calling uvicorn.run(app)' : 'importing uvicorn only'}`, async (t) => {
      const bases = await labBases(t);
      if (!bases) return;
      const files = uvicornApp(bases.debian, run);
      const analysis = analyse(files);
      assert.ok(analysis.runtime);
      // uvicorn installs its handlers as it starts serving: stop it only once it says so
      // (stopped right after READY, TERM can arrive before the handlers: seen, exit 137).
      const m = await runApp(files, { readyText: run ? 'Uvicorn running' : 'READY' });
      assert.equal(programName(m.pid1), 'python3');
      assertVerdictMatches(analysis.runtime, m, files['app.py']);
      assert.equal(m.graceful, run);
      assert.equal(rulesOf(analysis).includes(RULE), !run);
      if (run) {
        assert.equal(m.stop.exitCode, 0, m.logs);
        assert.match(m.logs, /Shutting down/);
      } else assert.equal(m.stop.exitCode, 137);
    });
});
