// The environment the language server process starts with: the editor's own, less the
// variables that only configure TLS. Node reads NODE_EXTRA_CA_CERTS when the process starts,
// not when a TLS connection is first made: it parses the file and builds a store of every
// root certificate before any code runs. Measured on Node 20 with Debian's
// /etc/ssl/certs/ca-certificates.crt (the file corporate proxies and CI images point it at):
// `node -e 0` 110 ms with the variable, 65 ms without (bench `startup`, floor rows). The
// server reads files and talks LSP over IPC; it opens no network connection (its bundles
// load no tls, https or http2 module: test/unit/bundle/bundles.test.ts), so the variable
// could only cost it time.
import type { ForkOptions } from 'node:child_process';

/** Variables the server process does not need; `undefined` removes one from a fork's env. */
export const tlsOnlyVariables = ['NODE_EXTRA_CA_CERTS'] as const;

/**
 * The `env` to fork the language server with. vscode-languageclient merges it over the
 * editor's environment, and child_process leaves out a variable whose value is undefined.
 */
export function languageServerEnvironment(): NonNullable<ForkOptions['env']> {
  const env: NodeJS.ProcessEnv = {};
  for (const name of tlsOnlyVariables) env[name] = undefined;
  return env;
}
