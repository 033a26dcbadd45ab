// Why dockerfile-ast 0.7.1's parse grows superlinearly on "many concatenated official
// Dockerfiles" and stays linear on uniform files, and the proof that a linear
// organizeComments() removes it without changing the result.
//
//   npm run bench -- dockerfile-ast-growth
import { loadavg } from 'node:os';
import { DockerfileParser } from 'dockerfile-ast';
import { analyzeFile, noBuildContext } from '../src/analysis/index';
import {
  concatenatedDockerfile,
  linuxCorpus,
  loadCorpus,
  uniformDockerfile,
  type BenchFile,
} from './lib/corpus';
import {
  installLinearOrganizeComments,
  restoreOrganizeComments,
} from './lib/linear-organize-comments';
import { collectGarbage, fmtMs, nowNs, preferCpu, table, timeOnce, verdict } from './lib/measure';

const priority = preferCpu();
const quick = process.env.BENCH_QUICK === '1';
const runs = quick ? 3 : 9;
const sizes = [1000, 2000, 5000, 10000, 20000, 40000];

type Proto = { organizeComments: (this: unknown) => void };
const proto = Object.getPrototypeOf(DockerfileParser.parse('')) as Proto;

/** Fastest of `runs` parses, and the time spent inside organizeComments in that run. */
function measureParse(text: string): { parse: number; organize: number } {
  const inner = proto.organizeComments;
  let organize = 0;
  proto.organizeComments = function (this: unknown) {
    const t = nowNs();
    inner.call(this);
    organize = Number(nowNs() - t) / 1e6;
  };
  try {
    DockerfileParser.parse(text); // warm-up
    let best = { parse: Infinity, organize: 0 };
    for (let i = 0; i < runs; i++) {
      const parse = timeOnce(() => DockerfileParser.parse(text));
      if (parse < best.parse) best = { parse, organize };
    }
    return best;
  } finally {
    proto.organizeComments = inner;
  }
}

/** Which comments each stage got: the observable result of organizeComments. */
function assignment(text: string): string {
  const ast = DockerfileParser.parse(text) as unknown as {
    buildStages: { getComments(): { getRange(): { start: { line: number } } }[] }[];
    initialInstructions: { getComments(): { getRange(): { start: { line: number } } }[] };
  };
  const lines = (cs: { getRange(): { start: { line: number } } }[]): string =>
    cs.map((c) => c.getRange().start.line).join(',');
  return [
    lines(ast.initialInstructions.getComments()),
    ...ast.buildStages.map((s) => lines(s.getComments())),
  ].join('|');
}

const corpus = loadCorpus();
const shapes: Record<string, (n: number) => BenchFile> = {
  uniform: uniformDockerfile,
  'concatenated official-like': (n) => concatenatedDockerfile(linuxCorpus(corpus), n),
};

const rows: (string | number)[][] = [];
const exponents: { shape: string; variant: string; k: number }[] = [];
for (const [shape, make] of Object.entries(shapes)) {
  const files = sizes.map(make);
  const before: number[] = [];
  const after: number[] = [];
  for (const f of files) {
    collectGarbage();
    const ast = DockerfileParser.parse(f.text);
    const stages = ast.getFROMs().length;
    const comments = ast.getComments().length;
    const original = measureParse(f.text);
    installLinearOrganizeComments();
    const linear = measureParse(f.text);
    restoreOrganizeComments();
    before.push(original.parse);
    after.push(linear.parse);
    rows.push([
      `${shape} ${f.lines / 1000}k`,
      stages,
      comments,
      fmtMs(original.parse),
      `${fmtMs(original.organize)} (${((100 * original.organize) / original.parse).toFixed(0)}%)`,
      fmtMs(linear.parse),
      fmtMs(linear.organize),
    ]);
  }
  const lineRatio = files[files.length - 1].lines / files[0].lines;
  for (const [variant, ms] of [
    ['dockerfile-ast 0.7.1', before],
    ['with linear organizeComments', after],
  ] as const) {
    exponents.push({
      shape,
      variant,
      k: Math.log(ms[ms.length - 1] / ms[0]) / Math.log(lineRatio),
    });
  }
}

// End to end: our analyzeFile() on the concatenated shape, as it is and with the patch.
const engineRows: (string | number)[][] = [];
for (const n of sizes) {
  const f = shapes['concatenated official-like'](n);
  const lint = (): unknown =>
    analyzeFile(`/bench/${f.name}.Dockerfile`, f.text, noBuildContext, {});
  const best = (): number => {
    lint();
    return Math.min(...Array.from({ length: runs }, () => timeOnce(lint)));
  };
  collectGarbage();
  const asIs = best();
  installLinearOrganizeComments();
  const patched = best();
  restoreOrganizeComments();
  engineRows.push([`${n / 1000}k`, fmtMs(asIs), fmtMs(patched), `${(asIs / patched).toFixed(2)}x`]);
}

console.log(
  `dockerfile-ast parse, fastest of ${runs} runs (ms), ${priority}, load average ` +
    `${loadavg()[0].toFixed(1)}; organizeComments is timed inside it\n`,
);
console.log(
  table(
    [
      'file',
      'stages',
      'comments',
      'parse',
      'in organizeComments',
      'parse, linear',
      'in linear organize',
    ],
    rows,
  ),
);
console.log();
console.log(
  table(
    ['growth 1k->40k', 'k (time ~ lines^k)', 'linear (k <= 1.15)'],
    exponents.map((e) => [`${e.shape}: ${e.variant}`, e.k.toFixed(2), verdict(e.k <= 1.15)]),
  ),
);

console.log();
console.log(
  table(
    ['analyzeFile, concatenated', 'as is ms', 'linear organizeComments ms', 'speed-up'],
    engineRows,
  ),
);

// Same result: every corpus file and every generated file, comment by comment.
const checked = [...corpus, ...sizes.flatMap((n) => Object.values(shapes).map((make) => make(n)))];
let same = 0;
for (const f of checked) {
  const a = assignment(f.text);
  installLinearOrganizeComments();
  const b = assignment(f.text);
  restoreOrganizeComments();
  if (a === b) same++;
  else console.log(`DIFFERENT comment assignment: ${f.name}`);
}
console.log(
  `\nsame comment-to-stage assignment as dockerfile-ast's own: ${same}/${checked.length} files ${verdict(same === checked.length)}`,
);
