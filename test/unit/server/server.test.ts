// The language server over the protocol: a real server process (src/server/main.ts through
// tsx, and the built dist/server.js), spoken to over stdio as an editor does.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import {
  runtimeVerdictMethod,
  showRuntimeVerdictCommand,
  type RuntimeVerdictResult,
} from '../../../src/server/protocol';
import { applyEdits, editsFor, repoRoot, startTestServer, type ServerUnderTest } from './lspClient';

const seed000Dockerfile =
  'FROM debian:12\nCOPY app.jar /app.jar\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n';
const seed000Script = [
  '#!/bin/sh',
  'java -jar /app.jar &',
  'i=0',
  'while [ $i -lt 48 ]; do',
  '  if curl -s localhost:8080 | grep -q Coyote; then break; fi',
  '  i=$((i+1))',
  '  sleep 5',
  'done',
  'exit 1',
  '',
].join('\n');

const shellFormNode = 'FROM debian:12\nWORKDIR /app\nCOPY . .\nCMD node server.js\n';
const cmdLine = 3;

const has = (rule: string) => (d: Diagnostic[]) => d.some((x) => x.code === rule);
const lacks = (rule: string) => (d: Diagnostic[]) => !d.some((x) => x.code === rule);

function workspace(files: Record<string, string>): { dir: string; uri: (name: string) => string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'cdoc-lsp-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return { dir, uri: (name) => pathToFileURL(path.join(dir, name)).href };
}

describe('language server over stdio', () => {
  let server: ServerUnderTest;
  const dirs: string[] = [];
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  test('advertises incremental sync, quick fixes, hover and CodeLens', () => {
    const caps = server.initializeResult.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix'] });
    assert.equal(caps.hoverProvider, true);
    assert.ok(caps.codeLensProvider);
  });

  test('shell-form CMD on Debian: shell-pid1 at the CMD line, linked to its rule page', async () => {
    const ws = workspace({ 'server.js': 'require("http").createServer().listen(8080);\n' });
    dirs.push(ws.dir);
    const uri = ws.uri('Dockerfile');
    const published = server.diagnostics(uri, has('shell-pid1'));
    server.open(uri, shellFormNode);
    const diagnostics = await published;
    const d = diagnostics.find((x) => x.code === 'shell-pid1')!;
    assert.equal(d.source, 'container-doctor');
    assert.equal(d.range.start.line, cmdLine);
    assert.ok(d.severity === 1 || d.severity === 2, `severity ${d.severity}`);
    // Linked to its page, a file that exists (the client opens it in the Markdown preview).
    const page = path.join(repoRoot, 'docs', 'rules', 'shell-pid1.md');
    assert.ok(existsSync(page));
    assert.equal(d.codeDescription?.href, pathToFileURL(page).href);

    // Edit (incrementally) to an exec form run under tini: the shell is no longer PID 1.
    const gone = server.diagnostics(uri, lacks('shell-pid1'));
    server.change(uri, [
      {
        range: { start: { line: cmdLine, character: 0 }, end: { line: cmdLine, character: 18 } },
        text: 'CMD ["node", "server.js"]',
      },
    ]);
    await gone;

    const cleared = server.diagnostics(uri, (x) => x.length === 0);
    server.close(uri);
    await cleared;
  });

  test('quick fix: preferred, carries its diagnostic, and its edit removes the finding', async () => {
    const ws = workspace({});
    dirs.push(ws.dir);
    const uri = ws.uri('Dockerfile');
    const published = server.diagnostics(uri, has('shell-pid1'));
    server.open(uri, shellFormNode);
    const diagnostics = await published;
    const d = diagnostics.find((x) => x.code === 'shell-pid1')!;
    const actions = await server.codeActions(uri, d.range, [d]);
    const fixes = actions.filter((a) => !a.title.startsWith('Disable '));
    assert.ok(fixes.length > 0, `fixes: ${JSON.stringify(actions.map((a) => a.title))}`);
    for (const a of actions) {
      assert.equal(a.kind, 'quickfix');
      assert.deepEqual(a.diagnostics?.[0]?.code, 'shell-pid1');
    }
    const preferred = fixes.find((a) => a.isPreferred)!;
    assert.ok(preferred, 'one fix is preferred');
    const fixed = applyEdits(shellFormNode, editsFor(preferred.edit, uri));
    assert.notEqual(fixed, shellFormNode);

    const uri2 = ws.uri('fixed.Dockerfile');
    const after = server.diagnostics(uri2);
    server.open(uri2, fixed);
    assert.ok(lacks('shell-pid1')(await after), fixed);
  });

  test('"Disable <rule> for this line" inserts the suppression comment the engine honours', async () => {
    const ws = workspace({});
    dirs.push(ws.dir);
    const uri = ws.uri('Dockerfile');
    const published = server.diagnostics(uri, has('shell-pid1'));
    server.open(uri, shellFormNode);
    const d = (await published).find((x) => x.code === 'shell-pid1')!;
    const actions: CodeAction[] = await server.codeActions(uri, d.range, [d]);
    const disable = actions.find((a) => a.title === 'Disable shell-pid1 for this line')!;
    assert.ok(disable, JSON.stringify(actions.map((a) => a.title)));
    const edits = editsFor(disable.edit, uri);
    const suppressed = applyEdits(shellFormNode, edits);
    assert.equal(
      suppressed,
      'FROM debian:12\nWORKDIR /app\nCOPY . .\n# container-doctor-ignore shell-pid1\nCMD node server.js\n',
    );
    const gone = server.diagnostics(uri, lacks('shell-pid1'));
    server.change(
      uri,
      edits.map((e) => ({ range: e.range, text: e.newText })),
    );
    await gone;
  });

  test('hover on CMD says who PID 1 is and links the findings; elsewhere nothing', async () => {
    const ws = workspace({});
    dirs.push(ws.dir);
    const uri = ws.uri('Dockerfile');
    const published = server.diagnostics(uri, has('shell-pid1'));
    server.open(uri, shellFormNode);
    await published;
    const hover = await server.hover(uri, { line: cmdLine, character: 5 });
    assert.ok(hover, 'a hover on CMD');
    const value = (hover.contents as { kind: string; value: string }).value;
    assert.equal((hover.contents as { kind: string }).kind, 'markdown');
    assert.match(value, /PID 1/);
    assert.match(value, /\/bin\/sh -c/);
    assert.match(value, /\[shell-pid1\]\(file:\/\/[^)]*shell-pid1\.md\)/);
    assert.equal(await server.hover(uri, { line: 0, character: 2 }), null);
    assert.equal(await server.hover(uri, { line: 9999, character: 9999 }), null);
  });

  test('CodeLens above CMD carries the one-line verdict and the show command', async () => {
    const ws = workspace({});
    dirs.push(ws.dir);
    const uri = ws.uri('Dockerfile');
    const published = server.diagnostics(uri, has('shell-pid1'));
    server.open(uri, shellFormNode);
    await published;
    const lenses = await server.codeLens(uri);
    assert.equal(lenses.length, 1);
    const lens = lenses[0];
    assert.equal(lens.range.start.line, cmdLine);
    assert.equal(lens.command?.command, showRuntimeVerdictCommand);
    assert.match(lens.command!.title, /^PID 1: .+ · stop: .+ · zombies: .+$/);
    assert.match(lens.command!.title, /^PID 1: sh -c \(the shell stays\)/);
    assert.match(lens.command!.title, /stop: SIGKILL after 10 s/);
    assert.deepEqual(lens.command?.arguments, [{ uri, position: lens.range.start }]);

    const verdict = (await server.connection.sendRequest(runtimeVerdictMethod, {
      textDocument: { uri },
    })) as RuntimeVerdictResult;
    assert.equal(verdict.title, lens.command!.title);
    assert.equal(verdict.verdict?.viaShell, true);
    assert.equal(verdict.verdict?.gracefulStop, false);
    assert.deepEqual(
      verdict.ranges.map((r) => r.start.line),
      [cmdLine],
    );
    assert.ok(verdict.findings.some((f) => f.rule === 'shell-pid1'));
    assert.match(verdict.markdown, /PID 1/);
  });

  test('runtimeVerdict: null for documents the server does not lint', async () => {
    const ws = workspace({});
    dirs.push(ws.dir);
    const uri = ws.uri('notes.yaml');
    server.open(uri, 'a: 1\n', 'yaml');
    const result = await server.connection.sendRequest(runtimeVerdictMethod, {
      textDocument: { uri },
    });
    assert.equal(result, null);
    assert.deepEqual(await server.codeLens(uri), []);
    const never = await server.connection.sendRequest(runtimeVerdictMethod, {
      textDocument: { uri: 'file:///nowhere/Dockerfile' },
    });
    assert.equal(never, null);
  });

  test('compose files by name: a node service without init and without a memory limit', async () => {
    const ws = workspace({});
    dirs.push(ws.dir);
    const uri = ws.uri('compose.yaml');
    const published = server.diagnostics(
      uri,
      (d) => has('compose-no-memory-limit')(d) && has('compose-node-without-init')(d),
    );
    server.open(
      uri,
      'services:\n  api:\n    image: node:20\n    command: ["node", "server.js"]\n',
      'yaml',
    );
    const diagnostics = await published;
    for (const d of diagnostics) assert.equal(d.source, 'container-doctor');
    const init = diagnostics.find((d) => d.code === 'compose-node-without-init')!;
    const actions = await server.codeActions(uri, init.range, [init]);
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
    const fixed = applyEdits(
      'services:\n  api:\n    image: node:20\n    command: ["node", "server.js"]\n',
      editsFor(fix.edit, uri),
    );
    assert.match(fixed, /init: true/);
  });

  test('entrypoint script in the build context: related information, open buffer wins, re-lint on change', async () => {
    const dockerfile =
      'FROM debian:12\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n';
    // The script stays PID 1 (no exec, no trap): it ignores docker stop.
    const staysPid1 = '#!/bin/sh\nset -e\necho starting\nnode /app/server.js\n';
    // nginx handles TERM and replaces the script.
    const execsNginx = '#!/bin/sh\nset -e\nexec nginx -g "daemon off;"\n';
    const ws = workspace({ Dockerfile: dockerfile, 'entrypoint.sh': staysPid1 });
    dirs.push(ws.dir);
    const uri = ws.uri('Dockerfile');
    const scriptUri = ws.uri('entrypoint.sh');
    const intoScript = (d: Diagnostic[]) =>
      d.some((x) => (x.relatedInformation ?? []).some((r) => r.location.uri === scriptUri));
    const ignoresStop = has('pid1-ignores-sigterm');

    const first = server.diagnostics(uri, (d) => ignoresStop(d) && intoScript(d));
    server.open(uri, dockerfile);
    const d = (await first).find((x) => x.code === 'pid1-ignores-sigterm')!;
    assert.equal(d.range.start.line, 2);

    // The user opens the script and makes it exec nginx: the Dockerfile is re-linted
    // against the buffer, not the file on disk.
    const fixedByBuffer = server.diagnostics(uri, (d) => !ignoresStop(d) && !intoScript(d));
    server.open(scriptUri, execsNginx, 'shellscript');
    await fixedByBuffer;
    const verdict = (await server.connection.sendRequest(runtimeVerdictMethod, {
      textDocument: { uri },
    })) as RuntimeVerdictResult;
    assert.equal(verdict.verdict?.pid1?.program, 'nginx');

    // Closing the buffer without saving: the disk counts again.
    const back = server.diagnostics(uri, (d) => ignoresStop(d) && intoScript(d));
    server.close(scriptUri);
    await back;

    // Saved elsewhere (git checkout, another editor): a watched-file event re-lints.
    writeFileSync(path.join(ws.dir, 'entrypoint.sh'), execsNginx);
    const fixedOnDisk = server.diagnostics(uri, (d) => !ignoresStop(d) && !intoScript(d));
    void server.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: scriptUri, type: 2 }],
    });
    await fixedOnDisk;
    server.close(uri);
  });

  test('seed 000: a start script that backgrounds java and polls is reported, pointing into it', async () => {
    const ws = workspace({
      Dockerfile: seed000Dockerfile,
      'start.sh': seed000Script,
    });
    dirs.push(ws.dir);
    const uri = ws.uri('Dockerfile');
    const published = server.diagnostics(uri, has('entrypoint-script-background'));
    server.open(uri, seed000Dockerfile);
    const d = (await published).find((x) => x.code === 'entrypoint-script-background')!;
    assert.ok(
      (d.relatedInformation ?? []).some((r) => r.location.uri === ws.uri('start.sh')),
      JSON.stringify(d.relatedInformation),
    );
    server.close(uri);
  });

  test('a fix may edit the entrypoint script: the workspace edit reaches that file', async () => {
    const dockerfile =
      'FROM debian:12\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n';
    const script = '#!/bin/sh\nset -e\necho starting\nnode /app/server.js\n';
    const ws = workspace({ Dockerfile: dockerfile, 'entrypoint.sh': script });
    dirs.push(ws.dir);
    const uri = ws.uri('Dockerfile');
    const scriptUri = ws.uri('entrypoint.sh');
    const published = server.diagnostics(uri, (x) => x.length > 0);
    server.open(uri, dockerfile);
    const diagnostics = await published;
    const actions = (
      await Promise.all(diagnostics.map((d) => server.codeActions(uri, d.range, [d])))
    ).flat();
    const scriptFix = actions.find((a) => editsFor(a.edit, scriptUri).length > 0);
    assert.ok(scriptFix, JSON.stringify(actions.map((a) => [a.title, a.edit])));
    const fixedScript = applyEdits(script, editsFor(scriptFix.edit, scriptUri));
    assert.match(fixedScript, /exec node \/app\/server\.js/);
    // Apply it as VS Code would (an open buffer): the script no longer stays PID 1, so the
    // finding about it (related to the script) disappears and node is PID 1.
    const intoScript = (d: Diagnostic[]) =>
      d.some((x) => (x.relatedInformation ?? []).some((r) => r.location.uri === scriptUri));
    assert.ok(intoScript(diagnostics));
    const fixed = server.diagnostics(uri, (d) => !intoScript(d));
    server.open(scriptUri, fixedScript, 'shellscript');
    await fixed;
    const verdict = (await server.connection.sendRequest(runtimeVerdictMethod, {
      textDocument: { uri },
    })) as RuntimeVerdictResult;
    assert.equal(verdict.verdict?.pid1?.program, 'node');
    server.close(scriptUri);
    server.close(uri);
    assert.equal(readFileSync(path.join(ws.dir, 'entrypoint.sh'), 'utf8'), script);
  });

  test('malformed, binary and huge documents do not crash or hang the server', async () => {
    const ws = workspace({});
    dirs.push(ws.dir);
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed);
    const binary = Array.from({ length: 20000 }, () => String.fromCharCode(random() % 256)).join(
      '',
    );
    const inputs: Record<string, string> = {
      'a.Dockerfile': 'FROM\nCMD ["node", \nENTRYPOINT [\n',
      'b.Dockerfile': 'FROM debian:12\nRUN <<EOF\necho never closed\n',
      'c.Dockerfile': '\\\n'.repeat(5000) + 'CMD \\\n',
      'd.Dockerfile': binary,
      'e.Dockerfile': '# escape=`\nFROM alpine\nCMD `\n`\n',
      'f.Dockerfile': `FROM debian:12\n${'RUN echo x \\\n  && echo y\n'.repeat(20000)}CMD node a.js\n`,
      'compose.yaml': 'services: [\n  {{{{\n: - ]\n' + binary.slice(0, 2000),
      'docker-compose.yml': '&a [*a, *a]\n'.repeat(1000),
    };
    for (const [name, text] of Object.entries(inputs)) {
      const uri = ws.uri(name);
      const published = server.diagnostics(uri, () => true, 30000);
      server.open(uri, text, name.endsWith('yml') || name.endsWith('yaml') ? 'yaml' : 'dockerfile');
      await published;
      await server.hover(uri, { line: 1, character: 3 });
      await server.codeLens(uri);
      await server.codeActions(
        uri,
        { start: { line: 0, character: 0 }, end: { line: 9999, character: 0 } },
        [],
      );
      server.close(uri);
    }
    // A document bigger than the server analyses: answered, not analysed, and said so.
    const hugeUri = ws.uri('huge.Dockerfile');
    const huge = server.diagnostics(hugeUri, () => true, 30000);
    server.open(hugeUri, 'FROM debian:12\n' + '# filler\n'.repeat(600000));
    const [notice, ...others] = await huge;
    assert.deepEqual(others, []);
    assert.equal(notice.severity, 3); // Information
    assert.match(notice.message as string, /5\.1 MiB, larger than the 1\.0 MiB .* not analysed/);
    server.close(hugeUri);
    assert.equal(server.child.exitCode, null, 'server still running');
    // And it still works.
    const uri = ws.uri('Dockerfile');
    const ok = server.diagnostics(uri, has('shell-pid1'));
    server.open(uri, shellFormNode);
    await ok;
  });
});

describe('language server settings', () => {
  test('initializationOptions turn a rule off (no workspace/configuration support)', async () => {
    const server = await startTestServer({
      initializationOptions: { rules: { 'shell-pid1': 'off' } },
    });
    try {
      const uri = 'file:///tmp/cdoc-settings-a/Dockerfile';
      const published = server.diagnostics(uri);
      server.open(uri, shellFormNode);
      assert.ok(lacks('shell-pid1')(await published));
      // A pushed didChangeConfiguration turns it back on, without a restart.
      const back = server.diagnostics(uri, has('shell-pid1'));
      void server.connection.sendNotification('workspace/didChangeConfiguration', {
        settings: { containerDoctor: { rules: {} } },
      });
      await back;
    } finally {
      await server.stop();
    }
  });

  test('the first diagnostics of a document opened at start-up already follow the pulled settings', async () => {
    const server = await startTestServer({
      pullConfiguration: true,
      settings: { rules: { 'shell-pid1': 'off' } },
      env: { CDOC_DEBOUNCE_MS: '150' },
    });
    try {
      const uri = 'file:///tmp/cdoc-settings-first/Dockerfile';
      const first = server.diagnostics(uri); // the first publish, whatever it holds
      server.open(uri, shellFormNode);
      const codes = (await first).map((d) => d.code);
      assert.ok(!codes.includes('shell-pid1'), codes.join(', '));
      assert.ok(server.configurationRequests >= 1);
    } finally {
      await server.stop();
    }
  });

  test('pulled settings change a severity, then turn the rule and the CodeLens off on change', async () => {
    const server = await startTestServer({
      pullConfiguration: true,
      settings: { rules: { 'shell-pid1': 'error' } },
    });
    try {
      const uri = 'file:///tmp/cdoc-settings-b/Dockerfile';
      const asError = server.diagnostics(uri, (d) =>
        d.some((x) => x.code === 'shell-pid1' && x.severity === 1),
      );
      server.open(uri, shellFormNode);
      await asError;
      assert.ok(server.configurationRequests >= 1);
      assert.equal((await server.codeLens(uri)).length, 1);

      server.settings.current = { rules: { 'shell-pid1': 'off' }, verdict: { codeLens: false } };
      const off = server.diagnostics(uri, lacks('shell-pid1'));
      void server.connection.sendNotification('workspace/didChangeConfiguration', {
        settings: null,
      });
      await off;
      assert.deepEqual(await server.codeLens(uri), []);
    } finally {
      await server.stop();
    }
  });
});

describe('node-ipc transport (how the VS Code client starts the server)', () => {
  test('diagnostics and the verdict request over the fork() channel', async () => {
    const server = await startTestServer({ transport: 'ipc' });
    try {
      const uri = 'file:///tmp/cdoc-ipc/Dockerfile';
      const published = server.diagnostics(uri, has('shell-pid1'));
      server.open(uri, shellFormNode);
      await published;
      const result = (await server.connection.sendRequest(runtimeVerdictMethod, {
        textDocument: { uri },
      })) as RuntimeVerdictResult;
      assert.equal(result.verdict?.pid1?.program, 'sh');
    } finally {
      await server.stop();
    }
  });
});

describe('debounce', () => {
  test('a burst of edits is analysed once it settles: no stale diagnostics are published', async () => {
    const server = await startTestServer({ env: { CDOC_DEBOUNCE_MS: '150' } });
    try {
      const uri = 'file:///tmp/cdoc-burst/Dockerfile';
      const seen: number[] = [];
      server.connection.onNotification(
        'textDocument/publishDiagnostics',
        (p: { uri: string; version?: number }) => {
          if (p.uri === uri && p.version !== undefined) seen.push(p.version);
        },
      );
      server.open(uri, 'FROM debian:12\n');
      for (let i = 0; i < 30; i++)
        server.change(uri, [
          {
            range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
            text: i === 29 ? 'CMD node server.js\n' : '#\n',
          },
        ]);
      await new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const poll = setInterval(() => {
          if (seen.includes(31) || Date.now() - started > 10000) {
            clearInterval(poll);
            if (seen.includes(31)) resolve();
            else reject(new Error(`version 31 never published: ${seen.join(',')}`));
          }
        }, 10);
      });
      // Each insertion went to line 1, so the CMD of the last one is on line 1.
      assert.ok(
        seen.every((v) => v === 1 || v === 31),
        `published versions: ${seen.join(',')}`,
      );
      const lenses = await server.codeLens(uri);
      assert.equal(lenses[0]?.range.start.line, 1);
    } finally {
      await server.stop();
    }
  });
});

describe('analysis time is bounded', () => {
  test('an analysis over its time limit is abandoned and the server goes on', async () => {
    // 1 ms: even starting the worker takes longer, so the first analysis is abandoned.
    const server = await startTestServer({ env: { CDOC_ANALYSIS_TIMEOUT_MS: '1' } });
    try {
      const uri = 'file:///tmp/cdoc-timeout/Dockerfile';
      const published = server.diagnostics(uri);
      server.open(uri, shellFormNode);
      const [notice, ...findings] = await published;
      assert.deepEqual(findings, []);
      assert.match(notice.message as string, /stopped analysing this file after 0\.001 s/);
      assert.ok(
        server.logs.some((l) => /took more than 1 ms; abandoned/.test(l)),
        server.logs.join('\n'),
      );
      assert.equal(await server.hover(uri, { line: cmdLine, character: 1 }), null);
      assert.equal(server.child.exitCode, null);
    } finally {
      await server.stop();
    }
  });
});

describe('the bundled server, laid out as the package ships it', () => {
  // Built here with esbuild into <tmp>/dist/server.js beside <tmp>/docs (a link to the rule
  // pages), as in the VSIX: not into the shared dist/, which other runs may be using.
  let bundle = '';
  let packageRoot = '';
  before(async () => {
    packageRoot = mkdtempSync(path.join(tmpdir(), 'cdoc-package-'));
    bundle = path.join(packageRoot, 'dist', 'server.js');
    const esbuild = await import('esbuild');
    // The shipped bundles' own options (aliases, stubs, externals), written elsewhere: the
    // server, its analysis worker, and the shell parser and the YAML library it loads on
    // first use.
    const { bundleOptions } = await import('../../../scripts/bundles.mjs');
    for (const { options } of bundleOptions({ outdir: path.dirname(bundle) }).filter((b) =>
      ['server', 'server-main', 'analysis-worker', 'analysis-job', 'shell-parser', 'yaml'].includes(
        b.name,
      ),
    ))
      await esbuild.build({ ...options, sourcemap: false, logLevel: 'error' });
    symlinkSync(path.join(repoRoot, 'docs'), path.join(packageRoot, 'docs'));
  });
  after(() => rmSync(packageRoot, { recursive: true, force: true }));

  test('server and analysis worker bundles work together; rule links resolve from dist/../docs/rules', async () => {
    const server = await startTestServer({ mode: 'bundle', bundle });
    try {
      const composeUri = 'file:///tmp/cdoc-bundle/compose.yaml';
      const composed = server.diagnostics(composeUri, has('compose-no-memory-limit'));
      server.open(composeUri, 'services:\n  db:\n    image: postgres:16\n', 'dockercompose');
      const c = (await composed).find((x) => x.code === 'compose-no-memory-limit')!;
      assert.equal(
        c.codeDescription?.href,
        pathToFileURL(path.join(packageRoot, 'docs', 'rules', 'compose-no-memory-limit.md')).href,
      );
      const uri = 'file:///tmp/cdoc-bundle/Dockerfile';
      const published = server.diagnostics(uri, has('shell-pid1'));
      server.open(uri, shellFormNode);
      const d = (await published).find((x) => x.code === 'shell-pid1')!;
      assert.equal(
        d.codeDescription?.href,
        pathToFileURL(path.join(packageRoot, 'docs', 'rules', 'shell-pid1.md')).href,
      );
      const lenses = await server.codeLens(uri);
      assert.equal(lenses.length, 1);
      assert.match(lenses[0].command?.title ?? '', /^PID 1: /);
      // Shell text that is more than one simple command: the worker loads mvdan-sh from its
      // own file.
      const redirected = 'file:///tmp/cdoc-bundle/redirected/Dockerfile';
      const parsed = server.diagnostics(redirected, has('shell-pid1'));
      server.open(
        redirected,
        'FROM debian:12\nCMD cd /app && node server.js > /var/log/app.log 2>&1\n',
      );
      await parsed;
      assert.deepEqual(server.logs, []);
    } finally {
      await server.stop();
    }
  });
});
