// The verdict of whole Dockerfiles: domain.md's measured rows through Docker's
// ENTRYPOINT/CMD rules, base-image families, inits and entrypoint scripts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile } from './index';
import type { BuildContext, RuntimeVerdict } from './types';

function ctxOf(files: Record<string, string> = {}): BuildContext {
  return { readFile: (p) => files[p], pathOf: (p) => `/ctx/${p}` };
}
function verdict(df: string, files?: Record<string, string>): RuntimeVerdict | null {
  return analyzeFile('Dockerfile', df, ctxOf(files)).runtime;
}

describe('PID 1 of shell form per base family (domain.md §1)', () => {
  const rows: [string, string, string][] = [
    ['debian:12', 'sleep 1000', 'sh'],
    ['ubuntu:24.04', 'sleep 1000', 'sh'],
    ['fedora:40', 'sleep 1000', 'sleep'],
    ['registry.access.redhat.com/ubi9/ubi', 'echo hi; sleep 1000', 'sleep'],
    ['alpine:3.20', 'sleep 1000', 'sleep'],
    ['busybox', 'sleep 1000 > /dev/null', 'sleep'],
    ['fedora:40', 'sleep 1000 > /dev/null', 'bash'],
    ['alpine:3.20', 'sleep 1000 | cat', 'sh'],
    ['debian:12', 'exec sleep 1000', 'sleep'],
  ];
  for (const [image, cmd, pid1] of rows)
    test(`FROM ${image} / CMD ${cmd} → ${pid1}`, () => {
      const v = verdict(`FROM ${image}\nCMD ${cmd}\n`)!;
      const got = v.pid1 ? (v.pid1.program.split('/').pop() ?? '') : null;
      assert.equal(got === 'sh' && pid1 === 'bash' ? 'sh' : got, pid1 === 'bash' ? 'sh' : pid1);
      assert.equal(v.viaShell, true);
      assert.equal(v.gracefulStop, false, 'no TERM handler in the shell nor in sleep (measured)');
    });
  test('SHELL ["/bin/bash","-c"] on Debian: bash execs a single simple command', () => {
    const v = verdict('FROM debian:12\nSHELL ["/bin/bash", "-c"]\nCMD sleep 1000\n')!;
    assert.equal(v.pid1?.program, 'sleep');
  });
  test('unknown base image: dash and bash disagree on PID 1, and both end in SIGKILL', () => {
    const v = verdict('FROM example.com/team/base:1\nCMD sleep 1000\n')!;
    assert.equal(v.pid1, null);
    // dash stays (a shell without a handler), bash execs sleep (no handler): measured alike.
    assert.equal(v.gracefulStop, false);
    assert.equal(v.reapsZombies, null);
  });
  test('unknown base image, pipeline: every family stays', () => {
    assert.equal(verdict('FROM example.com/team/base:1\nCMD a | b\n')!.pid1?.program, 'sh');
  });
});

describe('stop behaviour (domain.md §1, measured)', () => {
  test('tini -- sleep: graceful, reaps', () => {
    const v = verdict(
      'FROM debian:12\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["sleep", "1000"]\n',
    )!;
    assert.deepEqual([v.init, v.gracefulStop, v.reapsZombies], ['tini', true, true]);
  });
  test('tini -- sh -c: graceful (sh is no longer PID 1)', () => {
    const v = verdict('FROM debian:12\nENTRYPOINT ["tini", "--"]\nCMD sleep 1000\n')!;
    assert.equal(v.init, 'tini');
    assert.equal(v.gracefulStop, true);
  });
  test('trap exit loop: graceful', () => {
    const v = verdict(
      `FROM debian:12\nCMD ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 0.1; done"]\n`,
    )!;
    assert.equal(v.pid1?.program, 'sh');
    assert.equal(v.gracefulStop, true);
  });
  test('exec-form python ignores TERM, stops on STOPSIGNAL SIGINT', () => {
    assert.equal(verdict('FROM python:3.12\nCMD ["python", "app.py"]\n')!.gracefulStop, false);
    assert.equal(
      verdict('FROM python:3.12\nSTOPSIGNAL SIGINT\nCMD ["python", "app.py"]\n')!.gracefulStop,
      true,
    );
  });
  test('JVM handles TERM; bash -c with a single simple command is fine (RHEL family)', () => {
    const v = verdict('FROM registry.access.redhat.com/ubi9/openjdk-17\nCMD java -jar app.jar\n')!;
    assert.deepEqual([v.pid1?.program, v.gracefulStop, v.viaShell], ['java', true, true]);
  });
  test('node with its own SIGTERM handler in the context', () => {
    const df = 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n';
    assert.equal(
      verdict(df, { 'server.js': 'http.createServer().listen(3000)\n' })!.gracefulStop,
      false,
    );
    assert.equal(
      verdict(df, { 'server.js': "process.on('SIGTERM', () => server.close())\n" })!.gracefulStop,
      true,
    );
  });
  test('systemd stops only on SIGRTMIN+3', () => {
    assert.equal(verdict('FROM fedora:40\nCMD ["/sbin/init"]\n')!.gracefulStop, false);
    assert.equal(
      verdict('FROM fedora:40\nSTOPSIGNAL SIGRTMIN+3\nCMD ["/sbin/init"]\n')!.gracefulStop,
      true,
    );
  });
});

describe("Docker's ENTRYPOINT/CMD rules", () => {
  test('exec-form ENTRYPOINT + CMD as its arguments', () => {
    const v = verdict('FROM debian:12\nENTRYPOINT ["java", "-jar"]\nCMD ["app.jar"]\n')!;
    assert.deepEqual(v.pid1?.argv, ['java', '-jar', 'app.jar']);
  });
  test('shell-form ENTRYPOINT ignores CMD', () => {
    const v = verdict('FROM debian:12\nENTRYPOINT exec java -jar app.jar\nCMD ["--debug"]\n')!;
    assert.deepEqual(v.pid1?.argv, ['java', '-jar', 'app.jar']);
  });
  test('an ENTRYPOINT in a stage drops the inherited CMD', () => {
    const v = verdict(
      'FROM debian:12 AS base\nCMD ["sleep", "1"]\nFROM base\nENTRYPOINT ["java", "-jar", "a.jar"]\n',
    )!;
    assert.deepEqual(v.pid1?.argv, ['java', '-jar', 'a.jar']);
  });
  test('CMD inherited from an earlier stage; ARG before FROM', () => {
    const v = verdict(
      'ARG BASE=node:20\nFROM ${BASE} AS b\nCMD ["npm", "start"]\nFROM b\nRUN true\n',
    )!;
    assert.equal(v.pid1?.program, 'npm');
  });
  test('official images: inherited command from the knowledge table', () => {
    assert.equal(verdict('FROM node:20\n')!.pid1?.program, 'node');
    assert.equal(verdict('FROM python:3.12-slim\n')!.pid1?.program, 'python');
    const nginx = verdict('FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n')!;
    assert.deepEqual([nginx.pid1?.program, nginx.gracefulStop], ['nginx', true]);
    assert.equal(verdict('FROM postgres:16\n')!.pid1?.program, 'postgres');
    assert.equal(verdict('FROM eclipse-temurin:21\n')!.pid1?.program, 'jshell');
  });
  test('unknown base without CMD: unknown, never a guess', () => {
    const v = verdict('FROM example.com/x\nRUN true\n')!;
    assert.equal(v.pid1, null);
  });
  test('ONBUILD triggers do not set this image command', () => {
    const v = verdict('FROM debian:12\nCMD ["sleep", "1"]\nONBUILD CMD ["other"]\n')!;
    assert.equal(v.pid1?.program, 'sleep');
  });
});

describe('parsing', () => {
  test('CRLF, escape directive, continuation with comments, heredoc', () => {
    const df =
      '# escape=`\r\nFROM debian:12\r\nRUN <<EOF\r\necho hi\r\nEOF\r\nCMD ["sleep", `\r\n# a comment\r\n  "1000"]\r\n';
    const v = verdict(df);
    // escape=` is how Windows Dockerfiles are written; we stay quiet there.
    assert.equal(v, null);
    const lf =
      'FROM debian:12\r\nRUN <<EOF\r\necho hi\r\nEOF\r\nCMD ["sleep", \\\r\n# a comment\r\n  "1000"]\r\n';
    assert.deepEqual(verdict(lf)!.pid1?.argv, ['sleep', '1000']);
  });
  test('Windows images: no verdict, no findings', () => {
    const a = analyzeFile(
      'Dockerfile',
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD node server.js\n',
      ctxOf(),
    );
    assert.equal(a.runtime, null);
    assert.equal(a.findings.length, 0);
  });
  test('invalid JSON falls back to shell form, as Docker does', () => {
    const v = verdict("FROM debian:12\nCMD ['sleep', '1000']\n")!;
    assert.equal(v.viaShell, true);
  });
  test('no FROM: no verdict', () => {
    assert.equal(verdict('CMD ["x"]\n'), null);
  });
});

describe('entrypoint scripts in the build context', () => {
  const df =
    'FROM debian:12\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["java", "-jar", "/app.jar"]\n';
  test('exec "$@" hands PID 1 to the CMD', () => {
    const v = verdict(df, { 'docker-entrypoint.sh': '#!/bin/sh\nset -e\nexec "$@"\n' })!;
    assert.deepEqual(v.pid1?.argv, ['java', '-jar', '/app.jar']);
    assert.equal(v.gracefulStop, true);
  });
  test('exec gosu user "$@": gosu execs, the CMD is PID 1', () => {
    const v = verdict(df, {
      'docker-entrypoint.sh': '#!/bin/sh\nchown -R app /data\nexec gosu app "$@"\n',
    })!;
    assert.deepEqual(v.pid1?.argv, ['java', '-jar', '/app.jar']);
    const e = verdict('FROM debian:12\nCMD ["env", "A=1", "nice", "-n", "5", "node", "x.js"]\n')!;
    assert.deepEqual(e.pid1?.argv, ['node', 'x.js']);
  });
  test('a script that does not exec stays PID 1 and ignores TERM', () => {
    const v = verdict(df, { 'docker-entrypoint.sh': '#!/bin/sh\n"$@"\n' })!;
    assert.equal(v.pid1?.program, 'docker-entrypoint.sh');
    assert.equal(v.gracefulStop, false);
  });
  test('a script shell as PID 1 reaps while it waits (measured for dash, bash, ash)', () => {
    const v = verdict(df, { 'docker-entrypoint.sh': '#!/bin/bash\njava -jar /app.jar\n' })!;
    assert.equal(v.reapsZombies, true);
  });
  test('background + wait with a forwarding trap is graceful', () => {
    const v = verdict(df, {
      'docker-entrypoint.sh':
        "#!/bin/sh\njava -jar /app.jar &\npid=$!\ntrap 'kill -TERM $pid' TERM\nwait $pid\n",
    })!;
    assert.equal(v.gracefulStop, true);
  });
});

describe('scripts for other interpreters: the shebang program is PID 1', () => {
  const py = (handler: string) =>
    `#!/usr/bin/env python3\nimport signal, sys, time\n${handler}while True:\n    time.sleep(1)\n`;
  test('#!/usr/bin/env python3 without a handler: python ignores SIGTERM', () => {
    const v = verdict('FROM python:3.12\nCOPY app.py /app/app.py\nCMD ["/app/app.py", "-v"]\n', {
      'app.py': py(''),
    })!;
    assert.deepEqual(v.pid1, { program: 'python', argv: ['python3', '/app/app.py', '-v'] });
    assert.equal(v.gracefulStop, false);
    assert.ok(v.reasons.some((r) => r.includes('app.py installs no SIGTERM handler')));
  });
  test('signal.signal(signal.SIGTERM …) in the script: graceful', () => {
    const v = verdict('FROM python:3.12\nCOPY app.py /app/app.py\nCMD ["/app/app.py"]\n', {
      'app.py': py('signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))\n'),
    })!;
    assert.equal(v.pid1?.program, 'python');
    assert.equal(v.gracefulStop, true);
  });
  test("#!/usr/bin/env node with process.once('SIGTERM'): graceful", () => {
    const v = verdict('FROM node:20\nCOPY s.js /usr/local/bin/serve\nCMD ["serve"]\n', {
      's.js': "#!/usr/bin/env node\nprocess.once('SIGTERM', () => process.exit(0));\n",
    })!;
    assert.deepEqual(v.pid1, { program: 'node', argv: ['node', '/usr/local/bin/serve'] });
    assert.equal(v.gracefulStop, true);
  });
  test('an interpreter not in the table stays unknown', () => {
    const v = verdict('FROM debian:12\nCOPY run /usr/local/bin/run\nCMD ["run"]\n', {
      run: '#!/usr/bin/perl -w\nsleep 1000;\n',
    })!;
    assert.equal(v.gracefulStop, null);
  });
});

describe('frameworks that install SIGTERM handlers from the app (measured)', () => {
  const app = (body: string) => ({
    'app.py': `async def app(scope, receive, send):\n    pass\n${body}`,
  });
  test('uvicorn.run(app) in app.py: graceful', () => {
    const v = verdict(
      'FROM python:3.12\nCOPY app.py /app/app.py\nCMD ["python3", "/app/app.py"]\n',
      app('import uvicorn\nif __name__ == "__main__":\n    uvicorn.run(app, host="0.0.0.0")\n'),
    )!;
    assert.equal(v.gracefulStop, true);
    assert.ok(
      v.reasons.some((r) => r.includes('starts uvicorn.run')),
      v.reasons.join('\n'),
    );
  });
  test('importing uvicorn without running it proves nothing', () => {
    const v = verdict(
      'FROM python:3.12\nCOPY app.py /app/app.py\nCMD ["python3", "/app/app.py"]\n',
      app('import uvicorn\nimport time\nwhile True:\n    time.sleep(1)\n'),
    )!;
    assert.equal(v.gracefulStop, false);
  });
  test('python -m uvicorn and gunicorn are servers from the table', () => {
    for (const cmd of ['["python3", "-m", "uvicorn", "app:app"]', '["gunicorn", "app:app"]'])
      assert.equal(verdict(`FROM python:3.12\nCMD ${cmd}\n`)!.gracefulStop, true, cmd);
  });
});

describe('uWSGI reads master and die-on-term from its --ini file in the build context', () => {
  const df = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["uwsgi", "--ini", "uwsgi.ini"]\n';
  // Measured (Debian uwsgi 2.0.21 as PID 1, docs/measurements.md): --master alone reloads on
  // TERM (SIGKILL after the grace period); --master --die-on-term stops.
  test('master and die-on-term: graceful', () => {
    const v = verdict(df, { 'uwsgi.ini': '[uwsgi]\nmaster = true\ndie-on-term = true\n' })!;
    assert.equal(v.gracefulStop, true);
  });
  test('master without die-on-term: TERM reloads, not graceful', () => {
    const v = verdict(df, { 'uwsgi.ini': '[uwsgi]\nmodule = app:app\nmaster = 1\n' })!;
    assert.equal(v.gracefulStop, false);
  });
  test('the file is not in the context: unknown', () => {
    assert.equal(verdict(df, {})!.gracefulStop, null);
  });
});

// The multi-stage shape of Go images (build in golang, copy the binary into distroless,
// scratch or alpine), as public Go projects write it; the facts are measured
// (docs/measurements.md: exit 2 in 0.2 s, no reaping).
describe('a program built by `go build` in another stage', () => {
  const go = (final: string, build = 'RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server') =>
    ['FROM golang:1.22 AS builder', 'WORKDIR /src', 'COPY . .', build, final].join('\n') + '\n';
  test('COPY --from=builder into WORKDIR ".", ENTRYPOINT ./server: the Go runtime stops on TERM', () => {
    const v = verdict(
      go(
        'FROM gcr.io/distroless/static\nWORKDIR /app\nCOPY --from=builder /out/server .\nENTRYPOINT ["./server"]',
      ),
    )!;
    assert.equal(v.pid1?.program, 'server');
    assert.equal(v.gracefulStop, true);
    assert.equal(v.reapsZombies, false);
    assert.match(
      v.reasons.join(' '),
      /copied from stage builder \(line 7\).*`go build` \(line 4\)/,
    );
  });
  test('into /usr/local/bin, started by its bare name; a stage named by index', () => {
    const df =
      'FROM golang:1.22-alpine\nWORKDIR /app\nRUN go build -ldflags="-s -w" -o myapp .\n' +
      'FROM alpine:3.20\nCOPY --from=0 /app/myapp /usr/local/bin/myapp\nCMD ["myapp"]\n';
    const v = verdict(df)!;
    assert.equal(v.gracefulStop, true);
    assert.equal(v.reapsZombies, false);
  });
  test('built in the final stage itself: RUN go build -o the path CMD runs', () => {
    const v = verdict(
      'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/bin/api .\nCMD ["/app/bin/api"]\n',
    )!;
    assert.equal(v.gracefulStop, true);
  });
  test('a stage that does not run go build, or another path: still unknown', () => {
    const notGo = go(
      'FROM debian:12\nCOPY --from=builder /out/server /server\nENTRYPOINT ["/server"]',
      'RUN make server',
    );
    assert.equal(verdict(notGo)!.gracefulStop, null);
    const otherPath = go(
      'FROM debian:12\nCOPY --from=builder /out/server /server\nENTRYPOINT ["/other"]',
    );
    assert.equal(verdict(otherPath)!.gracefulStop, null);
  });
});
