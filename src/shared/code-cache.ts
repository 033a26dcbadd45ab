// V8's code cache for this package's own bundles on Node versions without
// `module.enableCompileCache()` (added in Node 22.1). A short-lived process (`container-doctor
// lint FILE` in a pre-commit hook, the language server at every window) spends a large part
// of its life compiling the same JavaScript: measured on Node 20 here, compiling and running
// dist/cli-lint.js took ~50 ms of a ~230 ms process, ~25 ms less with the cache (bench
// `startup`). The cache holds what V8 compiled during the first run (lazily compiled functions
// included), keyed by the bundle's path, size and mtime, in os.tmpdir() like Node's own
// compile cache. V8 checks the source hash itself and rejects a cache that does not match, so a
// stale entry costs a compile, never a wrong result. Any file-system failure leaves the
// process compiling as Node always does.
import fs from 'node:fs';
import nodeModule from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

interface CompilingModule {
  _compile(content: string, filename: string): unknown;
  require(id: string): unknown;
  exports: unknown;
  paths: string[];
}

interface ModuleInternals {
  prototype: CompilingModule;
  wrap(source: string): string;
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _cache: Record<string, unknown>;
}

export interface CodeCacheOptions {
  /** Only files in this directory use the cache (the package's dist/). */
  bundleDir: string;
  /** Where the cache lives; defaults to os.tmpdir()/container-doctor-code-cache-<uid>/<node>. */
  cacheDir?: string;
  /** Node 22.1+ has its own; tests force this one on. */
  force?: boolean;
  /**
   * Also write the cache this long after start (a long-lived process: the language server,
   * whose worker threads are ended without an `exit` event of their own). A CLI run writes it
   * when the process exits.
   */
  writeAfterMs?: number;
}

export interface CodeCacheState {
  /** Bundles compiled from the cache (V8 accepted it). */
  hits: string[];
  /** Bundles compiled from source; their cache is written when the process exits. */
  misses: string[];
}

/** The default cache directory: per user (tmpdir is shared) and per Node build. */
export function defaultCacheDir(): string {
  const uid = typeof process.getuid === 'function' ? String(process.getuid()) : 'user';
  return path.join(
    os.tmpdir(),
    `container-doctor-code-cache-${uid}`,
    `${process.version}-${process.arch}`,
  );
}

/**
 * Compile this package's bundles through V8's code cache from now on. Returns what happened
 * (for the tests and the bench), or undefined when Node's own compile cache is used instead.
 */
export function useCodeCache(options: CodeCacheOptions): CodeCacheState | undefined {
  // CONTAINER_DOCTOR_CODE_CACHE=off compiles from source every time (the bench's cold rows).
  if (process.env.CONTAINER_DOCTOR_CODE_CACHE === 'off' && !options.force) return undefined;
  const enable = (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache;
  if (enable && !options.force) {
    enable();
    return undefined;
  }
  // Once per thread: the server's fallback loads the worker's bundle in its own thread too.
  const installed = (globalThis as Record<symbol, CodeCacheState | undefined>)[INSTALLED];
  if (installed) return installed;
  const Module = nodeModule as unknown as ModuleInternals;
  const bundleDir = path.resolve(options.bundleDir) + path.sep;
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const state: CodeCacheState = { hits: [], misses: [] };
  const pending: { script: vm.Script; file: string }[] = [];
  const original = Module.prototype._compile;

  Module.prototype._compile = function (this: CompilingModule, content: string, filename: string) {
    // The entry file keeps Node's own path (it may start with a #! line).
    if (!filename.startsWith(bundleDir) || content.startsWith('#!'))
      return original.call(this, content, filename);
    const cacheFile = cacheFileOf(cacheDir, filename);
    const cachedData = readCache(cacheFile);
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (cachedData && !script.cachedDataRejected) state.hits.push(filename);
    else {
      state.misses.push(filename);
      pending.push({ script, file: cacheFile });
    }
    const wrapper = script.runInThisContext({ displayErrors: true }) as (
      ...args: unknown[]
    ) => unknown;
    const require = Object.assign((id: string) => this.require(id), {
      resolve: (request: string, opts?: unknown) =>
        Module._resolveFilename(request, this, false, opts),
      cache: Module._cache,
      main: require_main(),
    });
    return wrapper.call(
      this.exports,
      this.exports,
      require,
      this,
      filename,
      path.dirname(filename),
    );
  };

  // After the run: the cache then holds the functions the command really compiled.
  const writePending = () => {
    for (const { script, file } of pending.splice(0)) writeCache(file, script.createCachedData());
  };
  process.once('exit', writePending);
  if (options.writeAfterMs !== undefined) setTimeout(writePending, options.writeAfterMs).unref();
  (globalThis as Record<symbol, CodeCacheState | undefined>)[INSTALLED] = state;
  return state;
}

const INSTALLED = Symbol.for('container-doctor.code-cache');

function require_main(): unknown {
  return require.main;
}

const trusted = new Map<string, boolean>();

/**
 * Is `dir` (and the folder above it, the per-user one in the shared temp folder) this user's
 * own and writable by nobody else? Another local user could otherwise create it first and
 * leave compiled code or parses in it for us to run or believe. Absent counts as own: it is
 * then created with mode 0700 before anything is written.
 */
export function isOwnCacheDir(dir: string): boolean {
  let answer = trusted.get(dir);
  if (answer === undefined) {
    answer = ownOrAbsent(dir) && parentKeepsIt(dir);
    trusted.set(dir, answer);
  }
  return answer;
}

/** Before writing: the folders now exist, and must be ours (checked afresh, not memoised). */
export function isOwnExistingCacheDir(dir: string): boolean {
  const answer = ownOrAbsent(dir, false) && parentKeepsIt(dir);
  trusted.set(dir, answer);
  return answer;
}

/**
 * The folder above cannot be used to swap `dir` for another: it is ours and private too (the
 * per-user folder of the default layout), or sticky (the temp folder itself: others may not
 * rename what is ours in it).
 */
function parentKeepsIt(dir: string): boolean {
  const parent = path.dirname(dir);
  try {
    if ((fs.statSync(parent).mode & 0o1000) !== 0) return true;
  } catch {
    return true; // not there yet: created with mode 0700
  }
  return ownOrAbsent(parent);
}

function ownOrAbsent(d: string, absentIsOwn = true): boolean {
  try {
    const s = fs.lstatSync(d);
    // Windows' temp folder is per user (under the profile), and its mode bits say nothing.
    if (process.platform === 'win32') return s.isDirectory();
    const uid = typeof process.getuid === 'function' ? process.getuid() : s.uid;
    return s.isDirectory() && s.uid === uid && (s.mode & 0o022) === 0;
  } catch {
    return absentIsOwn; // not there yet
  }
}

/**
 * `<name>-<size>-<mtime>` of a bundle file: what names its caches (the code cache here, the
 * kept parses of ./parse-store), so that a rebuilt bundle never reads an earlier build's.
 * Undefined when the file cannot be read.
 */
export function buildStampOf(filename: string): string | undefined {
  const name = filename.replace(/[^A-Za-z0-9._-]+/g, '_').slice(-120);
  try {
    const s = fs.statSync(filename);
    return `${name}-${s.size}-${Math.round(s.mtimeMs)}`;
  } catch {
    return undefined;
  }
}

function cacheFileOf(cacheDir: string, filename: string): string {
  const stamp =
    buildStampOf(filename) ?? `${filename.replace(/[^A-Za-z0-9._-]+/g, '_').slice(-120)}-unknown`;
  return path.join(cacheDir, `${stamp}.v8cache`);
}

function readCache(file: string): Buffer | undefined {
  if (!isOwnCacheDir(path.dirname(file))) return undefined;
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined; // no cache yet: compile from source
  }
}

function writeCache(file: string, data: Buffer): void {
  // The caches of earlier builds of this bundle are dead weight: keep the newest only.
  if (writeOwnCacheFile(file, data)) removeEarlierBuilds(file, '.v8cache');
}

/**
 * Writes a cache file in a folder that is (or is made) this user's own: beside, then
 * renamed, so a concurrent reader sees the old file or the new one, whole. False when nothing
 * was written (a folder others can write to, a read-only or full tmpdir): the next run then
 * works as without a cache.
 */
export function writeOwnCacheFile(file: string, data: string | Buffer): boolean {
  const dir = path.dirname(file);
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    if (!isOwnCacheDir(dir)) return false; // nothing is made where others can write
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!isOwnExistingCacheDir(dir)) return false;
    fs.writeFileSync(temporary, data, { mode: 0o600, flag: 'wx' });
    fs.renameSync(temporary, file);
    return true;
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      /* nothing left to clean */
    }
    return false;
  }
}

/**
 * Removes the caches (files or folders) of other builds of the bundle that `current` (named
 * `<stamp><suffix>`, ../buildStampOf) belongs to.
 */
export function removeEarlierBuilds(current: string, suffix: string): void {
  const dir = path.dirname(current);
  const base = path.basename(current);
  const prefix = base.slice(0, base.length - suffix.length).replace(/-[^-]+-[^-]+$/, '-');
  try {
    for (const old of fs.readdirSync(dir))
      if (old.startsWith(prefix) && old !== base && old.endsWith(suffix))
        fs.rmSync(path.join(dir, old), { recursive: true, force: true });
  } catch {
    /* a cache: left as it is */
  }
}
