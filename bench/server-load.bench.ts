// The language server under load: does one pathological document delay the others?
// Spawns the real built server (dist/server.js, built first with scripts/build.mjs) over
// stdio, opens a few ordinary Dockerfiles from the corpus and one pathological document (a
// huge compose file, or a Dockerfile with a pasted 200 KB block), drives seeded random edits
// into all of them, and measures, for the ordinary Dockerfiles only, the time from an edit to
// its diagnostics and the time a hover takes; and the server process's RSS (main thread and
// analysis workers) before, during and after (every document closed), with the server's own
// account of where it is (containerDoctor/memoryUsage: main-thread heap, external memory,
// workers alive). Each scenario runs twice: with the server as shipped, and with
// CDOC_ANALYSIS_LEGACY=1 (the behaviour before the per-document scheduler: one analysis
// worker, every version analysed in turn, one 4 Mi-character limit for every kind, every
// finding published).
//
//   npm run bench -- server-load          (BENCH_QUICK=1: 8 s of edits per run instead of 25)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { MemoryUsageRequest, type MemoryUsageResult } from '../src/server/protocol';
import { startTestServer, type ServerUnderTest } from '../test/unit/server/lspClient';
import { corpusDir } from './lib/corpus';
import { fmtMs, percentile, preferCpu, table, verdict } from './lib/measure';

const root = new URL('..', import.meta.url).pathname;
const quick = process.env.BENCH_QUICK === '1';
const editSeconds = quick ? 8 : 25;
const goalMs = 300;

/** A seeded RNG (LCG), so that every run makes the same edits. */
function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff), s / 0x7fffffff);
}

/** Compose services, four lines each: image, command (npm, no init), stop grace period. */
function composeServices(count: number): string {
  const out = ['services:'];
  for (let i = 0; i < count; i++)
    out.push(
      `  svc${i}:`,
      `    image: node:20`,
      `    command: npm start`,
      `    stop_grace_period: 5s`,
    );
  return out.join('\n') + '\n';
}

/** A Dockerfile into which a 200 KB block of RUN lines was pasted (one install per line). */
function pastedBlock(kb: number): string {
  const out = ['FROM node:20'];
  for (let i = 0, size = 0; size < kb * 1024; i++) {
    const line = `RUN echo "step ${i}" && npm install package-${i} --save && rm -rf /tmp/cache-${i}`;
    out.push(line);
    size += line.length + 1;
  }
  out.push('CMD npm start');
  return out.join('\n') + '\n';
}

interface Scenario {
  name: string;
  /** The pathological document: its file name, language and text. */
  file: string;
  languageId: string;
  text: string;
  /** One random edit of it (same shape, new text). */
  edit: (random: () => number) => TextDocumentContentChangeEvent;
}
const composeScenario = (services: number): Scenario => {
  const text = composeServices(services);
  const size = (text.length / 1024).toFixed(0);
  return {
    name: `compose of ${services.toLocaleString('en')} services (${size} KiB)`,
    file: 'compose.yaml',
    languageId: 'dockercompose',
    text,
    // Change one service's image line.
    edit: (random) => {
      const line = 2 + Math.floor(random() * services) * 4;
      return {
        range: { start: { line, character: 0 }, end: { line, character: 18 } },
        text: `    image: node:${18 + Math.floor(random() * 5)}`,
      };
    },
  };
};
const pastedScenario = (kb: number): Scenario => {
  const text = pastedBlock(kb);
  const lines = text.split('\n').length - 1;
  return {
    name: `Dockerfile with a pasted ${kb} KB block (${(text.length / 1024).toFixed(0)} KiB)`,
    file: 'pasted/Dockerfile',
    languageId: 'dockerfile',
    text,
    // Change one pasted line's step number (the line keeps its length).
    edit: (random) => {
      const line = 1 + Math.floor(random() * (lines - 2));
      return {
        range: { start: { line, character: 0 }, end: { line, character: 3 } },
        text: random() < 0.5 ? 'RUN' : 'run',
      };
    },
  };
};
const scenarios: Scenario[] = [
  // Over the compose size limit: the shipped server says so and does not analyse it.
  composeScenario(50_000),
  // Just under the limit: analysed, each analysis far over the budget, 6,400 findings.
  composeScenario(3_200),
  // A Dockerfile far larger than any real one (analysed: under the 1 MiB limit).
  pastedScenario(200),
];

interface Ordinary {
  uri: string;
  text: string;
  /** Line of the last CMD/ENTRYPOINT (hover there), before our edit line. */
  commandLine: number;
  version: number;
  /** An inserted comment line at the top (toggled by each edit). */
  edited: boolean;
  waiting?: { version: number; sentAt: number };
}

interface RunResult {
  diagnostics: number[];
  hovers: number[];
  hoverFailures: number;
  rssBefore: number;
  rssDuring: number;
  rssAfterClose: number;
  rssAfterIdle: number;
  /** The pathological document's Information notice (too large, too many findings). */
  notice: string;
  edits: number;
  /** The server's own account (main thread heap, external, workers) at each point. */
  memory: Record<'before' | 'during' | 'afterClose' | 'afterIdle', MemoryUsageResult | undefined>;
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** The server's own account of its memory (undefined from a server without the request). */
function memoryOf(server: ServerUnderTest): Promise<MemoryUsageResult | undefined> {
  return server.connection.sendRequest(MemoryUsageRequest.method).then(
    (m) => m as MemoryUsageResult,
    () => undefined,
  );
}

const mib = (bytes: number | undefined) =>
  bytes === undefined ? '-' : (bytes / 1024 / 1024).toFixed(0);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function ordinaryDocuments(dir: string): Ordinary[] {
  const names = [
    'node-debian.Dockerfile',
    'python-slim.Dockerfile',
    'spring-boot-start-script.Dockerfile',
    'puppeteer-npm.Dockerfile',
  ];
  return names.map((name, i) => {
    const text = readFileSync(join(corpusDir, name), 'utf8');
    const lines = text.split('\n');
    let commandLine = lines.length - 1;
    while (commandLine > 0 && !/^(CMD|ENTRYPOINT)\b/.test(lines[commandLine])) commandLine--;
    const sub = join(dir, `app${i}`);
    execFileSync('mkdir', ['-p', sub]);
    return {
      uri: pathToFileURL(join(sub, 'Dockerfile')).href,
      text,
      commandLine,
      version: 1,
      edited: false,
    };
  });
}

async function run(scenario: Scenario, serial: boolean): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cdoc-server-load-'));
  const server: ServerUnderTest = await startTestServer({
    mode: 'bundle',
    env: {
      CDOC_DEBOUNCE_MS: '150', // the shipped default, not the tests' 20 ms
      CDOC_ANALYSIS_LEGACY: serial ? '1' : '0',
    },
  });
  const pid = server.child.pid!;
  const random = rng(20261203);
  const docs = ordinaryDocuments(dir);
  execFileSync('mkdir', ['-p', join(dir, 'pasted')]);
  const badUri = pathToFileURL(join(dir, scenario.file)).href;
  const result: RunResult = {
    diagnostics: [],
    hovers: [],
    hoverFailures: 0,
    rssBefore: 0,
    rssDuring: 0,
    rssAfterClose: 0,
    rssAfterIdle: 0,
    notice: '',
    edits: 0,
    memory: { before: undefined, during: undefined, afterClose: undefined, afterIdle: undefined },
  };
  const firstPublished = new Map<string, () => void>();
  server.connection.onNotification(
    'textDocument/publishDiagnostics',
    (p: PublishDiagnosticsParams) => {
      firstPublished.get(p.uri)?.();
      if (p.uri === badUri && p.diagnostics[0]?.severity === 3)
        result.notice = p.diagnostics[0].message as string;
      const doc = docs.find((d) => d.uri === p.uri);
      if (doc?.waiting && p.version === doc.waiting.version) {
        result.diagnostics.push(performance.now() - doc.waiting.sentAt);
        doc.waiting = undefined;
      }
    },
  );
  const published = (uri: string) =>
    new Promise<void>((resolve) => firstPublished.set(uri, resolve));
  try {
    // Before: the ordinary documents open and analysed.
    for (const d of docs) {
      const done = published(d.uri);
      server.open(d.uri, d.text);
      await done;
    }
    await sleep(1000);
    result.rssBefore = rssMiB(pid);
    result.memory.before = await memoryOf(server);

    // During: the pathological document open, random edits everywhere.
    server.open(badUri, scenario.text, scenario.languageId);
    const sampler = setInterval(() => {
      const rss = rssMiB(pid);
      if (rss <= result.rssDuring) return;
      result.rssDuring = rss;
      void memoryOf(server).then((m) => (result.memory.during = m));
    }, 250);
    const ends = performance.now() + editSeconds * 1000;
    const hovers: Promise<void>[] = [];
    while (performance.now() < ends) {
      const r = random();
      if (r < 0.4) {
        server.change(badUri, [scenario.edit(random)]);
        result.edits++;
      } else {
        const doc = docs[Math.floor(random() * docs.length)];
        if (r < 0.75 && !doc.waiting) {
          // An ordinary Dockerfile: add or remove a comment line at the top.
          doc.version++;
          server.change(doc.uri, [
            doc.edited
              ? {
                  range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } },
                  text: '',
                }
              : {
                  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
                  text: '# edited\n',
                },
          ]);
          doc.edited = !doc.edited;
          doc.waiting = { version: doc.version, sentAt: performance.now() };
        } else {
          const line = doc.commandLine + (doc.edited ? 1 : 0);
          const sentAt = performance.now();
          hovers.push(
            server.hover(doc.uri, { line, character: 1 }).then(
              (h) => {
                result.hovers.push(performance.now() - sentAt);
                if (!h) result.hoverFailures++;
              },
              () => void result.hoverFailures++,
            ),
          );
        }
      }
      await sleep(50 + random() * 150);
    }
    await Promise.all(hovers);
    // Edits still waiting for their diagnostics count with the time waited so far.
    const deadline = performance.now() + 15_000;
    while (docs.some((d) => d.waiting) && performance.now() < deadline) await sleep(50);
    for (const d of docs)
      if (d.waiting) result.diagnostics.push(performance.now() - d.waiting.sentAt);
    clearInterval(sampler);
    result.rssDuring = Math.max(result.rssDuring, rssMiB(pid));

    // After: every document closed.
    for (const d of docs) server.close(d.uri);
    server.close(badUri);
    await sleep(3000);
    result.rssAfterClose = rssMiB(pid);
    result.memory.afterClose = await memoryOf(server);
    await sleep(7000);
    result.rssAfterIdle = rssMiB(pid);
    result.memory.afterIdle = await memoryOf(server);
    return result;
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const priority = preferCpu(); // the server, spawned after this, inherits it
  console.log('server-load bench: building dist/server.js (node scripts/build.mjs)');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  console.log(
    `${editSeconds} s of seeded random edits per run (40 % to the pathological document, 35 % to one of 4 Dockerfiles, ` +
      `25 % hovers on their CMD), one edit every 50-200 ms; debounce 150 ms (shipped default; ` +
      `"diagnostics" is edit to publish, debounce included); node ${process.version}, ` +
      `load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs, ${priority}\n`,
  );

  const summary: (string | number)[][] = [];
  // BENCH_SCENARIO=3,200 (a part of a scenario's name) runs that scenario alone.
  const only = process.env.BENCH_SCENARIO;
  for (const scenario of scenarios.filter((s) => !only || s.name.includes(only))) {
    const results: Record<string, RunResult> = {};
    for (const [label, serial] of [
      ['before (legacy scheduling)', true],
      ['as shipped', false],
    ] as const)
      results[label] = await run(scenario, serial);
    const rows: (string | number)[][] = [];
    const stat = (values: number[]) => [
      fmtMs(percentile(values, 50)),
      fmtMs(percentile(values, 95)),
      fmtMs(Math.max(...values)),
    ];
    for (const [label, r] of Object.entries(results)) {
      rows.push([label, 'diagnostics', r.diagnostics.length, ...stat(r.diagnostics)]);
      rows.push([label, 'hover', r.hovers.length, ...stat(r.hovers)]);
    }
    console.log(`--- ${scenario.name} ---`);
    console.log(table(['server', 'other documents', 'n', 'p50 ms', 'p95 ms', 'max ms'], rows));
    console.log();
    console.log(
      table(
        [
          'server',
          'RSS MiB: before',
          'during (max)',
          '3 s after closing all',
          '10 s after',
          'edits',
        ],
        Object.entries(results).map(([label, r]) => [
          label,
          r.rssBefore.toFixed(0),
          r.rssDuring.toFixed(0),
          r.rssAfterClose.toFixed(0),
          r.rssAfterIdle.toFixed(0),
          r.edits,
        ]),
      ),
    );
    console.log();
    // Where the memory is: the main thread's V8 heap (used/total), what it holds outside the
    // heap, and the analysis workers alive (each has its own heap, counted in RSS only).
    const where = (m: MemoryUsageResult | undefined) =>
      m
        ? `${mib(m.heapUsed)}/${mib(m.heapTotal)} heap, ${mib(m.external)} ext, ` +
          `${m.workers.quick}+${m.workers.heavy} workers`
        : '-';
    console.log(
      table(
        ['server', 'main thread: before', 'at the RSS peak', '3 s after closing all', '10 s after'],
        Object.entries(results).map(([label, r]) => [
          label,
          where(r.memory.before),
          where(r.memory.during),
          where(r.memory.afterClose),
          where(r.memory.afterIdle),
        ]),
      ),
    );
    const shipped = results['as shipped'];
    if (shipped.notice) console.log(`notice on the pathological document: ${shipped.notice}`);
    if (shipped.hoverFailures) console.log(`hovers without an answer: ${shipped.hoverFailures}`);
    console.log();
    const p95 = Math.max(percentile(shipped.diagnostics, 95), percentile(shipped.hovers, 95));
    summary.push([
      scenario.name,
      `hover and diagnostics p95 <= ${goalMs} ms`,
      fmtMs(p95),
      verdict(p95 <= goalMs),
    ]);
    summary.push([
      scenario.name,
      'RSS 10 s after closing all within 20 % of before',
      `${shipped.rssAfterIdle.toFixed(0)} MiB (before ${shipped.rssBefore.toFixed(0)} MiB)`,
      verdict(shipped.rssAfterIdle <= shipped.rssBefore * 1.2),
    ]);
  }
  console.log('--- goals (as shipped) ---');
  console.log(table(['scenario', 'goal', 'measured', ''], summary));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
