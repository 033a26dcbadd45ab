// What `lint` reads from disk: the files named on the command line, Dockerfiles and compose
// files found in directories, and each Dockerfile's build context (its folder). Errors are
// values: a missing path or an unreadable file is reported, never thrown.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  statSync,
  type Stats,
} from 'node:fs';
import * as path from 'node:path';
import { isComposeFile, isDockerfile } from '../analysis/file-kinds';

/** Larger files are refused (as the language server refuses larger documents). */
export const maxInputBytes = 4 * 1024 * 1024;

/** Folders a directory search never enters. */
export const skippedDirectories = new Set(['node_modules', '.git']);

export interface FileProblem {
  path: string;
  message: string;
}

export interface CollectedFiles {
  /** Absolute paths, in a stable order, without duplicates. */
  files: string[];
  /** Paths that do not exist (a usage error). */
  missing: string[];
  /** Directories that could not be read while searching. */
  problems: FileProblem[];
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  if (e?.code === 'EISDIR') return 'is a directory';
  if (e?.code === 'ENOENT') return 'no such file or directory';
  return e?.message ?? String(err);
}

function walk(dir: string, out: string[], problems: FileProblem[]): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (err) {
    problems.push({ path: dir, message: `cannot read directory: ${describe(err)}` });
    return;
  }
  for (const name of names) {
    const full = path.join(dir, name);
    let stat: Stats;
    try {
      stat = lstatSync(full);
    } catch (err) {
      problems.push({ path: full, message: `cannot read: ${describe(err)}` });
      continue;
    }
    // Symbolic links to folders are not followed (no loops, no leaving the tree).
    if (stat.isDirectory()) {
      if (!skippedDirectories.has(name)) walk(full, out, problems);
    } else if (
      (stat.isFile() || stat.isSymbolicLink()) &&
      (isDockerfile(name) || isComposeFile(name))
    ) {
      out.push(full);
    }
  }
}

/** Files named explicitly are linted whatever their name; directories are searched. */
export function collectFiles(inputs: string[], cwd: string): CollectedFiles {
  const files: string[] = [];
  const missing: string[] = [];
  const problems: FileProblem[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    let stat: Stats;
    try {
      stat = statSync(absolute);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') missing.push(input);
      else problems.push({ path: absolute, message: `cannot read: ${describe(err)}` });
      continue;
    }
    if (stat.isDirectory()) walk(absolute, files, problems);
    else if (!stat.isFile()) problems.push({ path: absolute, message: notRegular(stat) });
    else files.push(absolute);
  }
  return { files: [...new Set(files)], missing, problems };
}

export type ReadResult = { ok: true; text: string } | { ok: false; message: string };

/** What a path that is not a regular file is, for the message. */
export function notRegular(stat: Stats): string {
  const what = stat.isFIFO()
    ? 'a FIFO'
    : stat.isCharacterDevice()
      ? 'a character device'
      : stat.isBlockDevice()
        ? 'a block device'
        : stat.isSocket()
          ? 'a socket'
          : stat.isDirectory()
            ? 'a directory'
            : 'not a file';
  return `not a regular file (${what}); lint reads Dockerfiles and compose files only`;
}

function tooLarge(size: number): string {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `too large (${mib(size)}; the limit is ${mib(maxInputBytes)})`;
}

/**
 * Reads a regular file of at most maxInputBytes. It is opened without blocking (a FIFO put in
 * its place after the check cannot hang the read) and checked again on the open descriptor.
 */
export function readTextFile(absolute: string): ReadResult {
  let fd: number | undefined;
  try {
    const before = statSync(absolute);
    if (!before.isFile()) return { ok: false, message: notRegular(before) };
    if (before.size > maxInputBytes) return { ok: false, message: tooLarge(before.size) };
    fd = openSync(absolute, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, message: notRegular(stat) };
    const buffer = Buffer.alloc(Math.min(stat.size, maxInputBytes) + 1);
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n)
      n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > maxInputBytes) return { ok: false, message: tooLarge(length) };
    return { ok: true, text: buffer.toString('utf8', 0, length) };
  } catch (err) {
    return { ok: false, message: describe(err) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Reads stdin up to maxInputBytes; more is an error, not a 3 GB buffer. */
export async function readLimited(stream: AsyncIterable<Buffer | string>): Promise<ReadResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > maxInputBytes) return { ok: false, message: `stdin is ${tooLarge(size)}` };
    chunks.push(buffer);
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}

/** A path as the user reads it: relative to the working directory, with '/' separators. */
export function displayPath(absolute: string, cwd: string): string {
  if (!path.isAbsolute(absolute)) return absolute.split(path.sep).join('/');
  const relative = path.relative(cwd, absolute);
  const shown = relative === '' ? path.basename(absolute) : relative;
  return shown.split(path.sep).join('/');
}
