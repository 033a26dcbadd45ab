// How --fix writes a file: never half of it, never over a change made by someone else.
// - through a symbolic link: the link stays, its target gets the fixed text;
// - atomically: a temp file in the same folder (same file system), fsync'd, then renamed over
//   the target, keeping its mode (an entrypoint script stays executable);
// - only if the file on disk is still the text the fixes were computed from: another process
//   that appended lines meanwhile gets a clear refusal, not lost lines.
import {
  chmodSync,
  closeSync,
  fsyncSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import * as path from 'node:path';
import { readTextFile } from './files';

export type WriteResult = { ok: true } | { ok: false; message: string };

export function writeIfUnchanged(target: string, expected: string, text: string): WriteResult {
  let real: string;
  try {
    real = realpathSync(target);
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
  const now = readTextFile(real);
  if (!now.ok) return { ok: false, message: now.message };
  if (now.text !== expected)
    return {
      ok: false,
      message:
        'it changed on disk while it was being fixed (another program wrote to it); ' +
        'nothing was written, run the fix again',
    };
  try {
    writeFileAtomically(real, text);
    return { ok: true };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

/** A temp file beside the target, then rename: a reader sees the old text or the new, never half. */
export function writeFileAtomically(target: string, text: string): void {
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`,
  );
  let mode = 0o644;
  try {
    mode = statSync(target).mode & 0o7777;
  } catch {
    // a new file: the default mode
  }
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', mode);
    writeSync(fd, text, null, 'utf8');
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    chmodSync(temp, mode); // the umask may have narrowed it
    renameSync(temp, target);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw err;
  }
}
