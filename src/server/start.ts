// The language server's entry (dist/server.js): V8's code cache first, so the server itself
// (dist/server-main.js, built from ./main) compiles from the cache of an earlier start
// (../shared/code-cache; measured in `npm run bench -- startup`). From sources (tsx) this
// simply loads ./main.
import { isMainThread } from 'node:worker_threads';
import { useCodeCache } from '../shared/code-cache';
import { useParseStore } from '../shared/parse-store';

// The server is long-lived: write the cache once the handshake and the first analyses ran.
if (isMainThread) {
  useCodeCache({ bundleDir: __dirname, writeAfterMs: 3000 });
  useParseStore({ writeAfterMs: 2000, maxNewEntries: 64 });
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the cache is in place
require('./main');
