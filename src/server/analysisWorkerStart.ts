// The analysis worker's entry (dist/analysis-worker.js): V8's code cache first, then the
// engine (dist/analysis-job.js, built from ./analysisJob), whose exports it passes on for the
// server's in-process fallback. A worker thread is ended without an `exit` event of its own,
// so the cache is also written 3 s after the worker starts (../shared/code-cache).
import { useCodeCache } from '../shared/code-cache';
import { useShellParseStore } from '../shared/shell-parse-store';

useCodeCache({ bundleDir: __dirname, writeAfterMs: 3000 });
// Shell parses of earlier sessions (../shared/shell-parse-store); a worker has no exit event.
useShellParseStore({ writeAfterMs: 2000 });
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the cache is in place
module.exports = require('./analysisJob');
