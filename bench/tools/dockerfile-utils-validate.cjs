// The peer of `container-doctor lint --format json ONE_FILE` in the start-up bench
// (bench/startup.bench.ts): a fresh node process that lints one Dockerfile with
// dockerfile-utils' `validate` and prints the result as JSON. Plain CommonJS, as a user's
// script would be: no TypeScript loader in the timed process.
/* eslint-disable @typescript-eslint/no-require-imports */
const { validate } = require('dockerfile-utils');
const text = require('node:fs').readFileSync(process.argv[2], 'utf8');
process.stdout.write(JSON.stringify(validate(text)) + '\n');
