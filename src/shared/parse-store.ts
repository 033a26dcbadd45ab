// Parses kept between processes (the store behind ../model/kept-parses.ts). Loading a parser
// is most of a short process that needs it: measured on Node 20 here, the shell parser
// (mvdan-sh, GopherJS) ~85 ms to read, compile from V8's code cache and initialise, in a
// `lint` of ~230 ms; the YAML library and a compose file's first parse ~9 ms (bench
// `startup`). The texts are an image's entrypoint scripts, CMD lines and the compose files
// above a Dockerfile, which rarely change between two runs of a pre-commit hook or two editor
// sessions. So each result (a small, immutable value: a shell program, the builds a compose
// file declares) is kept in a file beside V8's code cache, keyed by the kind of parse, a hash
// of the text and the build of the bundle that parsed it (its path, size and mtime: a rebuilt
// engine never reads another build's results). A run whose texts were all parsed before
// loads neither parser.
//
// Any failure (no tmpdir, a corrupt or unreadable file, a full disk) leaves the parses to
// the parser, as without this store. CONTAINER_DOCTOR_CODE_CACHE=off turns it off with the
// code cache.
import fs from 'node:fs';
import path from 'node:path';
import { keptParsesSlot, type KeptParses } from '../model/kept-parses';
import { defaultCacheDir, isOwnCacheDir, isOwnExistingCacheDir } from './code-cache';

export type ParseStore = KeptParses;

/** Entries kept per bundle build, least recently used first out. */
const MAX_ENTRIES = 512;
/** A text and result larger than this (as JSON) are not kept: the file stays quick to read. */
const MAX_ENTRY_CHARS = 64 * 1024;

interface Entry {
  text: string;
  value: unknown;
}

const isEntry = (e: unknown): e is Entry =>
  typeof e === 'object' && e !== null && typeof (e as Entry).text === 'string' && 'value' in e;

interface OwnerFile {
  file: string | undefined;
  entries: Map<string, unknown>;
  dirty: boolean;
}

export interface ParseStoreOptions {
  cacheDir?: string;
  /** Also write this long after a new entry (long-lived processes, worker threads). */
  writeAfterMs?: number;
  /** Write new entries when the process exits (default true). */
  writeAtExit?: boolean;
}

/** A store backed by one JSON file per bundle build; written at exit and after new entries. */
export function fileParseStore(options: ParseStoreOptions = {}): ParseStore {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const owners = new Map<string, OwnerFile>();
  let timer: NodeJS.Timeout | undefined;

  const ownerFile = (owner: string): OwnerFile => {
    let o = owners.get(owner);
    if (!o) {
      const file = storeFileOf(cacheDir, owner);
      o = { file, entries: file ? readEntries(file) : new Map(), dirty: false };
      owners.set(owner, o);
    }
    return o;
  };
  const writeAll = () => {
    for (const o of owners.values())
      if (o.dirty && o.file) {
        writeEntries(o.file, o.entries);
        o.dirty = false;
      }
  };
  if (options.writeAtExit !== false) process.once('exit', writeAll);

  return {
    get(owner, kind, text) {
      const o = ownerFile(owner);
      const key = keyOf(kind, text);
      const entry = o.entries.get(key);
      // The text itself is kept and compared: a hash collision is a miss, never a wrong answer.
      if (!isEntry(entry) || entry.text !== text) return undefined;
      o.entries.delete(key); // most recently used last
      o.entries.set(key, entry);
      return entry.value;
    },
    set(owner, kind, text, value) {
      const o = ownerFile(owner);
      if (!o.file || text.length + JSON.stringify(value).length > MAX_ENTRY_CHARS) return;
      o.entries.set(keyOf(kind, text), { text, value });
      while (o.entries.size > MAX_ENTRIES) o.entries.delete(o.entries.keys().next().value!);
      o.dirty = true;
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
  return `${kind}:${text.length}:${hash.toString(36)}`;
}

function storeFileOf(cacheDir: string, owner: string): string | undefined {
  try {
    const s = fs.statSync(owner);
    const name = owner.replace(/[^A-Za-z0-9._-]+/g, '_').slice(-120);
    return path.join(cacheDir, `${name}-${s.size}-${Math.round(s.mtimeMs)}.parses.json`);
  } catch {
    return undefined; // no bundle file to key on: keep nothing
  }
}

function readEntries(file: string): Map<string, unknown> {
  if (!isOwnCacheDir(path.dirname(file))) return new Map();
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    if (data && typeof data === 'object' && !Array.isArray(data))
      return new Map(Object.entries(data as Record<string, unknown>));
  } catch {
    // absent (a first run) or unreadable: start empty
  }
  return new Map();
}

/** Write beside, then rename: a concurrent reader sees the old file or the new one, whole. */
function writeEntries(file: string, entries: Map<string, unknown>): void {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    if (!isOwnExistingCacheDir(path.dirname(file))) return;
    fs.writeFileSync(temporary, JSON.stringify(Object.fromEntries(entries)), {
      mode: 0o600,
      flag: 'wx',
    });
    fs.renameSync(temporary, file);
    // Files of earlier builds of this bundle are dead weight: keep the newest only.
    const prefix = path.basename(file).replace(/-[^-]+-[^-]+\.parses\.json$/, '-');
    for (const old of fs.readdirSync(path.dirname(file)))
      if (old.startsWith(prefix) && old !== path.basename(file) && old.endsWith('.parses.json'))
        fs.rmSync(path.join(path.dirname(file), old), { force: true });
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      /* nothing left to clean */
    }
  }
}
