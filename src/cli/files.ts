// What `lint` reads from disk: the files named on the command line, Dockerfiles and compose
// files found in directories, and each Dockerfile's build context (its folder). Errors are
// values: a missing path or an unreadable file is reported, never thrown.
import { lstatSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import * as path from 'node:path';
import { isComposeFile, isDockerfile } from '../analysis';

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
    else files.push(absolute);
  }
  return { files: [...new Set(files)], missing, problems };
}

export type ReadResult = { ok: true; text: string } | { ok: false; message: string };

export function readTextFile(absolute: string): ReadResult {
  try {
    return { ok: true, text: readFileSync(absolute, 'utf8') };
  } catch (err) {
    return { ok: false, message: describe(err) };
  }
}

/** A path as the user reads it: relative to the working directory, with '/' separators. */
export function displayPath(absolute: string, cwd: string): string {
  if (!path.isAbsolute(absolute)) return absolute.split(path.sep).join('/');
  const relative = path.relative(cwd, absolute);
  const shown = relative === '' ? path.basename(absolute) : relative;
  return shown.split(path.sep).join('/');
}
