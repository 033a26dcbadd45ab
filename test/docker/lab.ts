// The shared Docker lab for integration tests: a real engine, images built locally
// (no registry is reachable here), containers labelled so a crashed run leaves nothing
// that skews the next. Everything goes through the Engine API (dockerode); the only
// child processes are debootstrap, tar and npm with fixed argv, never a shell string.
import Docker from 'dockerode';
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { Readable } from 'node:stream';
import { after, type TestContext } from 'node:test';

export const LAB_LABEL = 'org.container-doctor.lab';
export const LAB_IMAGE_PREFIX = 'cdoc-lab/';

/** Bump to force every lab base image to rebuild. */
const LAB_VERSION = '1';
const DEBIAN_SUITE = 'bookworm';
const DEBIAN_MIRROR = 'http://deb.debian.org/debian';
const DEBIAN_PACKAGES = ['procps', 'tini', 'python3', 'openjdk-17-jre-headless', 'curl'];

let docker: Docker | undefined;

/** The engine from DOCKER_HOST, or the default socket (docker-modem's own defaults). */
export function labDocker(): Docker {
  docker ??= new Docker();
  return docker;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

function engineAddress(): string {
  return process.env.DOCKER_HOST
    ? `DOCKER_HOST=${process.env.DOCKER_HOST}`
    : 'unix:///var/run/docker.sock';
}

let startCleanup: Promise<void> | undefined;

/**
 * The engine, or undefined after marking the test skipped (no Docker on a laptop).
 * With CI set, a missing engine is a failure: a CI run that skips Docker tests proves nothing.
 */
export async function requireDocker(t: TestContext): Promise<Docker | undefined> {
  const d = labDocker();
  try {
    await pingEngine(d);
  } catch (err) {
    const reason = `${errorText(err)} (tried ${engineAddress()})`;
    if (process.env.CI)
      throw new Error(`Docker is required in CI but the engine did not answer: ${reason}`);
    t.skip(`Docker not available: ${reason}`);
    return undefined;
  }
  // A crashed earlier run may have left labelled containers behind.
  startCleanup ??= cleanupLab();
  await startCleanup;
  return d;
}

/** The local socket path when the engine is reached through one. */
function socketPath(): string | undefined {
  const host = process.env.DOCKER_HOST;
  if (!host) return '/var/run/docker.sock';
  return host.startsWith('unix://') ? host.slice('unix://'.length) : undefined;
}

/**
 * Ping the engine. A socket that exists but refuses connections is a daemon being restarted
 * (suites sharing this daemon restart it on purpose): wait for it up to 30 s rather than
 * report Docker missing. No socket at all fails at once.
 */
let engineDown: Error | undefined;

async function pingEngine(d: Docker): Promise<void> {
  if (engineDown) throw engineDown; // waited once already in this process
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await withTimeout(d.ping(), 5000, 'ping');
      return;
    } catch (err) {
      const socket = socketPath();
      const restarting = socket !== undefined && existsSync(socket);
      if (!restarting || Date.now() > deadline) {
        engineDown = err instanceof Error ? err : new Error(String(err));
        throw engineDown;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Which test process made a container: `host:pid`. */
const LAB_OWNER_LABEL = `${LAB_LABEL}.owner`;
const owner = `${hostname()}:${process.pid}`;

function ownerGone(value: string | undefined): boolean {
  if (!value) return true; // made before owners were recorded
  const [host, pid] = value.split(':');
  if (host !== hostname()) return false; // another machine's run: not ours to judge
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Remove the lab's containers, running or not: this process's own, and those whose test
 * process is gone (a crashed run). Containers of test processes still running beside this
 * one (several suites share the daemon) are left alone.
 */
export async function cleanupLab(): Promise<void> {
  const all = await labDocker().listContainers({ all: true, filters: { label: [LAB_LABEL] } });
  const list = all.filter(
    (c) => c.Labels[LAB_OWNER_LABEL] === owner || ownerGone(c.Labels[LAB_OWNER_LABEL]),
  );
  await removeContainers(list.map((c) => c.Id));
}

/**
 * Force-remove containers with their anonymous volumes; one already gone (404) or already
 * being removed (409) is not an error.
 */
export async function removeContainers(ids: readonly string[]): Promise<void> {
  const d = labDocker();
  await Promise.all(
    ids.map((id) =>
      d
        .getContainer(id)
        .remove({ force: true, v: true })
        .catch((err: { statusCode?: number }) => {
          if (err.statusCode !== 404 && err.statusCode !== 409) throw err;
        }),
    ),
  );
}

/** Call at the top of a test file: removes the lab's containers after the file's tests. */
export function registerLabCleanup(): void {
  after(async () => {
    try {
      await withTimeout(labDocker().ping(), 2000, 'ping');
    } catch {
      return; // no engine: nothing was created
    }
    await cleanupLab();
  });
}

// ---------------------------------------------------------------- tar (ustar)

type TarEntry =
  | { kind: 'file'; path: string; mode: number; data: Buffer }
  | { kind: 'dir'; path: string; mode: number }
  | { kind: 'symlink'; path: string; target: string };

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function splitTarName(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  // ustar: prefix (155) + '/' + name (100)
  for (let i = path.length - 1; i > 0; i--) {
    if (path[i] !== '/') continue;
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { name, prefix };
  }
  throw new Error(`path too long for a tar header: ${path}`);
}

function tarHeader(e: TarEntry): Buffer {
  const h = Buffer.alloc(512);
  const path = e.kind === 'dir' && !e.path.endsWith('/') ? `${e.path}/` : e.path;
  const { name, prefix } = splitTarName(path);
  const size = e.kind === 'file' ? e.data.length : 0;
  const mode = e.kind === 'symlink' ? 0o777 : e.mode;
  const type = e.kind === 'file' ? '0' : e.kind === 'dir' ? '5' : '2';
  h.write(name, 0, 100);
  h.write(octal(mode, 8), 100);
  h.write(octal(0, 8), 108); // uid
  h.write(octal(0, 8), 116); // gid
  h.write(octal(size, 12), 124);
  h.write(octal(0, 12), 136); // fixed mtime: identical contexts give identical tars
  h.write('        ', 148); // checksum placeholder
  h.write(type, 156);
  if (e.kind === 'symlink') h.write(e.target, 157, 100);
  h.write('ustar\0', 257);
  h.write('00', 263);
  h.write(prefix, 345, 155);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148);
  return h;
}

function* tarChunks(entries: TarEntry[]): Generator<Buffer> {
  for (const e of entries) {
    yield tarHeader(e);
    if (e.kind === 'file') {
      yield e.data;
      const pad = (512 - (e.data.length % 512)) % 512;
      if (pad) yield Buffer.alloc(pad);
    }
  }
  yield Buffer.alloc(1024);
}

function isExecutable(data: Buffer): boolean {
  return (
    (data[0] === 0x23 && data[1] === 0x21) || // "#!"
    (data[0] === 0x7f && data[1] === 0x45 && data[2] === 0x4c && data[3] === 0x46) // ELF
  );
}

function contextEntries(files: Record<string, string | Buffer>): TarEntry[] {
  return Object.keys(files)
    .sort()
    .map((path) => {
      const raw = files[path];
      const data = typeof raw === 'string' ? Buffer.from(raw) : raw;
      return { kind: 'file', path, mode: isExecutable(data) ? 0o755 : 0o644, data };
    });
}

/** A host directory as tar entries under `into` (symlinks kept as links). */
function directoryEntries(hostDir: string, into: string): TarEntry[] {
  const out: TarEntry[] = [{ kind: 'dir', path: into, mode: 0o755 }];
  for (const name of readdirSync(hostDir).sort()) {
    const host = join(hostDir, name);
    const path = posix.join(into, name);
    const st = lstatSync(host);
    if (st.isSymbolicLink()) out.push({ kind: 'symlink', path, target: readlinkSync(host) });
    else if (st.isDirectory()) out.push(...directoryEntries(host, path));
    else if (st.isFile())
      out.push({ kind: 'file', path, mode: st.mode & 0o7777, data: readFileSync(host) });
  }
  return out;
}

// ---------------------------------------------------------------- images

async function imageExists(tag: string): Promise<boolean> {
  try {
    await labDocker().getImage(tag).inspect();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw err;
  }
}

interface ProgressEvent {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

/** Follow a build/import progress stream; reject with the whole log when the engine reports an error. */
function followProgress(stream: NodeJS.ReadableStream, what: string): Promise<string> {
  const d = labDocker();
  const log: string[] = [];
  return new Promise((resolve, reject) => {
    d.modem.followProgress(
      stream,
      (err: Error | null, events: ProgressEvent[]) => {
        const failed = events?.find((e) => e.error || e.errorDetail);
        if (err || failed) {
          const why = err?.message ?? failed?.errorDetail?.message ?? failed?.error;
          reject(new Error(`${what} failed: ${why}\n--- log ---\n${log.join('')}`));
        } else resolve(log.join(''));
      },
      (e: ProgressEvent) => {
        if (e.stream) log.push(e.stream);
        else if (e.status) log.push(`${e.status}\n`);
      },
    );
  });
}

async function buildFromEntries(entries: TarEntry[], tag: string): Promise<string> {
  const stream = await labDocker().buildImage(Readable.from(tarChunks(entries)), {
    t: tag,
    rm: true,
    forcerm: true,
  });
  await followProgress(stream, `docker build ${tag}`);
  return tag;
}

function contentHash(files: Record<string, string | Buffer>): string {
  const h = createHash('sha256');
  for (const path of Object.keys(files).sort()) {
    const raw = files[path];
    h.update(path).update('\0').update(String(raw.length)).update('\0').update(raw);
  }
  return h.digest('hex');
}

/**
 * Build an image from an in-memory context (files['Dockerfile'] is the Dockerfile).
 * The default tag is the content's hash, so an identical context is built only once.
 */
export async function buildImage(
  files: Record<string, string | Buffer>,
  opts: { tag?: string } = {},
): Promise<string> {
  if (files['Dockerfile'] === undefined) throw new Error('buildImage: no Dockerfile in files');
  if (opts.tag) return buildFromEntries(contextEntries(files), opts.tag);
  const tag = `${LAB_IMAGE_PREFIX}t-${contentHash(files).slice(0, 16)}`;
  if (await imageExists(tag)) return tag;
  return buildFromEntries(contextEntries(files), tag);
}

const memo = new Map<string, Promise<string>>();

function once(key: string, make: () => Promise<string>): Promise<string> {
  let p = memo.get(key);
  if (!p) {
    p = make();
    memo.set(key, p);
    p.catch(() => memo.delete(key)); // a failed build may be retried
  }
  return p;
}

function shortHash(...parts: (string | Buffer)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 12);
}

/** BusyBox (ash as /bin/sh) from scratch, with a static tini at /sbin/tini. */
export function busyboxImage(): Promise<string> {
  return once('busybox', async () => {
    const busybox = readFileSync('/bin/busybox');
    const tini = readFileSync('/usr/bin/tini-static');
    const dockerfile = [
      'FROM scratch',
      'COPY busybox /bin/busybox',
      'COPY tini /sbin/tini',
      'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
      'RUN ["/bin/mkdir", "-m", "1777", "-p", "/tmp"]',
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'CMD ["sh"]',
      '',
    ].join('\n');
    const files = { Dockerfile: dockerfile, busybox, tini };
    // The repository name says the family (busybox) so name-based knowledge applies.
    const tag = `${LAB_IMAGE_PREFIX}busybox:1.35-${shortHash(LAB_VERSION, contentHash(files))}`;
    if (await imageExists(tag)) return tag;
    return buildFromEntries(contextEntries(files), tag);
  });
}

/** The project's ignored .lab/ folder (or /var/tmp when not run from the project). */
function labCacheDir(): string {
  let dir = process.cwd();
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && /"name":\s*"container-doctor"/.test(readFileSync(pkg, 'utf8')))
      return join(dir, '.lab');
    const up = dirname(dir);
    if (up === dir) return join('/var/tmp', 'container-doctor-lab');
    dir = up;
  }
}

function runChild(cmd: string, args: string[], what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => out.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else {
        const tail = Buffer.concat(out).toString().split('\n').slice(-30).join('\n');
        reject(new Error(`${what} exited ${code}\n${tail}`));
      }
    });
  });
}

/** debootstrap once into .lab/, then import the rootfs through the Engine API. */
async function debianRootfsImage(): Promise<string> {
  const args = ['--variant=minbase', `--include=${DEBIAN_PACKAGES.join(',')}`, DEBIAN_SUITE];
  const key = shortHash(LAB_VERSION, ...args, DEBIAN_MIRROR);
  const tag = `${LAB_IMAGE_PREFIX}debian-rootfs:${DEBIAN_SUITE}-${key}`;
  if (await imageExists(tag)) return tag;

  const cache = join(labCacheDir(), 'debootstrap', `${DEBIAN_SUITE}-${key}`);
  const rootfs = join(cache, 'rootfs');
  const done = join(cache, 'complete');
  if (!existsSync(done)) {
    // Suites in other processes may build it at the same time: one debootstraps, the
    // others wait for it (mkdir is atomic; a lock older than 15 min is a crashed build).
    const lock = `${cache}.lock`;
    mkdirSync(dirname(cache), { recursive: true });
    const deadline = Date.now() + 15 * 60_000;
    for (;;) {
      try {
        mkdirSync(lock);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const held = statSync(lock, { throwIfNoEntry: false });
        if (!held) continue; // released just now
        if (Date.now() - held.mtimeMs > 15 * 60_000) rmSync(lock, { recursive: true, force: true });
        else if (Date.now() > deadline) throw new Error(`waited too long for ${lock}`);
        else await new Promise((r) => setTimeout(r, 1000));
      }
    }
    try {
      if (!existsSync(done)) {
        rmSync(cache, { recursive: true, force: true });
        mkdirSync(cache, { recursive: true });
        await runChild('debootstrap', [...args, rootfs, DEBIAN_MIRROR], 'debootstrap');
        // Like the official image: no downloaded .debs kept.
        rmSync(join(rootfs, 'var/cache/apt/archives'), { recursive: true, force: true });
        mkdirSync(join(rootfs, 'var/cache/apt/archives/partial'), { recursive: true });
        writeFileSync(done, new Date().toISOString());
      }
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  if (await imageExists(tag)) return tag; // imported meanwhile by another process

  const tar = spawn('tar', ['--numeric-owner', '-C', rootfs, '-c', '.'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tarErr: Buffer[] = [];
  tar.stderr.on('data', (b: Buffer) => tarErr.push(b));
  const tarDone = new Promise<void>((resolve, reject) =>
    tar.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`tar of ${rootfs} exited ${code}: ${Buffer.concat(tarErr)}`)),
    ),
  );
  const [repo, tagPart] = tag.split(/:(?=[^:]+$)/);
  const stream = await labDocker().importImage(tar.stdout, { repo, tag: tagPart });
  await Promise.all([followProgress(stream, `docker import ${tag}`), tarDone]);
  return tag;
}

function npmFolder(): string {
  const root = execFileSync('npm', ['root', '-g'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const dir = join(root.trim(), 'npm');
  if (!existsSync(join(dir, 'bin', 'npm-cli.js'))) throw new Error(`npm not found at ${dir}`);
  return dir;
}

/**
 * Debian bookworm (dash as /bin/sh, bash, procps, tini at /usr/bin/tini, python3, a JRE,
 * curl) plus the host's node and npm at /usr/local, as the official node image lays them out.
 */
export function debianImage(): Promise<string> {
  return once('debian', async () => {
    const base = await debianRootfsImage();
    const npmDir = npmFolder();
    const npmVersion = (
      JSON.parse(readFileSync(join(npmDir, 'package.json'), 'utf8')) as { version: string }
    ).version;
    const dockerfile = [
      `FROM ${base}`,
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'COPY node /usr/local/bin/node',
      'COPY npm /usr/local/lib/node_modules/npm',
      'RUN ["/bin/ln", "-s", "../lib/node_modules/npm/bin/npm-cli.js", "/usr/local/bin/npm"]',
      'RUN ["/bin/ln", "-s", "../lib/node_modules/npm/bin/npx-cli.js", "/usr/local/bin/npx"]',
      'CMD ["bash"]',
      '',
    ].join('\n');
    const key = shortHash(LAB_VERSION, dockerfile, process.version, npmVersion);
    const tag = `${LAB_IMAGE_PREFIX}debian:${DEBIAN_SUITE}-${key}`;
    if (await imageExists(tag)) return tag;
    const entries: TarEntry[] = [
      { kind: 'file', path: 'Dockerfile', mode: 0o644, data: Buffer.from(dockerfile) },
      { kind: 'file', path: 'node', mode: 0o755, data: readFileSync(process.execPath) },
      ...directoryEntries(npmDir, 'npm'),
    ];
    return buildFromEntries(entries, tag);
  });
}

// ---------------------------------------------------------------- containers

/** Create (labelled) and, unless `start: false`, start a container. */
export async function runContainer(
  create: Docker.ContainerCreateOptions,
  opts: { start?: boolean } = {},
): Promise<Docker.Container> {
  const c = await labDocker().createContainer({
    ...create,
    Labels: { ...(create.Labels ?? {}), [LAB_LABEL]: '1', [LAB_OWNER_LABEL]: owner },
  });
  if (opts.start !== false) await c.start();
  return c;
}

/** The container's PID 1 on the host, or throws when it is not running. */
async function hostPid(c: Docker.Container): Promise<number> {
  const info = await c.inspect();
  if (!info.State.Running || !info.State.Pid)
    throw new Error(`container ${c.id.slice(0, 12)} is not running (${info.State.Status})`);
  return info.State.Pid;
}

function readCmdline(pid: number): string[] {
  const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  const parts = raw.split('\0');
  // A program that sets its title (npm: "npm start") leaves NUL padding behind it.
  while (parts.length && parts.at(-1) === '') parts.pop();
  return parts;
}

/** PID 1's argv, read from the host's /proc (the container's PID 1 is State.Pid there). */
export async function pid1Argv(c: Docker.Container): Promise<string[]> {
  return readCmdline(await hostPid(c));
}

/** `docker stop -t timeoutSeconds`, timed, then what the daemon says about the exit. */
export async function timedStop(
  c: Docker.Container,
  timeoutSeconds: number,
): Promise<{ ms: number; exitCode: number; oomKilled: boolean }> {
  const t0 = performance.now();
  try {
    await c.stop({ t: timeoutSeconds });
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 304) throw err; // 304: already stopped
  }
  const ms = performance.now() - t0;
  const info = await c.inspect();
  return { ms, exitCode: info.State.ExitCode, oomKilled: info.State.OOMKilled };
}

/** Poll `fn` until it returns a value other than undefined/false, or throw after timeoutMs. */
export async function waitFor<T>(
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  opts: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const intervalMs = opts.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline)
      throw new Error(
        `waitFor: timed out after ${timeoutMs} ms` +
          (lastError ? ` (last error: ${errorText(lastError)})` : ''),
      );
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** /proc/<pid>/status on the host as key → value (State, PPid, SigCgt, ...). */
export function hostProcStatus(pid: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  return out;
}

export interface HostProcess {
  pid: number;
  ppid: number;
  /** One letter, as in /proc status: R, S, Z, ... */
  state: string;
  name: string;
  argv: string[];
}

function childPids(pid: number): number[] {
  const out: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    } catch {
      // the task ended while we read
    }
  }
  return out;
}

/** The container's processes (PID 1 first, then descendants) as the host sees them. */
export async function containerProcesses(c: Docker.Container): Promise<HostProcess[]> {
  const root = await hostPid(c);
  const out: HostProcess[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift() as number;
    try {
      const st = hostProcStatus(pid);
      let argv: string[] = [];
      try {
        argv = readCmdline(pid);
      } catch {
        // zombies have an empty cmdline; gone processes throw
      }
      out.push({
        pid,
        ppid: Number(st['PPid']),
        state: (st['State'] ?? '?').charAt(0),
        name: st['Name'] ?? '',
        argv,
      });
    } catch {
      continue; // exited meanwhile
    }
    queue.push(...childPids(pid));
  }
  return out;
}

/** stdout and stderr of a container without a TTY, de-multiplexed, as one text. */
export async function containerLogs(c: Docker.Container): Promise<string> {
  // Right after a KILL the engine can briefly answer 409 ("dead or marked for removal").
  const raw = await waitFor(
    () =>
      c
        .logs({ stdout: true, stderr: true, follow: false })
        .catch((err: { statusCode?: number }) => {
          if (err.statusCode === 409) return undefined;
          throw err;
        }),
    { timeoutMs: 5000, intervalMs: 100 },
  );
  const parts: Buffer[] = [];
  // Each frame: [stream, 0, 0, 0, size (big-endian u32)] then size bytes.
  for (let i = 0; i + 8 <= raw.length;) {
    const size = raw.readUInt32BE(i + 4);
    parts.push(raw.subarray(i + 8, i + 8 + size));
    i += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}
