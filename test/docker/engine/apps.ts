// Small apps the real-image tests build: each prints READY once its signal handling is in
// place (so a stop is never raced against start-up), and nothing else matters about them.

/**
 * Node HTTP server; with `handler`, SIGTERM logs `stopping`, then after `cleanupMs` (a
 * shutdown that takes time, like closing connections) logs `stopped cleanly` and exits 0.
 * Prints its V8 heap limit when ready.
 */
export function nodeServer(handler: boolean, cleanupMs = 0): string {
  return [
    "const http = require('http');",
    "const v8 = require('v8');",
    "const server = http.createServer((req, res) => res.end('ok'));",
    ...(handler
      ? [
          "process.on('SIGTERM', () => {",
          "  console.log('stopping');",
          '  server.close();',
          '  setTimeout(() => {',
          "    console.log('stopped cleanly');",
          '    process.exit(0);',
          `  }, ${cleanupMs});`,
          '});',
        ]
      : []),
    'server.listen(8080, () => {',
    "  console.log('READY heap_size_limit=' + v8.getHeapStatistics().heap_size_limit);",
    '});',
    '',
  ].join('\n');
}

/** Node server that leaves orphans: each tick a `sh -c 'sleep 0.05 &'` whose sleep outlives sh. */
export const nodeOrphanSpawner = [
  "const { spawn } = require('child_process');",
  "const http = require('http');",
  'let n = 0;',
  'const timer = setInterval(() => {',
  "  spawn('/bin/sh', ['-c', 'sleep 0.05 & exit 0'], { stdio: 'ignore' });",
  '  if (++n === 20) {',
  '    clearInterval(timer);',
  "    console.log('READY spawned=' + n);",
  '  }',
  '}, 10);',
  "http.createServer((req, res) => res.end('ok')).listen(8080);",
  '',
].join('\n');

export const npmPackage = JSON.stringify(
  { name: 'lab-app', version: '1.0.0', private: true, scripts: { start: 'node server.js' } },
  null,
  2,
);

/** Python loop; with `handler`, it ends on SIGTERM (exit 0). */
export function pythonApp(handler: boolean): string {
  return [
    'import signal, sys, time',
    ...(handler ? ['signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))'] : []),
    "print('READY', flush=True)",
    'while True:',
    '    time.sleep(1)',
    '',
  ].join('\n');
}

/**
 * Java app (run as a single source file: `java /app/Main.java`, the JRE has jdk.compiler):
 * an HTTP server on 8080, prints the heap limit the JVM chose; the JVM ends on TERM (143).
 */
export const javaMain = [
  'import com.sun.net.httpserver.HttpServer;',
  'import java.net.InetSocketAddress;',
  'public class Main {',
  '  public static void main(String[] args) throws Exception {',
  '    HttpServer server = HttpServer.create(new InetSocketAddress(8080), 0);',
  '    server.createContext("/", exchange -> {',
  '      byte[] body = "ok".getBytes();',
  '      boolean head = "HEAD".equals(exchange.getRequestMethod());',
  '      exchange.sendResponseHeaders(200, head ? -1 : body.length);',
  '      if (!head) exchange.getResponseBody().write(body);',
  '      exchange.close();',
  '    });',
  '    server.start();',
  '    System.out.println("READY maxMemory=" + Runtime.getRuntime().maxMemory());',
  '  }',
  '}',
  '',
].join('\n');

/**
 * A shell service: its worker runs in the background, a trap forwards TERM to it, the
 * script waits (the pattern the engine knows as graceful). Ends at once on TERM (exit 143).
 */
export const forwardingService = [
  '#!/bin/sh',
  'sleep 1000 &',
  'worker=$!',
  'trap \'echo stopping; kill -TERM "$worker"\' TERM',
  'echo READY',
  'wait "$worker"',
  '',
].join('\n');

/** The maximum heap a READY line reports (Java maxMemory or V8 heap_size_limit). */
export function reportedHeap(logs: string): number {
  const m = /READY (?:maxMemory|heap_size_limit)=(\d+)/.exec(logs);
  if (!m) throw new Error(`no heap figure in logs:\n${logs}`);
  return Number(m[1]);
}
