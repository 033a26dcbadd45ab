// Size limits over the protocol (a real server process over stdio): a compose file too large
// to analyse is answered with an Information diagnostic that says so, not with silence, and
// the documents beside it are still analysed; a document with thousands of findings publishes
// the first 1,000 and a notice (6,400 diagnostics held the server's main thread, and so every
// other document's hover and diagnostics, for hundreds of milliseconds on each analysis).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startTestServer } from './lspClient';

describe('size limits', () => {
  test('a compose file of 50,000 services gets a "too large" notice; a Dockerfile beside it its findings', async () => {
    const server = await startTestServer();
    try {
      const lines = ['services:'];
      for (let i = 0; i < 50_000; i++)
        lines.push(`  svc${i}:`, '    image: node:20', '    command: npm start');
      const composeUri = 'file:///tmp/cdoc-limits/compose.yaml';
      const composeDiagnostics = server.diagnostics(composeUri, () => true, 30_000);
      server.open(composeUri, lines.join('\n') + '\n', 'dockercompose');
      const dockerfileUri = 'file:///tmp/cdoc-limits/app/Dockerfile';
      const dockerfileDiagnostics = server.diagnostics(dockerfileUri, (d) =>
        d.some((x) => x.code === 'shell-pid1'),
      );
      server.open(dockerfileUri, 'FROM debian:12\nCMD node server.js\n');

      const [notice, ...rest] = await composeDiagnostics;
      assert.deepEqual(rest, []);
      assert.equal(notice.severity, 3); // Information
      assert.equal(notice.source, 'container-doctor');
      assert.equal(notice.range.start.line, 0);
      assert.match(
        notice.message as string,
        /^This compose file is 2\.\d MiB, larger than the 256 KiB Container Doctor analyses, so it was not analysed/,
      );
      await dockerfileDiagnostics;
      assert.equal(server.child.exitCode, null);
    } finally {
      await server.stop();
    }
  });

  test('a compose file with 1,200 findings publishes the first 1,000 and says so', async () => {
    const server = await startTestServer();
    try {
      const lines = ['services:'];
      for (let i = 0; i < 600; i++)
        lines.push(`  svc${i}:`, '    image: node:20', '    command: npm start');
      const composeUri = 'file:///tmp/cdoc-limits-many/compose.yaml';
      const published = server.diagnostics(composeUri, (d) => d.length > 0, 60_000);
      server.open(composeUri, lines.join('\n') + '\n', 'dockercompose');
      const [notice, ...findings] = await published;
      assert.equal(notice.severity, 3); // Information
      assert.equal(notice.range.start.line, 0);
      assert.equal(
        notice.message,
        'This file has 1,200 findings; Container Doctor shows the first 1,000 here. `container-doctor lint` on the file lists them all.',
      );
      assert.equal(findings.length, 1000);
      // The first ones found: two per service, so those of the first 500 services (3 lines each).
      const lastLine = Math.max(...findings.map((d) => d.range.start.line));
      assert.ok(lastLine > 1400 && lastLine <= 1500, `last finding on line ${lastLine}`);
      assert.equal(server.child.exitCode, null);
    } finally {
      await server.stop();
    }
  });
});
