// Parses kept between processes (the store behind ../model/kept-parses.ts). Loading a parser
// is most of a short process that needs it: measured on Node 20 here, the shell parser
// (mvdan-sh, GopherJS) ~85 ms to read, compile from V8's code cache and initialise, in a
// `lint` of ~230 ms; the YAML library and a compose file's first parse ~9 ms (bench
// `startup`). The texts are an image's entrypoint scripts, CMD lines and the compose files
// above a Dockerfile, which rarely change between two runs of a pre-commit hook or two editor
// sessions. So each result (a small, immutable value: a shell program, the builds a compose
// file declares) is kept in a file of its own beside V8's code cache, named by the kind of
// parse and a hash of the text, in a folder per build of the bundle that parsed it (its path,
// size and mtime: a rebuilt engine never reads another build's results). A run reads only the
// entries it asks for (one small file each); a run whose texts were all parsed before loads
// neither parser.
//
// Any failure (no tmpdir, a corrupt or unreadable file, a full disk) leaves the parses to
// the parser, as without this store. CONTAINER_DOCTOR_CODE_CACHE=off turns it off with the
// code cache.
import fs from 'node:fs';
import path from 'node:path';
import { keptParsesSlot, type KeptParses } from '../model/kept-parses';
import {
  buildStampOf,
  defaultCacheDir,
  isOwnCacheDir,
  removeEarlierBuilds,
  writeOwnCacheFile,
} from './code-cache';

export type ParseStore = KeptParses;

/** Entries kept per bundle build; the least recently written go first. */
const MAX_ENTRIES = 512;
/** An entry over this (its text and result as JSON; a shell program is ~10x its text) is not kept. */
const MAX_ENTRY_CHARS = 512 * 1024;

interface Entry {
  text: string;
  value: unknown;
}

const isEntry = (e: unknown): e is Entry =>
  typeof e === 'object' && e !== null && typeof (e as Entry).text === 'string' && 'value' in e;

export interface ParseStoreOptions {
  cacheDir?: string;
  /** Also write this long after a new entry (long-lived processes, worker threads). */
  writeAfterMs?: number;
  /** Write new entries when the process exits (default true). */
  writeAtExit?: boolean;
  /**
   * New entries kept per process at most. The language server parses every version of a
   * document as it is typed; only the first few are worth keeping for its next start.
   */
  maxNewEntries?: number;
}

/** A store of one JSON file per entry; new entries are written at exit and after `writeAfterMs`. */
export function fileParseStore(options: ParseStoreOptions = {}): ParseStore {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const folders = new Map<string, string | undefined>();
  const pending = new Map<string, { folder: string; entry: Entry }>();
  let timer: NodeJS.Timeout | undefined;
  let newEntries = 0;

  const folderOf = (owner: string): string | undefined => {
    if (!folders.has(owner)) folders.set(owner, storeFolderOf(cacheDir, owner));
    return folders.get(owner);
  };
  const writeAll = () => {
    const written = new Set<string>();
    for (const [file, { folder, entry }] of pending) {
      if (writeEntry(folder, file, entry)) written.add(folder);
    }
    pending.clear();
    for (const folder of written) prune(folder);
  };
  if (options.writeAtExit !== false) process.once('exit', writeAll);

  return {
    get(owner, kind, text) {
      const folder = folderOf(owner);
      if (!folder) return undefined;
      const file = path.join(folder, `${keyOf(kind, text)}.json`);
      const entry = pending.get(file)?.entry ?? readEntry(folder, file);
      // The text itself is kept and compared: a hash collision is a miss, never a wrong answer.
      return entry && entry.text === text ? entry.value : undefined;
    },
    set(owner, kind, text, value) {
      const folder = folderOf(owner);
      if (!folder || newEntries >= (options.maxNewEntries ?? MAX_ENTRIES)) return;
      if (text.length + JSON.stringify(value).length > MAX_ENTRY_CHARS) return;
      newEntries++;
      pending.set(path.join(folder, `${keyOf(kind, text)}.json`), {
        folder,
        entry: { text, value },
      });
      if (options.writeAfterMs !== undefined && !timer) {
        timer = setTimeout(() => {
          timer = undefined;
          writeAll();
        }, options.writeAfterMs);
        timer.unref();
      }
    },
  };
}

/**
 * Installs the file store for this thread's parses, unless
 * CONTAINER_DOCTOR_CODE_CACHE=off. Called by the built entry points only (the CLI's router,
 * the server and its analysis worker), so tests from sources parse as they always did.
 */
export function useParseStore(options: ParseStoreOptions = {}): void {
  if (process.env.CONTAINER_DOCTOR_CODE_CACHE === 'off') return;
  const slot = globalThis as Record<symbol, ParseStore | undefined>;
  slot[keptParsesSlot] ??= fileParseStore(options);
}

/**
 * The entry's key: the kind and a 53-bit hash of the text (cyrb53, a public-domain string
 * hash). Not a cryptographic hash: the entry keeps its text, compared on every read, and
 * node:crypto alone took ~4 ms to load in a `lint` process here.
 */
export function keyOf(kind: string, text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hash = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return `${kind}-${text.length}-${hash.toString(36)}`;
}

/** The folder of one build of the bundle `owner`; undefined when there is no file to key on. */
function storeFolderOf(cacheDir: string, owner: string): string | undefined {
  const stamp = buildStampOf(owner);
  return stamp === undefined ? undefined : path.join(cacheDir, `${stamp}.parses`);
}

function readEntry(folder: string, file: string): Entry | undefined {
  if (!isOwnCacheDir(folder)) return undefined;
  try {
    const entry = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    return isEntry(entry) ? entry : undefined;
  } catch {
    return undefined; // absent (not parsed before) or unreadable: parse
  }
}

function writeEntry(folder: string, file: string, entry: Entry): boolean {
  const isNew = !fs.existsSync(folder);
  if (!writeOwnCacheFile(file, JSON.stringify(entry))) return false;
  // A new folder is a new build of the bundle: the folders of its earlier builds go.
  if (isNew) removeEarlierBuilds(folder, '.parses');
  return true;
}

/** At most MAX_ENTRIES files per build: the least recently written go. */
function prune(folder: string): void {
  try {
    const names = fs.readdirSync(folder).filter((n) => n.endsWith('.json'));
    if (names.length <= MAX_ENTRIES) return;
    const byAge = names
      .map((n) => ({ n, t: fs.statSync(path.join(folder, n)).mtimeMs }))
      .sort((a, b) => a.t - b.t);
    for (const { n } of byAge.slice(0, names.length - MAX_ENTRIES))
      fs.rmSync(path.join(folder, n), { force: true });
  } catch {
    /* a cache: left as it is */
  }
}
