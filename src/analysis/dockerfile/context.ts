// Following a container path back to the build-context file a COPY/ADD put there.
import type { BuildContext } from '../types';
import { resolvePath, type CopySource } from './command';

const PATH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export interface ContextFile {
  relativePath: string;
  /** Where the file is in the image (the path the program name resolved to). */
  imagePath?: string;
  text: string;
  copy: CopySource;
  /** The file is a heredoc in the Dockerfile: document offset of its first character. */
  inDockerfile?: { offset: number };
}

/** A file a heredoc in the Dockerfile writes at `path`, if any. */
function inlineFile(copy: CopySource, path: string): ContextFile | null {
  if (!copy.inline) return null;
  const file = copy.dest.endsWith('/')
    ? copy.inline.find((f) => copy.dest + f.name === path)
    : copy.dest === path && copy.inline.length === 1
      ? copy.inline[0]
      : undefined;
  if (!file) return null;
  return {
    relativePath: `${path} (a heredoc in the Dockerfile, line ${copy.instr.range.start.line + 1})`,
    imagePath: path,
    text: file.text,
    copy,
    inDockerfile: { offset: file.offset },
  };
}

function clean(src: string): string {
  return src.replace(/^\.\//, '').replace(/\/+$/, '').replace(/^\/+/, '');
}

function join(a: string, b: string): string {
  const x = clean(a);
  return x === '' || x === '.' ? b : `${x}/${b}`;
}

/** Build-context paths a COPY/ADD would have taken `path` (in the image) from. */
export function candidates(copy: CopySource, path: string): string[] {
  const out: string[] = [];
  if (copy.dest.endsWith('/')) {
    if (!path.startsWith(copy.dest)) return out;
    const rel = path.slice(copy.dest.length);
    for (const src of copy.sources) {
      if (/[*?[]/.test(src) || /^https?:/.test(src)) continue;
      const s = clean(src);
      if (s === '' || s === '.') out.push(rel);
      else {
        if (s.split('/').pop() === rel) out.push(s);
        out.push(join(s, rel));
      }
    }
  } else if (copy.sources.length === 1 && !/[*?[]/.test(copy.sources[0]!)) {
    const s = clean(copy.sources[0]!);
    if (path === copy.dest) out.push(s);
    else if (path.startsWith(copy.dest + '/')) {
      // The destination may be an existing directory (`COPY app.js .`): the file lands inside it.
      const rel = path.slice(copy.dest.length + 1);
      if (s.split('/').pop() === rel) out.push(s);
      out.push(join(s, rel));
    }
  }
  return out;
}

/** The context file behind `program` (absolute, relative to WORKDIR, or on PATH). */
export function findContextFile(
  program: string,
  workdir: string,
  copies: readonly CopySource[],
  context: BuildContext,
  /** A program name without '/' is looked up on PATH; a file argument is relative to WORKDIR. */
  isProgram = true,
): ContextFile | null {
  const paths =
    program.includes('/') || !isProgram
      ? [resolvePath(workdir, program)]
      : PATH_DIRS.map((d) => `${d}/${program}`);
  for (let i = copies.length - 1; i >= 0; i--) {
    const copy = copies[i]!;
    for (const p of paths) {
      const inline = inlineFile(copy, p);
      if (inline) return inline;
      for (const rel of candidates(copy, p)) {
        let text: string | undefined;
        try {
          text = context.readFile(rel);
        } catch {
          text = undefined;
        }
        if (text !== undefined) return { relativePath: rel, text, copy, imagePath: p };
      }
    }
  }
  return null;
}
