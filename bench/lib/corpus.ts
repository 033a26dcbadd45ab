// The bench inputs: the hand-written corpus in bench/corpus/ (shapes of real public
// Dockerfiles, see its README) and generated large files, built deterministically in
// memory so that every run measures the same bytes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BenchFile {
  name: string;
  text: string;
  lines: number;
  bytes: number;
}

export const corpusDir = new URL('../corpus/', import.meta.url).pathname;

export function lineCount(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return text.endsWith('\n') ? n - 1 : n;
}

function benchFile(name: string, text: string): BenchFile {
  return { name, text, lines: lineCount(text), bytes: Buffer.byteLength(text) };
}

export function loadCorpus(): BenchFile[] {
  return readdirSync(corpusDir)
    .filter((n) => n.endsWith('.Dockerfile') || n === 'Dockerfile')
    .sort()
    .map((n) => benchFile(n, readFileSync(join(corpusDir, n), 'utf8')));
}

/** Linux files only (a Windows escape directive is meaningful only on a file's first line). */
export function linuxCorpus(corpus: BenchFile[]): BenchFile[] {
  return corpus.filter((f) => !/^#\s*escape\s*=\s*`/m.test(f.text) && !f.text.includes('\r\n'));
}

/** One stage, the same block again and again: RUN with continuations, ENV, COPY, a comment. */
export function uniformDockerfile(targetLines: number): BenchFile {
  const out = ['FROM debian:bookworm-slim'];
  for (let i = 0; out.length < targetLines; i++) {
    out.push(
      `# step ${i}`,
      `RUN apt-get update \\`,
      `    && apt-get install -y --no-install-recommends pkg-${i} \\`,
      `    && rm -rf /var/lib/apt/lists/*`,
      `ENV STEP_${i}=done`,
      `COPY files/${i} /opt/files/${i}`,
    );
  }
  out.length = targetLines;
  out.push('CMD ["/opt/files/0/run"]');
  return benchFile(`uniform-${targetLines}`, out.join('\n') + '\n');
}

/**
 * Whole corpus files, one after another, until the target line count: the shape of a
 * "many concatenated official Dockerfiles" file (many stages, many comments).
 */
export function concatenatedDockerfile(sources: BenchFile[], targetLines: number): BenchFile {
  const out: string[] = [];
  for (let i = 0; out.length < targetLines; i++) {
    out.push(...sources[i % sources.length].text.replace(/\n$/, '').split('\n'));
  }
  out.length = targetLines;
  return benchFile(`concatenated-${targetLines}`, out.join('\n') + '\n');
}
