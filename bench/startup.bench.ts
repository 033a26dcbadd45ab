// Start-up: how soon a fresh process is ready, the way most people run a linter (a pre-commit
// hook, a CI step, an editor that spawns one per file). Builds the bundles first
// (scripts/build.mjs), then, whole process from spawn to exit:
//   - `container-doctor lint --format json ONE_FILE` against a four-line CommonJS script that
//     lints the same file with dockerfile-utils' `validate` (bench/tools/
//     dockerfile-utils-validate.cjs), in turn (A B A B …), for four Dockerfiles: exec form,
//     a shell form of plain words, a shell form with expansions and redirections, and an
//     entrypoint script (the shell parser, or its parses kept from an earlier run);
//   - `container-doctor --help` and `--version`, beside `node -e 0` (the floor: node itself);
// and the language server (dist/server.js) over real LSP stdio, as the extension starts it
// (without NODE_EXTRA_CA_CERTS, src/shared/server-environment.ts): spawn → `initialize`
// response, spawn → first `publishDiagnostics` of a Dockerfile opened right after
// `initialized`. Median, min and max of N runs timed directly; peak RSS and CPU from a few
// more runs under /usr/bin/time (GNU time, apt package `time`) when it is installed. Where
// NODE_EXTRA_CA_CERTS is set (CI images, corporate proxies), the CLI rows run again without
// it: Node parses that file at every start, ~45 ms here, for ours and the peer alike.
//
//   npm run bench -- startup            (BENCH_QUICK=1: 5 runs each instead of 21)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { languageServerEnvironment } from '../src/shared/server-environment';
import { fmtMs, percentile, preferCpu, table, verdict } from './lib/measure';

const root = new URL('..', import.meta.url).pathname;
const quick = process.env.BENCH_QUICK === '1';
const runs = quick ? 5 : 21;
const resourceRuns = quick ? 3 : 5;
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const goals = { lint: 120, helpVersion: 80, initialize: 150, firstDiagnostics: 250 };

interface Run {
  wallMs: number;
  /** Peak resident set of the process, KiB (GNU time), when measurable. */
  peakKiB?: number;
  cpuMs?: number;
  status: number | null;
}

/**
 * One whole process, spawn to exit; its output is read and dropped. The wall time is taken
 * without GNU time in between (its own fork and exec added ~9 ms to every run here); with
 * `resources`, the same command runs under /usr/bin/time for its peak RSS and CPU instead.
 */
function runOnce(argv: string[], env: NodeJS.ProcessEnv, resources = false): Run {
  const withTime = resources && gnuTime ? [gnuTime, '-f', '%M %U %S', ...argv] : argv;
  const start = process.hrtime.bigint();
  const r = spawnSync(withTime[0]!, withTime.slice(1), {
    cwd: root,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) throw r.error;
  const run: Run = { wallMs, status: r.status };
  if (resources && gnuTime) {
    const m = /(\d+) ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
    if (m) {
      run.peakKiB = Number(m[1]);
      run.cpuMs = (Number(m[2]) + Number(m[3])) * 1000;
    }
  }
  return run;
}

interface Summary {
  median: number;
  min: number;
  max: number;
  peakMiB: number | undefined;
  cpuMs: number | undefined;
  statuses: Set<number | null>;
}

function summarise(samples: Run[], measured: Run[]): Summary {
  const walls = samples.map((s) => s.wallMs);
  const peaks = measured.flatMap((s) => (s.peakKiB === undefined ? [] : [s.peakKiB]));
  const cpu = measured.flatMap((s) => (s.cpuMs === undefined ? [] : [s.cpuMs]));
  return {
    median: percentile(walls, 50),
    min: Math.min(...walls),
    max: Math.max(...walls),
    peakMiB: peaks.length ? percentile(peaks, 50) / 1024 : undefined,
    cpuMs: cpu.length ? percentile(cpu, 50) : undefined,
    statuses: new Set(samples.map((s) => s.status)),
  };
}

/**
 * The commands in turn (A B C A B C …) after one warm-up run each, for the wall time; then a
 * few runs each under GNU time for peak RSS and CPU.
 */
function alternate(commands: string[][], env: NodeJS.ProcessEnv = process.env): Summary[] {
  for (const c of commands) runOnce(c, env);
  const samples: Run[][] = commands.map(() => []);
  for (let i = 0; i < runs; i++) commands.forEach((c, j) => samples[j]!.push(runOnce(c, env)));
  const measured: Run[][] = commands.map(() => []);
  if (gnuTime)
    for (let i = 0; i < resourceRuns; i++)
      commands.forEach((c, j) => measured[j]!.push(runOnce(c, env, true)));
  return samples.map((s, j) => summarise(s, measured[j]!));
}

/** The environment less NODE_EXTRA_CA_CERTS (see src/shared/server-environment.ts). */
const withoutExtraCaCerts: NodeJS.ProcessEnv = { ...process.env };
delete withoutExtraCaCerts.NODE_EXTRA_CA_CERTS;

const node = process.execPath;
const serverEnv: NodeJS.ProcessEnv = { ...process.env, ...languageServerEnvironment() };
const cli = join(root, 'dist', 'cli.js');
const peer = join(root, 'bench', 'tools', 'dockerfile-utils-validate.cjs');
const files = [
  { label: 'exec-form CMD: no shell text', path: 'examples/alpine-node-heap/Dockerfile' },
  {
    label: 'shell-form `CMD node server.js`: plain words, read without the shell parser',
    path: 'examples/debian-node-shell/Dockerfile',
  },
  {
    label:
      'shell-form CMD with `$JAVA_OPTS` and redirections: one simple command, read without the shell parser',
    path: 'examples/ubi-java-heap/Dockerfile',
  },
  {
    label:
      'ENTRYPOINT start.sh, a script in the build context: the shell parser (mvdan-sh) loads on a first run; later runs read its parse from the store (src/shared/parse-store.ts)',
    path: 'examples/temurin-start-script/Dockerfile',
  },
];

function row(what: string, s: Summary, goal?: number): (string | number)[] {
  return [
    what,
    fmtMs(s.median),
    fmtMs(s.min),
    fmtMs(s.max),
    s.cpuMs === undefined ? '-' : fmtMs(s.cpuMs),
    s.peakMiB === undefined ? '-' : s.peakMiB.toFixed(1),
    goal === undefined ? '' : `≤ ${goal} ms: ${verdict(s.median <= goal)}`,
  ];
}

function ratioRow(ours: Summary, theirs: Summary): (string | number)[] {
  return [
    '  ours / peer',
    (ours.median / theirs.median).toFixed(2),
    '',
    '',
    ours.cpuMs && theirs.cpuMs ? (ours.cpuMs / theirs.cpuMs).toFixed(2) : '-',
    '',
    `below the peer: ${verdict(ours.median < theirs.median)}`,
  ];
}

// ---- the language server over stdio ----

/** Frames and unframes LSP messages (Content-Length headers) on a child's stdio. */
function lspChannel(child: ReturnType<typeof spawn>, onMessage: (m: LspMessage) => void) {
  let buffer = Buffer.alloc(0);
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(
        /Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1],
      );
      if (buffer.length < headerEnd + 4 + length) return;
      const body = buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      buffer = buffer.subarray(headerEnd + 4 + length);
      onMessage(JSON.parse(body) as LspMessage);
    }
  });
  return (message: object) => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    child.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
}

interface LspMessage {
  id?: number;
  method?: string;
  params?: { uri?: string; diagnostics?: { code?: string }[] };
  result?: unknown;
}

interface ServerStart {
  initializeMs: number;
  firstDiagnosticsMs: number;
  codes: string[];
}

/**
 * Spawns dist/server.js --stdio and talks as VS Code does: initialize (with workspace/
 * configuration support, answered with no settings), initialized, didOpen of a Dockerfile.
 */
/**
 * One server start. `lingerMs` keeps the server alive that long after its first diagnostics,
 * as a real session does: long enough for it to write V8's code cache (src/server/start.ts).
 * `codeCache: false` starts it with CONTAINER_DOCTOR_CODE_CACHE=off (a first start).
 */
function serverStart(
  dockerfile: string,
  { lingerMs = 0, codeCache = true }: { lingerMs?: number; codeCache?: boolean } = {},
): Promise<ServerStart> {
  const text = readFileSync(join(root, dockerfile), 'utf8');
  const uri = pathToFileURL(join(root, dockerfile)).href;
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const since = () => Number(process.hrtime.bigint() - start) / 1e6;
    const child = spawn(node, [join(root, 'dist', 'server.js'), '--stdio'], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
      // As the extension starts it (src/extension/client.ts): without NODE_EXTRA_CA_CERTS.
      env: {
        ...serverEnv,
        ...(codeCache ? {} : { CONTAINER_DOCTOR_CODE_CACHE: 'off' }),
      },
    });
    let initializeMs = NaN;
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error('the server did not publish diagnostics within 20 s'));
    }, 20_000);
    const send = lspChannel(child, (m) => {
      if (m.id === 1 && m.result !== undefined) {
        initializeMs = since();
        send({ method: 'initialized', params: {} });
        send({
          method: 'textDocument/didOpen',
          params: { textDocument: { uri, languageId: 'dockerfile', version: 1, text } },
        });
      } else if (m.method === 'workspace/configuration') {
        send({ id: m.id, result: [{}] });
      } else if (m.method === 'client/registerCapability') {
        send({ id: m.id, result: null });
      } else if (m.method === 'textDocument/publishDiagnostics' && m.params?.uri === uri) {
        const firstDiagnosticsMs = since();
        clearTimeout(timer);
        const codes = (m.params.diagnostics ?? []).map((d) => String(d.code));
        setTimeout(() => child.kill(), lingerMs);
        child.once('exit', () => resolve({ initializeMs, firstDiagnosticsMs, codes }));
      }
    });
    child.on('error', reject);
    send({
      id: 1,
      method: 'initialize',
      params: {
        processId: process.pid,
        rootUri: pathToFileURL(root).href,
        capabilities: {
          workspace: {
            configuration: true,
            didChangeConfiguration: { dynamicRegistration: true },
            didChangeWatchedFiles: { dynamicRegistration: true },
          },
          textDocument: { publishDiagnostics: { codeDescriptionSupport: true } },
        },
      },
    });
  });
}

async function main(): Promise<void> {
  console.log('building the bundles (scripts/build.mjs)…');
  execFileSync(node, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  const priority = preferCpu();
  const load = loadavg().map((l) => l.toFixed(1));
  console.log(
    `node ${process.version}, ${cpus().length} CPUs, load average ${load.join(' ')}, ${priority}, ` +
      `${runs} runs each after a warm-up, in turn; peak RSS: ${gnuTime ? 'GNU time' : 'not measured (no /usr/bin/time)'}`,
  );
  const header = ['whole process', 'median ms', 'min', 'max', 'cpu ms', 'peak MiB', 'goal'];

  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  const extraCaCerts = process.env.NODE_EXTRA_CA_CERTS;
  for (const f of files) {
    const [ours, theirs, cold] = alternate([
      [node, cli, 'lint', '--format', 'json', f.path],
      [node, peer, f.path],
      ['env', 'CONTAINER_DOCTOR_CODE_CACHE=off', node, cli, 'lint', '--format', 'json', f.path],
    ]);
    rows.push(row(`lint ${f.path}: ours`, ours!, goals.lint));
    rows.push(row(`  ours without the code cache and kept parses (a first run)`, cold!));
    rows.push(row(`  dockerfile-utils validate script`, theirs!));
    rows.push(ratioRow(ours!, theirs!));
    notes.push(
      `${f.path}: ${f.label}; exit codes ours ${[...ours!.statuses]}, peer ${[...theirs!.statuses]}`,
    );
  }
  const [help, version, bare] = alternate([
    [node, cli, '--help'],
    [node, cli, '--version'],
    [node, '-e', '0'],
  ]);
  rows.push(row('--help', help!, goals.helpVersion));
  rows.push(row('--version', version!, goals.helpVersion));
  rows.push(row('node -e 0 (the floor)', bare!));
  console.log(
    `\n${extraCaCerts ? `with this environment's NODE_EXTRA_CA_CERTS=${extraCaCerts}:\n` : ''}` +
      table(header, rows),
  );
  for (const n of notes) console.log(`  ${n}`);

  // Node parses NODE_EXTRA_CA_CERTS at every process start (src/shared/server-environment.ts):
  // where it is set, the same runs without it, as on a machine without a corporate CA bundle.
  if (extraCaCerts) {
    const plain: (string | number)[][] = [];
    for (const f of files) {
      const [ours, theirs] = alternate(
        [
          [node, cli, 'lint', '--format', 'json', f.path],
          [node, peer, f.path],
        ],
        withoutExtraCaCerts,
      );
      plain.push(row(`lint ${f.path}: ours`, ours!, goals.lint));
      plain.push(row(`  dockerfile-utils validate script`, theirs!));
      plain.push(ratioRow(ours!, theirs!));
    }
    const [plainHelp, plainVersion, plainBare] = alternate(
      [
        [node, cli, '--help'],
        [node, cli, '--version'],
        [node, '-e', '0'],
      ],
      withoutExtraCaCerts,
    );
    plain.push(row('--help', plainHelp!, goals.helpVersion));
    plain.push(row('--version', plainVersion!, goals.helpVersion));
    plain.push(row('node -e 0 (the floor)', plainBare!));
    console.log(
      `\nthe same without NODE_EXTRA_CA_CERTS (node -e 0: ${fmtMs(bare!.median)} ms with it, ` +
        `${fmtMs(plainBare!.median)} ms without):\n` +
        table(header, plain),
    );
  }

  // The language server, one fresh process per run.
  const serverRows: (string | number)[][] = [];
  for (const f of files) {
    // Warm-up: the disk cache, and a session of 4 s that leaves V8's code cache behind.
    await serverStart(f.path, { lingerMs: 4000 });
    const starts: ServerStart[] = [];
    const cold: ServerStart[] = [];
    for (let i = 0; i < runs; i++) {
      starts.push(await serverStart(f.path));
      cold.push(await serverStart(f.path, { codeCache: false }));
    }
    const init = starts.map((s) => s.initializeMs);
    const diag = starts.map((s) => s.firstDiagnosticsMs);
    const s = (xs: number[]) => [
      fmtMs(percentile(xs, 50)),
      fmtMs(Math.min(...xs)),
      fmtMs(Math.max(...xs)),
    ];
    serverRows.push([
      `${f.path}: without the code cache (a first start): initialize`,
      ...s(cold.map((c) => c.initializeMs)),
      '',
    ]);
    serverRows.push([
      `  first publishDiagnostics, without the code cache`,
      ...s(cold.map((c) => c.firstDiagnosticsMs)),
      '',
    ]);
    serverRows.push([
      `${f.path}: spawn → initialize response`,
      ...s(init),
      `≤ ${goals.initialize} ms: ${verdict(percentile(init, 50) <= goals.initialize)}`,
    ]);
    serverRows.push([
      `  spawn → first publishDiagnostics (${starts[0]!.codes.join(', ') || 'none'})`,
      ...s(diag),
      `≤ ${goals.firstDiagnostics} ms: ${verdict(percentile(diag, 50) <= goals.firstDiagnostics)}`,
    ]);
  }
  console.log(
    '\n' + table(['language server (stdio)', 'median ms', 'min', 'max', 'goal'], serverRows),
  );
  console.log(
    `\nload average after: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
