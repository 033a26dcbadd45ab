// `lint --fix` on disk: the domain's fix loop (src/analysis/fixes/loop.ts) over each file,
// then every changed file written atomically and only if nobody else changed it meanwhile.
import * as path from 'node:path';
import type { FileAnalysis, Fix, Finding } from '../analysis/types';
import { fixUntilStable, maxFixPasses, type FixEnvironment } from '../analysis/fixes/loop';
import { suppressionFix } from '../analysis/fixes/suppress';
import { isComposeFile } from '../analysis';
import { readTextFile } from './files';
import { writeIfUnchanged } from './write';

/** Writes of one file tried before giving up on a file that keeps changing. */
const maxWriteAttempts = 3;

export interface FixRun {
  /** Lines for the user: what was fixed, refused and written. */
  report: string[];
  /** Files that could not be written (with why). */
  failures: string[];
}

export function fixFiles(
  files: readonly string[],
  originals: Map<string, string>,
  analyze: (file: string, text: string, fixed: ReadonlyMap<string, string>) => FileAnalysis,
  showPath: (file: string) => string,
  suppressAll: boolean,
): FixRun {
  const fixed = new Map<string, string>();
  const readOriginal = (file: string): string | undefined => {
    const absolute = path.resolve(file);
    if (!originals.has(absolute)) {
      const read = readTextFile(absolute);
      if (!read.ok) return undefined;
      originals.set(absolute, read.text);
    }
    return originals.get(absolute);
  };
  const env: FixEnvironment = { readOriginal, analyze };
  const report: string[] = [];
  const note = (verb: string, a: { path: string; line: number; rule: string; title: string }) =>
    `${verb} ${showPath(a.path)}:${a.line + 1}  ${a.rule}: ${a.title}`;
  for (const file of files) {
    const outcome = fixUntilStable(file, env, fixed);
    for (const a of outcome.applied) report.push(note('fixed', a));
    for (const r of outcome.refused) report.push(`${note('not fixed', r)} (${r.reason})`);
    if (!outcome.stable)
      report.push(
        `${showPath(file)}: fixes did not settle after ${maxFixPasses} passes; the rest is reported below`,
      );
    if (suppressAll) {
      const kind = isComposeFile(file) ? 'compose' : 'dockerfile';
      const choose = (f: Finding): Fix =>
        suppressionFix(kind, fixed.get(file) ?? readOriginal(file) ?? '', f);
      const silenced = fixUntilStable(file, { ...env, choose }, fixed);
      for (const a of silenced.applied) report.push(note('suppressed', a));
    }
  }
  const failures: string[] = [];
  for (const file of [...fixed.keys()]) {
    for (let attempt = 1; ; attempt++) {
      const original = originals.get(file);
      const text = fixed.get(file);
      if (original === undefined || text === undefined || original === text) break;
      const written = writeIfUnchanged(file, original, text);
      if (written.ok) {
        report.push(`wrote ${showPath(file)}`);
        if (written.lateBytes)
          report.push(
            `${showPath(file)}: another program appended to it while it was written; its lines were kept at the end`,
          );
        break;
      }
      // Another program changed a file named on the command line while it was being fixed:
      // fix the text it has now and try again (a few times: a file that keeps changing is left).
      const now = written.changed && attempt < maxWriteAttempts ? readTextFile(file) : undefined;
      if (!now?.ok || !files.includes(file)) {
        failures.push(`cannot write ${showPath(file)}: ${written.message}`);
        break;
      }
      report.push(`${showPath(file)} changed on disk while it was being fixed; fixing it again`);
      originals.set(file, now.text);
      fixed.delete(file);
      fixUntilStable(file, env, fixed);
    }
  }
  return { report, failures };
}
