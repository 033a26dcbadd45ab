// How --fix writes a file: never half of it, never over a change made by someone else.
// - through a symbolic link: the link stays, its target gets the fixed text;
// - atomically: a temp file in the same folder (same file system), fsync'd, then renamed over
//   the target, keeping its mode (an entrypoint script stays executable);
// - only if the file on disk is still the text the fixes were computed from: another process
//   that appended lines meanwhile gets a refusal (the caller fixes the new text again), not
//   lost lines; lines appended in the instant between that check and the rename are moved
//   from the replaced file into the new one, in the order they were written.
import {
  appendFileSync,
  chmodSync,
  closeSync,
  fstatSync,
  fsyncSync,
  openSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import * as path from 'node:path';
import { readTextFile } from './files';

export type WriteResult =
  | {
      ok: true;
      /** Lines another program appended between the last check and the rename, moved from
       * the replaced file to the end of the new one (bytes), when there were any. */
      lateBytes?: number;
    }
  | {
      ok: false;
      message: string;
      /** The file on disk is no longer the text the fixes were computed from. */
      changed?: boolean;
    };

function changedOnDisk(): WriteResult {
  return {
    ok: false,
    changed: true,
    message:
      'it changed on disk while it was being fixed (another program wrote to it); ' +
      'nothing was written, run the fix again',
  };
}

export function writeIfUnchanged(target: string, expected: string, text: string): WriteResult {
  let real: string;
  try {
    real = realpathSync(target);
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
  const now = readTextFile(real);
  if (!now.ok) return { ok: false, message: now.message };
  if (now.text !== expected) return changedOnDisk();
  // The file as it is replaced, held open: a program that appends (open, write, close) between
  // the check above and the rename writes into this file, not the new one; what it wrote is
  // read back from here and kept.
  let held: number | undefined;
  try {
    held = openSync(real, 'r');
    let consumed = Buffer.byteLength(expected);
    if (fstatSync(held).size !== consumed || readTail(held, 0) !== expected) return changedOnDisk();
    writeFileAtomically(real, text);
    // Lines that reached the replaced file after the check are older than any line appended
    // to the new one since (an appender's next open finds the new file), so they go in
    // between, not at the end: appending them there put `# 15` before `# 14` (seen in the
    // concurrent-appender test). Each round replaces the file again and looks at the one it
    // replaced; a round's window is the few microseconds between a rename and a read.
    let prefix = text;
    let lateBytes = 0;
    for (let round = 0; round < MERGE_ROUNDS; round++) {
      const late = readTail(held, consumed);
      if (late.length === 0) break;
      lateBytes += Buffer.byteLength(late);
      const next: number = openSync(real, 'r');
      const current = readTail(next, 0);
      if (!current.startsWith(prefix)) {
        // Rewritten by someone else meanwhile: keep the late lines, at the end.
        closeSync(next);
        appendFileSync(real, late);
        break;
      }
      prefix = prefix + late + current.slice(prefix.length);
      writeFileAtomically(real, prefix);
      closeSync(held);
      held = next;
      consumed = Buffer.byteLength(current);
    }
    return lateBytes === 0 ? { ok: true } : { ok: true, lateBytes };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  } finally {
    if (held !== undefined) closeSync(held);
  }
}

/** Rounds of moving late lines into place (each one rarer than the last: see above). */
const MERGE_ROUNDS = 8;

/** The text of an open file from byte `from` to its end. */
function readTail(fd: number, from: number): string {
  const chunks: Buffer[] = [];
  const chunk = Buffer.alloc(64 * 1024);
  for (let at = from; ;) {
    const n = readSync(fd, chunk, 0, chunk.length, at);
    if (n === 0) break;
    chunks.push(Buffer.from(chunk.subarray(0, n)));
    at += n;
  }
  return Buffer.concat(chunks).toString('utf8');
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
