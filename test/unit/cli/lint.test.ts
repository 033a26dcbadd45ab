// `container-doctor lint` through the real CLI process, on fixture folders: exit codes, the
// text, JSON and SARIF outputs, stdin, and --fix (what it writes, what it prints, idempotency).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  lstatSync,
  renameSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { writeIfUnchanged } from '../../../src/cli/write';
import { cliMain, repoRoot, tsxLoader } from './run-cli';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'lint');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function lint(args: string[], options: { cwd?: string; input?: string } = {}): Run {
  const r = spawnSync(process.execPath, ['--import', tsxLoader, cliMain, 'lint', ...args], {
    cwd: options.cwd ?? fixtures,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonEdit {
  path: string;
  range: JsonRange;
  newText: string;
}
interface JsonRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
  range: JsonRange;
  fixes: { title: string; edits: JsonEdit[] }[];
}
interface JsonReport {
  files: { path: string; runtime: unknown; findings: JsonFinding[] }[];
}

const tempDirs: string[] = [];
function copyOfProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cdoc-lint-'));
  tempDirs.push(dir);
  cpSync(path.join(fixtures, 'project'), dir, { recursive: true });
  return dir;
}
after(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

const assertRange = (r: JsonRange) => {
  for (const p of [r.start, r.end]) {
    assert.ok(Number.isInteger(p.line) && p.line >= 0);
    assert.ok(Number.isInteger(p.character) && p.character >= 0);
  }
};

describe('lint: outputs', () => {
  test('text: stylish lines, a verdict line per Dockerfile, a summary; skips node_modules and .git', () => {
    // The fixture's copy gets a node_modules and a .git holding Dockerfiles with findings.
    const parent = mkdtempSync(path.join(tmpdir(), 'cdoc-lint-'));
    tempDirs.push(parent);
    cpSync(path.join(fixtures, 'project'), path.join(parent, 'project'), { recursive: true });
    for (const skipped of ['project/node_modules/dep', 'project/.git/hooks']) {
      mkdirSync(path.join(parent, skipped), { recursive: true });
      writeFileSync(path.join(parent, skipped, 'Dockerfile'), 'FROM debian:12\nCMD node x.js\n');
    }
    const r = lint(['project'], { cwd: parent });
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    const findingLines = lines.filter((l) => /^\S+:\d+:\d+ {2}/.test(l));
    for (const l of findingLines)
      assert.match(l, /^\S+:\d+:\d+ {2}(error|warning|info|hint) {2}.+ {2}[a-z0-9-]+$/);
    assert.ok(
      findingLines.some((l) =>
        /^project\/api\/Dockerfile:4:1 {2}warning {2}.+ {2}shell-pid1$/.test(l),
      ),
      r.stdout,
    );
    assert.ok(findingLines.some((l) => l.startsWith('project/compose.yaml:')));
    assert.match(r.stdout, /^project\/api\/Dockerfile {2}PID 1: .+ · stop: .+ · zombies: .+$/m);
    assert.match(r.stdout, /^project\/worker\/Dockerfile {2}PID 1: \/entrypoint\.sh · /m);
    assert.doesNotMatch(r.stdout, /^project\/compose\.yaml {2}PID 1/m);
    assert.doesNotMatch(r.stdout, /node_modules|\.git\/|README/);
    assert.match(
      lines[lines.length - 1],
      new RegExp(`^${findingLines.length} problems \\(.*\\) in 3 of 3 files$`),
    );
  });

  test('json: exactly the documented shape, 0-based ranges, edit paths relative', () => {
    const r = lint(['project', '--format', 'json']);
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(Object.keys(report), ['version', 'files']);
    assert.deepEqual(
      report.files.map((f) => f.path),
      ['project/api/Dockerfile', 'project/compose.yaml', 'project/worker/Dockerfile'],
    );
    for (const file of report.files) {
      assert.deepEqual(Object.keys(file), ['path', 'runtime', 'findings']);
      for (const f of file.findings) {
        assert.deepEqual(Object.keys(f), ['rule', 'severity', 'message', 'range', 'fixes']);
        assert.ok(['error', 'warning', 'info', 'hint'].includes(f.severity));
        assertRange(f.range);
        for (const fix of f.fixes) {
          assert.deepEqual(Object.keys(fix), ['title', 'edits']);
          for (const e of fix.edits) {
            assert.deepEqual(Object.keys(e), ['path', 'range', 'newText']);
            assert.ok(!path.isAbsolute(e.path), e.path);
            assertRange(e.range);
          }
        }
      }
    }
    const [api, compose, worker] = report.files;
    const runtime = api.runtime as { pid1: { program: string }; viaShell: boolean };
    assert.deepEqual(Object.keys(runtime), [
      'pid1',
      'viaShell',
      'gracefulStop',
      'reapsZombies',
      'init',
      'reasons',
    ]);
    assert.equal(runtime.pid1.program, 'sh');
    assert.equal(runtime.viaShell, true);
    assert.equal(compose.runtime, null);
    const shell = api.findings.find((f) => f.rule === 'shell-pid1')!;
    assert.deepEqual(shell.range.start, { line: 3, character: 0 });
    // The worker's fix reaches into its entrypoint script, named relative to the cwd.
    const edits = worker.findings.flatMap((f) => f.fixes.flatMap((x) => x.edits));
    assert.ok(
      edits.some((e) => e.path === 'project/worker/entrypoint.sh'),
      JSON.stringify(edits),
    );
  });

  test('sarif: a valid 2.1.0 log with rules, levels, relative locations and 1-based regions', () => {
    const r = lint(['project', '--format', 'sarif']);
    assert.equal(r.status, 1, r.stderr);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    const driver = run.tool.driver;
    assert.equal(driver.name, 'container-doctor');
    const ids: string[] = driver.rules.map((rule: { id: string }) => rule.id);
    assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
    for (const rule of driver.rules) {
      assert.match(rule.id, /^[a-z0-9-]+$/);
      assert.equal(typeof rule.shortDescription.text, 'string');
      assert.ok(rule.shortDescription.text.length > 0);
      assert.match(rule.helpUri, /^https:\/\/.+\/docs\/rules\/[a-z0-9-]+\.md$/);
      assert.ok(['none', 'note', 'warning', 'error'].includes(rule.defaultConfiguration.level));
    }
    assert.ok(run.results.length > 0);
    const json = JSON.parse(lint(['project', '--format', 'json']).stdout) as JsonReport;
    assert.equal(
      run.results.length,
      json.files.reduce((n, f) => n + f.findings.length, 0),
    );
    for (const result of run.results) {
      assert.ok(ids.includes(result.ruleId));
      assert.equal(ids[result.ruleIndex], result.ruleId);
      assert.ok(['none', 'note', 'warning', 'error'].includes(result.level));
      assert.equal(typeof result.message.text, 'string');
      assert.ok(result.locations.length >= 1);
      const loc = result.locations[0].physicalLocation;
      assert.match(loc.artifactLocation.uri, /^project\/[\w./-]+$/);
      assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
      assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
      assert.ok(loc.region.endLine >= loc.region.startLine);
      for (const fix of result.fixes ?? []) {
        assert.equal(typeof fix.description.text, 'string');
        assert.ok(fix.artifactChanges.length >= 1);
        for (const change of fix.artifactChanges) {
          assert.ok(!change.artifactLocation.uri.startsWith('/'));
          for (const rep of change.replacements) {
            assert.ok(rep.deletedRegion.startLine >= 1);
            assert.equal(typeof rep.insertedContent.text, 'string');
          }
        }
      }
    }
    const shell = run.results.find((x: { ruleId: string }) => x.ruleId === 'shell-pid1');
    assert.deepEqual(shell.locations[0].physicalLocation.region, {
      startLine: 4,
      startColumn: 1,
      endLine: 4,
      endColumn: 19,
    });
    assert.equal(
      shell.locations[0].physicalLocation.artifactLocation.uri,
      'project/api/Dockerfile',
    );
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `${pathToFileURL(fixtures).href}/`);
  });
});

describe('lint: which files', () => {
  test('directories are searched for Dockerfiles and compose files; node_modules and .git are not', () => {
    const dir = copyOfProject();
    for (const skipped of ['node_modules/dep', '.git/x', 'deep/node_modules/y']) {
      mkdirSync(path.join(dir, skipped), { recursive: true });
      writeFileSync(path.join(dir, skipped, 'Dockerfile'), 'FROM debian:12\nCMD node x.js\n');
    }
    mkdirSync(path.join(dir, 'deep', 'er'), { recursive: true });
    writeFileSync(path.join(dir, 'deep', 'er', 'api.Dockerfile'), 'FROM nginx:1.27\n');
    writeFileSync(path.join(dir, 'deep', 'er', 'Containerfile'), 'FROM nginx:1.27\n');
    writeFileSync(path.join(dir, 'deep', 'docker-compose.prod.yml'), 'services: {}\n');
    writeFileSync(path.join(dir, 'deep', 'values.yaml'), 'a: 1\n');
    // A file named explicitly is linted whatever its name.
    writeFileSync(path.join(dir, 'build.docker'), 'FROM nginx:1.27\n');
    const r = lint(['.', 'build.docker', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(
      report.files.map((f) => f.path),
      [
        'api/Dockerfile',
        'compose.yaml',
        'deep/docker-compose.prod.yml',
        'deep/er/Containerfile',
        'deep/er/api.Dockerfile',
        'worker/Dockerfile',
        'build.docker',
      ],
    );
  });
});

describe('lint: exit codes and errors', () => {
  test('0 on a clean file, 1 at the fail level, none never fails', () => {
    const clean = lint(['clean']);
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /^clean\/Dockerfile {2}PID 1: nginx · stop: graceful/m);
    assert.match(clean.stdout, /no problems in 1 file\n$/);
    // The project holds warnings and no error (its five findings are listed in the text test).
    assert.equal(lint(['project', '--fail-level', 'error']).status, 0);
    assert.equal(lint(['project', '--fail-level=warning']).status, 1);
    assert.equal(lint(['project']).status, 1);
    assert.equal(lint(['project', '--fail-level', 'none']).status, 0);
    // An error (a CRLF entrypoint script) reaches every level but none.
    const crlf = mkdtempSync(path.join(tmpdir(), 'cdoc-crlf-'));
    tempDirs.push(crlf);
    writeFileSync(
      path.join(crlf, 'Dockerfile'),
      'FROM debian:12\nCOPY start.sh /start.sh\nENTRYPOINT ["/start.sh"]\n',
    );
    writeFileSync(path.join(crlf, 'start.sh'), '#!/bin/sh\r\nexec node x.js\r\n');
    assert.match(lint([crlf]).stdout, / {2}error {2}.+ {2}script-crlf$/m);
    assert.equal(lint([crlf, '--fail-level', 'error']).status, 1);
    assert.equal(lint([crlf, '--fail-level', 'none']).status, 0);
    // Only an information (a pinned JVM heap): fails at info, not at warning.
    const info = mkdtempSync(path.join(tmpdir(), 'cdoc-info-'));
    tempDirs.push(info);
    writeFileSync(
      path.join(info, 'Dockerfile'),
      'FROM eclipse-temurin:17\nCMD ["java", "-Xmx2g", "-jar", "app.jar"]\n',
    );
    assert.match(lint([info]).stdout, / {2}info {2}.+ {2}jvm-fixed-heap$/m);
    assert.equal(lint([info]).status, 0);
    assert.equal(lint([info, '--fail-level', 'info']).status, 1);
  });

  test('2 on usage errors, with a message that names the problem', () => {
    const unknown = lint(['project', '--frobnicate']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown option '--frobnicate'/);
    const badFormat = lint(['project', '--format', 'xml']);
    assert.equal(badFormat.status, 2);
    assert.match(badFormat.stderr, /--format: 'xml' is not one of text, json, sarif/);
    const noValue = lint(['project', '--fail-level']);
    assert.equal(noValue.status, 2);
    assert.match(noValue.stderr, /--fail-level needs a value/);
    const missing = lint(['project', 'no/such/Dockerfile']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no such file or directory: no\/such\/Dockerfile/);
    assert.equal(missing.stdout, '');
    const fixStdin = lint(['-', '--fix'], { input: 'FROM alpine\n' });
    assert.equal(fixStdin.status, 2);
    assert.match(fixStdin.stderr, /--fix .* stdin/);
    const help = lint(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^usage: container-doctor lint/);
  });

  test('an unreadable file: a clear message, exit 2, the other files still linted', () => {
    const dir = copyOfProject();
    symlinkSync(path.join(dir, 'gone', 'Dockerfile'), path.join(dir, 'api', 'Dockerfile.broken'));
    symlinkSync('loop.Dockerfile', path.join(dir, 'loop.Dockerfile'));
    const r = lint(['.', 'loop.Dockerfile', '--format', 'json'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot read api\/Dockerfile\.broken: no such file or directory/);
    assert.match(r.stderr, /cannot read loop\.Dockerfile: /);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.deepEqual(
      report.files.map((f) => f.path),
      ['api/Dockerfile', 'compose.yaml', 'worker/Dockerfile'],
    );
  });
});

describe('lint: stdin', () => {
  test("'-' lints stdin as a Dockerfile without a build context", () => {
    const r = lint(['-', '--format', 'json'], { input: 'FROM debian:12\nCMD node server.js\n' });
    assert.equal(r.status, 1, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(report.files.length, 1);
    assert.equal(report.files[0].path, '<stdin>');
    assert.ok(report.files[0].findings.some((f) => f.rule === 'shell-pid1'));
  });

  test('--stdin-filename names it and gives it its folder as build context', () => {
    const text = readFileSync(path.join(fixtures, 'project', 'worker', 'Dockerfile'), 'utf8');
    const r = lint(['-', '--stdin-filename', 'project/worker/Dockerfile', '--format', 'json'], {
      input: text,
    });
    assert.equal(r.status, 1, r.stderr);
    const [file] = (JSON.parse(r.stdout) as JsonReport).files;
    assert.equal(file.path, 'project/worker/Dockerfile');
    const edits = file.findings.flatMap((f) => f.fixes.flatMap((x) => x.edits));
    assert.ok(edits.some((e) => e.path === 'project/worker/entrypoint.sh'));
    const compose = lint(['-', '--stdin-filename', 'compose.yaml'], {
      input: 'services:\n  db:\n    image: postgres:16\n',
    });
    assert.equal(compose.status, 1);
    assert.match(
      compose.stdout,
      /^compose\.yaml:2:3 {2}warning {2}.+ {2}compose-no-memory-limit$/m,
    );
  });
});

describe('lint --fix', () => {
  test('applies the preferred fixes across files, prints them, writes atomically, is idempotent', () => {
    const dir = copyOfProject();
    const script = path.join(dir, 'worker', 'entrypoint.sh');
    chmodSync(script, 0o755);
    const r = lint(['--fix', '.'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr); // what --fix cannot fix is still reported
    assert.match(r.stdout, /^fixed api\/Dockerfile:4 {2}shell-pid1: .+$/m);
    // Converged: exec form first, then (node is PID 1 and ignores SIGTERM) tini in front.
    assert.match(r.stdout, /^fixed api\/Dockerfile:4 {2}pid1-ignores-sigterm: Add tini .+$/m);
    assert.match(r.stdout, /^fixed compose\.yaml:2 {2}compose-node-without-init: .+$/m);
    assert.match(r.stdout, /^wrote api\/Dockerfile$/m);
    assert.match(r.stdout, /^wrote worker\/entrypoint\.sh$/m);
    // The worker converges too: exec in its script, then node (PID 1 now) gets tini in front.
    assert.match(r.stdout, /^wrote worker\/Dockerfile$/m);
    assert.doesNotMatch(r.stdout, /did not settle/);
    assert.match(
      readFileSync(path.join(dir, 'worker', 'Dockerfile'), 'utf8'),
      /\nENTRYPOINT \["\/usr\/bin\/tini", "--", "\/entrypoint\.sh"\]\n$/,
    );
    assert.match(r.stdout, /^wrote compose\.yaml$/m);

    const dockerfile = readFileSync(path.join(dir, 'api', 'Dockerfile'), 'utf8');
    assert.equal(
      dockerfile,
      'FROM debian:12\nWORKDIR /app\nCOPY . .\n' +
        'RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*\n' +
        'ENTRYPOINT ["/usr/bin/tini", "--"]\n' +
        'CMD ["node", "server.js"]\n',
    );
    const fixedScript = readFileSync(script, 'utf8');
    assert.match(fixedScript, /\nexec node \/app\/worker\.js\n$/);
    assert.equal(statSync(script).mode & 0o777, 0o755, 'the script stays executable');
    assert.match(readFileSync(path.join(dir, 'compose.yaml'), 'utf8'), /\n {4}init: true\n/);
    const leftovers = readdirSync(dir, { recursive: true }).filter((n) =>
      String(n).endsWith('.tmp'),
    );
    assert.deepEqual(leftovers, []);
    // The report after fixing is the remaining findings: shell-pid1 is gone.
    assert.doesNotMatch(r.stdout, /shell-pid1$/m);

    const snapshot = ['api/Dockerfile', 'worker/entrypoint.sh', 'compose.yaml'].map((f) =>
      readFileSync(path.join(dir, f), 'utf8'),
    );
    const again = lint(['--fix', '.'], { cwd: dir });
    assert.doesNotMatch(again.stdout, /^(fixed|wrote) /m);
    assert.deepEqual(
      ['api/Dockerfile', 'worker/entrypoint.sh', 'compose.yaml'].map((f) =>
        readFileSync(path.join(dir, f), 'utf8'),
      ),
      snapshot,
    );
    // --fix output equals a plain lint of the fixed tree.
    const plain = lint(['.'], { cwd: dir });
    assert.equal(again.stdout, plain.stdout);
  });

  test('with --format json the fix report goes to stderr and stdout stays JSON', () => {
    const dir = copyOfProject();
    const r = lint(['--fix', '--format', 'json', '.'], { cwd: dir });
    assert.match(r.stderr, /^fixed api\/Dockerfile:4 {2}shell-pid1: /m);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.ok(!report.files.some((f) => f.findings.some((x) => x.rule === 'shell-pid1')));
  });

  test('no Dockerfiles found: said on stderr, exit 2 (a mistyped path must not pass in CI)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cdoc-empty-'));
    tempDirs.push(dir);
    writeFileSync(path.join(dir, 'notes.txt'), 'nothing here\n');
    const r = lint([], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no Dockerfiles or compose files found in \./);
    assert.match(r.stdout, /no problems in 0 files/);
  });
});

describe('lint: input safety', () => {
  test('a FIFO or a character device named on the command line: refused at once, exit 2', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cdoc-fifo-'));
    tempDirs.push(dir);
    const fifo = path.join(dir, 'Dockerfile');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
    const r = lint([fifo, '/dev/zero'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot read Dockerfile: not a regular file \(a FIFO\)/);
    assert.match(r.stderr, /cannot read \S*dev\/zero: not a regular file \(a character device\)/);
    // Met in a directory search (a FIFO named like a Dockerfile): passed over, no hang.
    const walked = lint(['.'], { cwd: dir });
    assert.equal(walked.status, 2, 'nothing else to lint there');
    assert.match(walked.stderr, /no Dockerfiles or compose files found/);
    assert.match(walked.stdout, /no problems in 0 files/);
  });

  test('a file over 4 MiB, and stdin over 4 MiB: a clear message, exit 2', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cdoc-big-'));
    tempDirs.push(dir);
    const big = 'FROM debian:12\n' + '# padding\n'.repeat(420_000);
    writeFileSync(path.join(dir, 'Dockerfile'), big);
    const r = lint(['Dockerfile'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot read Dockerfile: too large \(4\.0 MiB; the limit is 4\.0 MiB\)/);
    const stdin = lint(['-'], { cwd: dir, input: big + '#'.repeat(100_000) });
    assert.equal(stdin.status, 2);
    assert.match(stdin.stderr, /stdin is too large/);
  });

  test('`lint --format json DIR | head -c 100` ends quietly (a closed pipe is a normal end)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cdoc-pipe-'));
    tempDirs.push(dir);
    for (let i = 0; i < 150; i++) {
      mkdirSync(path.join(dir, `s${i}`));
      writeFileSync(path.join(dir, `s${i}`, 'Dockerfile'), 'FROM debian:12\nCMD node x.js\n');
    }
    const child = spawn(
      process.execPath,
      ['--import', tsxLoader, cliMain, 'lint', '--format', 'json', dir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const first = await new Promise<Buffer>((resolve) => child.stdout.once('data', resolve));
    assert.ok(first.subarray(0, 100).toString().startsWith('{'));
    child.stdout.destroy(); // what `head -c 100` does after 100 bytes
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(stderr, '');
    assert.notEqual(code, 3);
  });
});

describe('lint --fix: writing safely', () => {
  test('a symlinked Dockerfile is fixed through the link; the link stays a link', () => {
    const dir = copyOfProject();
    const real = path.join(dir, 'api', 'real.Dockerfile');
    renameSync(path.join(dir, 'api', 'Dockerfile'), real);
    symlinkSync('real.Dockerfile', path.join(dir, 'api', 'Dockerfile'));
    const r = lint(['--fix', 'api/Dockerfile'], { cwd: dir });
    assert.match(r.stdout, /^wrote api\/Dockerfile$/m, r.stderr);
    assert.ok(lstatSync(path.join(dir, 'api', 'Dockerfile')).isSymbolicLink());
    assert.match(readFileSync(real, 'utf8'), /CMD \["node", "server\.js"\]/);
  });

  test('a file another program changed since it was read is not overwritten', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cdoc-race-'));
    tempDirs.push(dir);
    const file = path.join(dir, 'Dockerfile');
    const read = 'FROM debian:12\nCMD node x.js\n';
    writeFileSync(file, read);
    appendFileSync(file, 'LABEL appended=by-another-writer\n');
    const result = writeIfUnchanged(file, read, 'FROM debian:12\nCMD ["node", "x.js"]\n');
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.message : '', /changed on disk .* nothing was written/);
    assert.equal(readFileSync(file, 'utf8'), `${read}LABEL appended=by-another-writer\n`);
    assert.deepEqual(writeIfUnchanged(file, readFileSync(file, 'utf8'), 'FROM x\n'), { ok: true });
    assert.equal(readFileSync(file, 'utf8'), 'FROM x\n');
  });

  test('--suppress-all silences what --fix cannot fix; the next lint is clean', () => {
    const dir = copyOfProject();
    const r = lint(['--fix', '--suppress-all', '.'], { cwd: dir });
    assert.match(r.stdout, /^suppressed compose\.yaml:\d+ {2}compose-no-memory-limit: /m);
    assert.match(
      readFileSync(path.join(dir, 'compose.yaml'), 'utf8'),
      /# container-doctor-ignore compose-no-memory-limit\n {2}db:/,
    );
    const after = lint(['.'], { cwd: dir });
    assert.equal(after.status, 0, after.stdout);
    assert.match(after.stdout, /no problems in 3 files/);
  });
});
