// Size limits over the protocol (a real server process over stdio): a compose file too large
// to analyse is answered with an Information diagnostic that says so, not with silence, and
// the documents beside it are still analysed.
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
});
