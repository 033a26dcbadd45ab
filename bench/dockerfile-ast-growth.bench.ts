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
import { dockerfileProto as proto, withOrganizeComments } from './lib/linear-organize-comments';
import {
  collectGarbage,
  fmtMs,
  growthExponent,
  nowNs,
  preferCpu,
  table,
  timeOnce,
  verdict,
} from './lib/measure';

const priority = preferCpu();
const quick = process.env.BENCH_QUICK === '1';
const runs = quick ? 3 : 9;
const sizes = [1000, 2000, 5000, 10000, 20000, 40000];

const withStock = <T>(fn: () => T): T => withOrganizeComments('stock', fn);
const withLinear = <T>(fn: () => T): T => withOrganizeComments('linear', fn);

/**
 * Parse times as is and with the linear organizeComments, interleaved run by run (so that
 * load on the machine hits both alike), and the time spent inside organizeComments in the
 * fastest run of each.
 */
function measureParse(text: string): {
  parse: number;
  organize: number;
  linearParse: number;
  linearOrganize: number;
} {
  let organize = 0;
  const timed = (): void => {
    const inner = proto.organizeComments;
    proto.organizeComments = function (this: unknown) {
      const t = nowNs();
      inner.call(this);
      organize = Number(nowNs() - t) / 1e6;
    };
    try {
      DockerfileParser.parse(text);
    } finally {
      proto.organizeComments = inner;
    }
  };
  withStock(timed);
  withLinear(timed);
  const best = { parse: Infinity, organize: 0, linearParse: Infinity, linearOrganize: 0 };
  for (let i = 0; i < runs; i++) {
    const a = withStock(() => timeOnce(timed));
    if (a < best.parse) [best.parse, best.organize] = [a, organize];
    const b = withLinear(() => timeOnce(timed));
    if (b < best.linearParse) [best.linearParse, best.linearOrganize] = [b, organize];
  }
  return best;
}

/**
 * How many stage ranges organizeComments builds during one parse (ImageTemplate.getRange
 * calls): a count, not a time, so the machine's load cannot blur it.
 */
function rangesBuilt(text: string): number {
  const templateProto = Object.getPrototypeOf(proto) as { getRange: (this: unknown) => unknown };
  const getRange = templateProto.getRange;
  const organize = proto.organizeComments;
  let inside = false;
  let count = 0;
  templateProto.getRange = function (this: unknown) {
    if (inside) count++;
    return getRange.call(this);
  };
  proto.organizeComments = function (this: unknown) {
    inside = true;
    try {
      organize.call(this);
    } finally {
      inside = false;
    }
  };
  try {
    DockerfileParser.parse(text);
  } finally {
    templateProto.getRange = getRange;
    proto.organizeComments = organize;
  }
  return count;
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
    const m = measureParse(f.text);
    const built = withStock(() => rangesBuilt(f.text));
    const builtLinear = withLinear(() => rangesBuilt(f.text));
    before.push(m.parse);
    after.push(m.linearParse);
    rows.push([
      `${shape} ${Math.round(f.lines / 1000)}k`,
      stages,
      comments,
      `${built} / ${builtLinear}`,
      fmtMs(m.parse),
      `${fmtMs(m.organize)} (${((100 * m.organize) / m.parse).toFixed(0)}%)`,
      fmtMs(m.linearParse),
      fmtMs(m.linearOrganize),
    ]);
  }
  for (const [variant, ms] of [
    ['dockerfile-ast 0.7.1', before],
    ['with linear organizeComments', after],
  ] as const) {
    exponents.push({
      shape,
      variant,
      k: growthExponent(
        files.map((f) => f.lines),
        ms,
      ),
    });
  }
}

// End to end: our analyzeFile() on the concatenated shape. The engine installs the linear
// organizeComments itself (src/analysis/dockerfile/model.ts), so this is its growth as is.
const engineMs: number[] = [];
const engineFiles = sizes.map((n) => shapes['concatenated official-like'](n));
for (const f of engineFiles) {
  const lint = (): unknown =>
    analyzeFile(`/bench/${f.name}.Dockerfile`, f.text, noBuildContext, {});
  lint();
  collectGarbage();
  engineMs.push(Math.min(...Array.from({ length: runs }, () => timeOnce(lint))));
}
const engineK = growthExponent(
  engineFiles.map((f) => f.lines),
  engineMs,
);

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
      'ranges built: as is / linear',
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
    ['growth 1k->40k', 'k (time ~ lines^k, fit)', 'linear (k <= 1.15)'],
    exponents.map((e) => [`${e.shape}: ${e.variant}`, e.k.toFixed(2), verdict(e.k <= 1.15)]),
  ),
);

console.log();
console.log(
  table(
    ['analyzeFile (engine as is), concatenated', ...sizes.map((n) => `${n / 1000}k ms`), 'k (fit)'],
    [['ms', ...engineMs.map(fmtMs), `${engineK.toFixed(2)} ${verdict(engineK <= 1.15)}`]],
  ),
);

// Same result: every corpus file and every generated file, comment by comment.
const checked = [...corpus, ...sizes.flatMap((n) => Object.values(shapes).map((make) => make(n)))];
let same = 0;
for (const f of checked) {
  const a = withStock(() => assignment(f.text));
  const b = withLinear(() => assignment(f.text));
  if (a === b) same++;
  else console.log(`DIFFERENT comment assignment: ${f.name}`);
}
console.log(
  `\nsame comment-to-stage assignment as dockerfile-ast's own: ${same}/${checked.length} files ${verdict(same === checked.length)}`,
);
