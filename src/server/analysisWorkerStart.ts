// The analysis worker's entry (dist/analysis-worker.js): V8's code cache first, then the
// engine (dist/analysis-job.js, built from ./analysisJob), whose exports it passes on for the
// server's in-process fallback. A worker thread is ended without an `exit` event of its own,
// so the cache is also written 3 s after the worker starts (../shared/code-cache).
import { useCodeCache } from '../shared/code-cache';
import { useParseStore } from '../shared/parse-store';

useCodeCache({ bundleDir: __dirname, writeAfterMs: 3000 });
// Parses of earlier sessions (../shared/parse-store); a worker has no exit event.
useParseStore({ writeAfterMs: 2000, maxNewEntries: 64 });
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the cache is in place
module.exports = require('./analysisJob');
