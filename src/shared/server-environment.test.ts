import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { languageServerEnvironment } from './server-environment';

test('a server forked with languageServerEnvironment() merged over the editor env has no NODE_EXTRA_CA_CERTS, and keeps the rest', async (t) => {
  // The merge vscode-languageclient does for a forked module server: the editor's env, then
  // the options' env over it (node_modules/vscode-languageclient/lib/node/main.js).
  const editorEnv = {
    ...process.env,
    NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca.pem',
    CDOC_KEPT: 'yes',
  };
  const dir = mkdtempSync(join(tmpdir(), 'cdoc-server-env-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const server = join(dir, 'server.js');
  writeFileSync(
    server,
    'process.send({ ca: process.env.NODE_EXTRA_CA_CERTS ?? null, kept: process.env.CDOC_KEPT ?? null }, () => process.exit(0));\n',
  );
  const child = fork(server, [], {
    env: { ...editorEnv, ...languageServerEnvironment() },
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [message] = (await once(child, 'message')) as [{ ca: string | null; kept: string | null }];
  assert.deepEqual(message, { ca: null, kept: 'yes' });
});
