// The real VS Code for tests and benches: code-server 4.100.3 (VS Code 1.100.3 with a
// real Node extension host) driven by playwright-core and Debian's Chromium, as recorded
// in ../shared/docs/vscode-harness.md. Everything lives in one temporary folder (user
// data, extensions, XDG dirs, Chromium profile, TMPDIR, HOME) that is removed on every exit
// path, and code-server runs in its own process group, killed on every exit path.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import { serveFlags } from '../../scripts/install-code-server.mjs';

export const root = resolve(__dirname, '..', '..');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface SuiteCounts {
  passed: number;
  failed: number;
  skipped: number;
}

/**
 * A folder for bundles the extension host loads: inside this checkout (so their packages
 * resolve from node_modules), one per run (runs may overlap), removed with the scratch.
 */
export function hostBundleDir(scratch: Scratch, name: string): string {
  const dir = join(root, '.vscode-test', `${name}-${process.pid}`);
  scratch.onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Bundles test/vscode/suite/*.ts to CommonJS in `outdir`; returns index.js (exports run()). */
export async function buildSuite(outdir: string): Promise<string> {
  const dir = join(root, 'test', 'vscode', 'suite');
  const entryPoints = readdirSync(dir)
    .filter((n) => n.endsWith('.ts'))
    .map((n) => join(dir, n));
  await bundleForHost(entryPoints, outdir);
  return join(outdir, 'index.js');
}

/** Bundles modules that run in the extension host (our sources in, packages external). */
export async function bundleForHost(entryPoints: string[], outdir: string): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    // Packages (vscode, mocha, and whatever a test imports) load from node_modules at run
    // time: the bundle lives in this checkout, so they resolve, and native modules stay out.
    packages: 'external',
    logLevel: 'warning',
  });
}

export function runNodeScript(script: string, args: string[] = []): void {
  const r = spawnSync(process.execPath, [join(root, script), ...args], {
    stdio: 'inherit',
    cwd: root,
  });
  if (r.status !== 0) throw new Error(`${script} failed (exit ${r.status ?? r.signal})`);
}

/** A temporary folder for one run, removed by cleanup() (also on signals). */
export class Scratch {
  readonly dir: string;
  private readonly cleanups: (() => Promise<void> | void)[] = [];
  constructor(prefix = 'cdoc-vscode-') {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
  }
  path(...parts: string[]): string {
    const p = join(this.dir, ...parts);
    mkdirSync(p, { recursive: true });
    return p;
  }
  onCleanup(fn: () => Promise<void> | void): void {
    this.cleanups.unshift(fn);
  }
  async cleanup(): Promise<void> {
    for (const fn of this.cleanups.splice(0)) {
      try {
        await fn();
      } catch (error) {
        console.error('cleanup:', error);
      }
    }
    // A process that was just killed (Chromium's helpers, the extension host) may still
    // write a file as it goes: remove, let them finish, remove again.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        rmSync(this.dir, { recursive: true, force: true });
      } catch {
        // ENOTEMPTY while something still writes: try again
      }
      await new Promise((r) => setTimeout(r, 300));
      if (!existsSync(this.dir)) return;
    }
  }
}

function codeServerEntry(): string {
  return join(
    root,
    '.vscode-test',
    'code-server',
    'node_modules',
    'code-server',
    'out',
    'node',
    'entry.js',
  );
}

/** Installed, at the pinned version, with its postinstall complete (else: install again). */
export async function codeServerInstalled(): Promise<boolean> {
  const { isInstalled } = await import('../../scripts/install-code-server.mjs');
  return existsSync(codeServerEntry()) && isInstalled().ok;
}

/** The environment that keeps code-server (and everything it starts) inside the scratch folder. */
export function isolatedEnv(scratch: Scratch, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    EXTENSIONS_GALLERY: '{}',
    XDG_CONFIG_HOME: scratch.path('xdg', 'config'),
    XDG_DATA_HOME: scratch.path('xdg', 'data'),
    XDG_CACHE_HOME: scratch.path('xdg', 'cache'),
    XDG_RUNTIME_DIR: scratch.path('xdg', 'runtime'),
    TMPDIR: scratch.path('tmp'),
    // Chromium and code-server write into $HOME (Chromium's ~/.pki): a private one, removed
    // with the scratch folder. Docker's config (contexts, TLS files) stays the user's.
    HOME: scratch.path('home'),
    DOCKER_CONFIG: process.env.DOCKER_CONFIG ?? join(homedir(), '.docker'),
    ...extra,
  };
}

function codeServerArgs(scratch: Scratch, extensionsDir: string): string[] {
  const config = join(scratch.dir, 'config.yaml');
  writeFileSync(config, ''); // empty: a lone newline is "invalid config"
  return [
    '--config',
    config,
    '--user-data-dir',
    scratch.path('user-data'),
    '--extensions-dir',
    extensionsDir,
  ];
}

/** `code-server --install-extension <vsix>` into the scratch extensions folder. */
export function installVsix(scratch: Scratch, vsix: string): string {
  const extensionsDir = scratch.path('extensions');
  const r = spawnSync(
    process.execPath,
    [codeServerEntry(), ...codeServerArgs(scratch, extensionsDir), '--install-extension', vsix],
    { env: isolatedEnv(scratch), encoding: 'utf8', timeout: 60_000 },
  );
  if (r.status !== 0)
    throw new Error(`code-server --install-extension failed:\n${r.stdout}\n${r.stderr}`);
  return extensionsDir;
}

export interface CodeServer {
  port: number;
  /** http://127.0.0.1:PORT */
  origin: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Kills a detached child's whole process group: TERM, then KILL after a grace period. */
export async function killGroup(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    // The leader may be gone while its group lives on.
    if (child.pid !== undefined) tryKill(-child.pid, 'SIGKILL');
    return;
  }
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  tryKill(-child.pid, 'SIGTERM');
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
  await Promise.race([exited, timer]);
  tryKill(-child.pid, 'SIGKILL');
}

function tryKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

export interface StartOptions {
  scratch: Scratch;
  extensionsDir?: string;
  bind?: string;
  /** Where code-server's own log goes (appended); the terminal stays for test output. */
  onOutput?: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  extraArgs?: string[];
}

/** Starts code-server in its own process group and resolves once it listens. */
export async function startCodeServer(options: StartOptions): Promise<CodeServer> {
  const { scratch } = options;
  const extensionsDir = options.extensionsDir ?? scratch.path('extensions');
  const args = [
    codeServerEntry(),
    ...codeServerArgs(scratch, extensionsDir),
    '--bind-addr',
    options.bind ?? '127.0.0.1:0',
    ...serveFlags,
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: isolatedEnv(scratch, options.env),
  });
  const stop = () => killGroup(child);
  scratch.onCleanup(stop);
  const port = await new Promise<number>((resolvePort, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      options.onOutput?.(text);
      seen += text;
      const m = /HTTP server listening on http:\/\/[^:\s]+:(\d+)\//.exec(seen);
      if (m) resolvePort(Number(m[1]));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) =>
      reject(new Error(`code-server exited before listening (${code ?? signal}):\n${seen}`)),
    );
    setTimeout(
      () => reject(new Error(`code-server did not listen within 30 s:\n${seen}`)),
      30_000,
    ).unref();
  });
  return { port, origin: `http://127.0.0.1:${port}`, process: child, stop };
}

/** One headless Chromium (Debian's) for the run, with its profile in the scratch folder. */
export async function launchChromium(scratch: Scratch): Promise<BrowserContext> {
  if (!existsSync(chromiumPath))
    throw new Error(
      `Chromium not found at ${chromiumPath}: apt-get install -y --no-install-recommends chromium ` +
        '(or set CHROMIUM_PATH)',
    );
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(scratch.path('chromium'), {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1400, height: 860 },
    // Our signal handlers close the browser as part of the cleanup; Playwright's own would
    // exit the process (130) before code-server and the scratch folder are gone.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    env: { ...isolatedEnv(scratch) } as Record<string, string>,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  scratch.onCleanup(() => context.close());
  return context;
}

/** The workbench URL for a folder, with extension development / test payload entries. */
export function workbenchUrl(
  server: CodeServer,
  folder: string,
  payload: { extensionDevelopmentPath?: string; extensionTestsPath?: string },
): string {
  const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const entries: [string, string][] = [];
  if (payload.extensionDevelopmentPath)
    entries.push(['extensionDevelopmentPath', remote(payload.extensionDevelopmentPath)]);
  if (payload.extensionTestsPath)
    entries.push(['extensionTestsPath', remote(payload.extensionTestsPath)]);
  entries.push(['skipWelcome', 'true']);
  return (
    `${server.origin}/?folder=${encodeURIComponent(folder)}` +
    `&payload=${encodeURIComponent(JSON.stringify(entries))}`
  );
}

/**
 * Runs an extension-tests module (CommonJS, exports run()) in the real extension host and
 * resolves with the exit code the workbench reports through codeAutomationExit.
 * Extension-host console output goes to `log` (default: this terminal).
 */
export async function runExtensionTests(options: {
  context: BrowserContext;
  server: CodeServer;
  folder: string;
  extensionDevelopmentPath?: string;
  extensionTestsPath: string;
  timeoutMs: number;
  log?: (type: string, args: unknown[]) => void;
  /** Where workbench chatter goes instead of the terminal (default: dropped). */
  noise?: (text: string) => void;
}): Promise<{ code: number; page: Page }> {
  const { context } = options;
  const log =
    options.log ??
    ((type: string, args: unknown[]) => {
      const first = typeof args[0] === 'string' ? args[0] : '';
      if (workbenchNoise.some((re) => re.test(first))) {
        options.noise?.(args.map(String).join(' ') + '\n');
        return;
      }
      const fn = type === 'error' ? console.error : type === 'warn' ? console.warn : console.log;
      fn(...args);
    });
  let finish: (code: number) => void = () => undefined;
  const exited = new Promise<number>((r) => (finish = r));
  // exposeFunction is per context and cannot be re-registered: route through mutable handlers.
  currentHandlers.log = log;
  currentHandlers.exit = (code) => finish(code);
  if (!exposed.has(context)) {
    exposed.add(context);
    await context.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) =>
      currentHandlers.log(type, Array.isArray(args) ? args : [args]),
    );
    await context.exposeFunction('codeAutomationExit', (code: number) =>
      currentHandlers.exit(code),
    );
  }
  const page = await context.newPage();
  const url = workbenchUrl(options.server, options.folder, {
    extensionDevelopmentPath: options.extensionDevelopmentPath,
    extensionTestsPath: options.extensionTestsPath,
  });
  await page.goto(url);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number>((r) => {
    timer = setTimeout(() => {
      console.error(`extension tests did not finish within ${options.timeoutMs / 1000} s`);
      r(124);
    }, options.timeoutMs);
  });
  const code = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  return { code, page };
}

/**
 * Workbench chatter that says nothing about the tests. "Unable to load and parse grammar":
 * grammar fetches cut short when a page closes or a preview opens while the host is busy.
 */
const workbenchNoise = [
  /^Ignoring fetching additional builtin extensions/,
  /^Updating additional builtin extensions cache/,
  /^Creating a socket \(/,
  /^\[Service Worker\]/,
  /^ChatSessionStore:/,
  /^Started local extension host/,
  /^Resolv(ing|ed) connection token/,
  /^Unable to load and parse grammar for scope/,
];

const exposed = new WeakSet<BrowserContext>();
const currentHandlers: {
  log: (type: string, args: unknown[]) => void;
  exit: (code: number) => void;
} = { log: () => undefined, exit: () => undefined };

/**
 * The run's own temp folder: TMPDIR for everything the run starts (the runner, code-server,
 * Chromium, the extension host), so the "nothing left behind" check looks only at what the
 * tests' own processes wrote, not at the machine's /tmp where any other process writes.
 */
export function privateTmpdir(prefix = 'cdoc-run-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** What is left in `dir` (paths), apart from names matching `ignore`. */
export function leftIn(dir: string, ignore: RegExp[] = []): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => !ignore.some((re) => re.test(name)))
    .map((name) => join(dir, name));
}
