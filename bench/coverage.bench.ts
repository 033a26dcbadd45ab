// `npm run bench -- coverage`: how often the engine gives a stop verdict (graceful or not) on
// realistic Linux Dockerfiles, and why not where it does not. Two inputs: the projects of
// bench/corpus/contexts/ (each a small repository in the shape of a public project, linted
// with the build context its compose, Bake or dev container file names, as the editor and
// the CLI do), and the flat corpus files of bench/corpus/ (no build context: a script they
// COPY cannot be read). Goal: a stop verdict on at least 90% of realistic Linux Dockerfiles.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyzeFile, isDockerfile, noBuildContext, type FileAnalysis } from '../src/analysis';
import { buildContextFor } from '../src/shared/build-context';
import { corpusDir, linuxCorpus, loadCorpus } from './lib/corpus';

const GOAL = 0.9;
const contextsDir = join(corpusDir, 'contexts');

type Outcome =
  | 'stop verdict'
  | 'script not found'
  | 'program unknown'
  | 'base unknown'
  | 'command is a variable'
  | 'other';

interface Row {
  file: string;
  outcome: Outcome;
  pid1: string;
  graceful: boolean | null;
  context: string;
  why: string;
}

/** Is `program` a file the Dockerfile copies from its build context (COPY/ADD, not --from)? */
function copiedFromContext(dockerfile: string, program: string): boolean {
  const name = program.split('/').pop() ?? program;
  return dockerfile
    .split('\n')
    .some(
      (line) =>
        /^\s*(COPY|ADD)\s/i.test(line) &&
        !/--from=/i.test(line) &&
        line.split(/[\s"',[\]]+/).some((w) => w.split('/').pop() === name),
    );
}

/**
 * Why there is no stop verdict, from the verdict's own reasons (they name the missing fact);
 * a PID 1 that is not in the knowledge table but is a file the Dockerfile copies from its
 * context is a script the context did not give (no context, or not in it, or ignored).
 */
function outcomeOf(a: FileAnalysis, dockerfile: string): { outcome: Outcome; why: string } {
  const v = a.runtime;
  if (v && v.gracefulStop !== null) return { outcome: 'stop verdict', why: '' };
  const reasons = v?.reasons ?? [];
  const text = reasons.join(' ');
  const why = reasons.find((r) => /not|unknown/i.test(r)) ?? reasons.at(-1) ?? 'no verdict';
  if (/is not in the build context/.test(text)) return { outcome: 'script not found', why };
  if (
    /which is not in the knowledge table|base image\b.*\bnot known|depends on the base image/.test(
      text,
    )
  )
    return { outcome: 'base unknown', why };
  if (/program is a variable/.test(text)) return { outcome: 'command is a variable', why };
  const program = v?.pid1?.argv[0];
  if (
    program &&
    /is not in the knowledge table: how/.test(text) &&
    copiedFromContext(dockerfile, program)
  )
    return { outcome: 'script not found', why };
  if (/is not in the knowledge table|as PID 1 is not known/.test(text))
    return { outcome: 'program unknown', why };
  return { outcome: 'other', why };
}

function dockerfilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...dockerfilesUnder(p));
    else if (isDockerfile(p)) out.push(p);
  }
  return out;
}

function contextRows(): Row[] {
  const rows: Row[] = [];
  for (const project of readdirSync(contextsDir).sort()) {
    const root = join(contextsDir, project);
    if (!statSync(root).isDirectory()) continue;
    for (const file of dockerfilesUnder(root)) {
      // The project folder is the repository root: the discovery stops there.
      const context = buildContextFor(file, new Map(), { stopAt: root });
      const text = readFileSync(file, 'utf8');
      const a = analyzeFile(file, text, context);
      rows.push({
        file: relative(contextsDir, file),
        ...outcomeOf(a, text),
        pid1: a.runtime?.pid1?.program ?? '?',
        graceful: a.runtime?.gracefulStop ?? null,
        context: `${relative(contextsDir, context.root) || '.'} (${context.reason})`,
      });
    }
  }
  return rows;
}

function flatRows(): Row[] {
  return linuxCorpus(loadCorpus()).map((f) => {
    const a = analyzeFile(`/corpus/${f.name}`, f.text, noBuildContext);
    return {
      file: f.name,
      ...outcomeOf(a, f.text),
      pid1: a.runtime?.pid1?.program ?? '?',
      graceful: a.runtime?.gracefulStop ?? null,
      context: 'none',
    };
  });
}

const pct = (n: number, d: number) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);

function summary(title: string, rows: Row[]): { known: number; total: number } {
  const total = rows.length;
  const counts = new Map<Outcome, number>();
  for (const r of rows) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  const known = counts.get('stop verdict') ?? 0;
  console.log(`\n${title}: ${total} Dockerfiles`);
  console.log(`| outcome | files | share |\n|---|---|---|`);
  for (const o of [
    'stop verdict',
    'script not found',
    'program unknown',
    'base unknown',
    'command is a variable',
    'other',
  ] as const)
    console.log(`| ${o} | ${counts.get(o) ?? 0} | ${pct(counts.get(o) ?? 0, total)} |`);
  return { known, total };
}

function detail(rows: Row[], withContext: boolean): void {
  console.log(
    `\n| file | PID 1 | graceful | ${withContext ? 'context | ' : ''}why no verdict |\n|---|---|---|${withContext ? '---|' : ''}---|`,
  );
  for (const r of rows)
    console.log(
      `| ${r.file} | ${r.pid1} | ${r.graceful ?? '?'} | ${withContext ? `${r.context} | ` : ''}${r.why.replace(/\|/g, '\\|')} |`,
    );
}

const projects = contextRows();
const flat = flatRows();
console.log(
  'Stop-verdict coverage (share of Linux Dockerfiles whose docker stop outcome is known)',
);
detail(projects, true);
const p = summary('projects with their build contexts (bench/corpus/contexts)', projects);
detail(
  flat.filter((r) => r.outcome !== 'stop verdict'),
  false,
);
const f = summary('flat corpus files without a build context (bench/corpus)', flat);
const all = { known: p.known + f.known, total: p.total + f.total };
console.log('\n| goal | measured | |\n|---|---|---|');
for (const [name, s] of [
  ['projects with contexts', p],
  ['all Linux files', all],
] as const)
  console.log(
    `| stop verdict on >= ${GOAL * 100}% (${name}) | ${pct(s.known, s.total)} (${s.known}/${s.total}) | ${s.known / s.total >= GOAL ? 'PASS' : 'MISS'} |`,
  );
