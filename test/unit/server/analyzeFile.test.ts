// `containerDoctor/analyzeFile` over the protocol: the VS Code extension asks the running
// server for a file's analysis instead of bundling the engine. A real server over stdio.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  analyzeFileMethod,
  type AnalyzeFileParams,
  type AnalyzeFileResult,
} from '../../../src/server/protocol';
import { startTestServer, type ServerUnderTest } from './lspClient';

const shellFormNode = 'FROM debian:12\nWORKDIR /app\nCOPY . .\nCMD node server.js\n';
const scriptDockerfile =
  'FROM nginx:1.27\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n';
const scriptStaysPid1 = '#!/bin/sh\nset -e\nnginx -g "daemon off;"\n';
const scriptExecsNginx = '#!/bin/sh\nset -e\nexec nginx -g "daemon off;"\n';

describe('containerDoctor/analyzeFile', () => {
  let server: ServerUnderTest;
  const dirs: string[] = [];
  const workspace = (files: Record<string, string>) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cdoc-analyze-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    return { dir, uri: (name: string) => pathToFileURL(path.join(dir, name)).href };
  };
  const analyze = (params: AnalyzeFileParams) =>
    server.connection.sendRequest(analyzeFileMethod, params) as Promise<AnalyzeFileResult>;

  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  test('a Dockerfile that is not open is read from disk and analysed', async () => {
    const ws = workspace({ Dockerfile: shellFormNode });
    const analysis = await analyze({ uri: ws.uri('Dockerfile') });
    assert.ok(analysis);
    assert.equal(analysis.kind, 'dockerfile');
    assert.equal(analysis.path, path.join(ws.dir, 'Dockerfile'));
    assert.equal(analysis.runtime?.viaShell, true);
    assert.deepEqual(
      analysis.commandRanges.map((r) => r.start.line),
      [3],
    );
    assert.ok(analysis.findings.some((f) => f.rule === 'shell-pid1'));
  });

  test('the same findings the server publishes for the open document', async () => {
    const ws = workspace({ Dockerfile: shellFormNode });
    const uri = ws.uri('Dockerfile');
    const published = server.diagnostics(uri, (d) => d.length > 0);
    // The buffer differs from the disk (exec form): the buffer is what counts.
    const buffer = 'FROM debian:12\nCMD ["node", "server.js"]\n';
    server.open(uri, buffer);
    const diagnostics = await published;
    const analysis = await analyze({ uri });
    assert.ok(analysis);
    assert.equal(analysis.runtime?.viaShell, false);
    assert.ok(!analysis.findings.some((f) => f.rule === 'shell-pid1'));
    assert.deepEqual(
      analysis.findings.map((f) => f.rule).sort(),
      diagnostics.map((d) => String(d.code)).sort(),
    );
    server.close(uri);
  });

  test('the build context: an entrypoint script, its open buffer preferred over the disk', async () => {
    const ws = workspace({ Dockerfile: scriptDockerfile, 'entrypoint.sh': scriptStaysPid1 });
    const uri = ws.uri('Dockerfile');
    const fromDisk = await analyze({ uri });
    assert.ok(fromDisk?.findings.some((f) => f.rule === 'pid1-ignores-sigterm'));
    assert.notEqual(fromDisk?.runtime?.pid1?.program, 'nginx');

    server.open(ws.uri('entrypoint.sh'), scriptExecsNginx, 'shellscript');
    const fromBuffer = await analyze({ uri });
    assert.equal(fromBuffer?.runtime?.pid1?.program, 'nginx');
    assert.ok(!fromBuffer?.findings.some((f) => f.rule === 'pid1-ignores-sigterm'));
    server.close(ws.uri('entrypoint.sh'));
  });

  test('contextDir: a Dockerfile outside its build context (compose build.context)', async () => {
    const ws = workspace({
      'docker/web.Dockerfile': scriptDockerfile,
      'entrypoint.sh': scriptExecsNginx,
    });
    const uri = ws.uri('docker/web.Dockerfile');
    const ownFolder = await analyze({ uri });
    const inContext = await analyze({ uri, contextDir: ws.dir });
    assert.equal(inContext?.runtime?.pid1?.program, 'nginx');
    assert.notDeepEqual(ownFolder?.runtime?.pid1, inContext?.runtime?.pid1);
  });

  test('null for what the server does not lint, for missing files and bad params', async () => {
    const ws = workspace({ 'notes.yaml': 'a: 1\n' });
    assert.equal(await analyze({ uri: ws.uri('notes.yaml'), languageId: 'yaml' }), null);
    assert.equal(await analyze({ uri: ws.uri('missing/Dockerfile') }), null);
    assert.equal(await analyze({ uri: 'untitled:Untitled-1' }), null);
    assert.equal(await server.connection.sendRequest(analyzeFileMethod, { nothing: true }), null);
    // A compose file by name is analysed as compose.
    const compose = workspace({ 'compose.yaml': 'services:\n  web:\n    image: node:20\n' });
    const analysis = await analyze({ uri: compose.uri('compose.yaml') });
    assert.equal(analysis?.kind, 'compose');
  });
});
