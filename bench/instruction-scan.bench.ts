// How fast could the engine find its instructions without dockerfile-ast's full parse?
// A one-pass scanner (bench/lib/instruction-scan.ts) against DockerfileParser.parse on the
// same inputs: same instruction keywords and offsets on every file (checked), and the time.
//
//   npm run bench -- instruction-scan
import { DockerfileParser } from 'dockerfile-ast';
import {
  concatenatedDockerfile,
  linuxCorpus,
  loadCorpus,
  uniformDockerfile,
  type BenchFile,
} from './lib/corpus';
import { scanInstructions, type ScannedInstruction } from './lib/instruction-scan';
import {
  collectGarbage,
  compareOn,
  fmtMs,
  percentile,
  preferCpu,
  sum,
  table,
  verdict,
} from './lib/measure';

const priority = preferCpu();
const quick = process.env.BENCH_QUICK === '1';
const runs = quick ? { warmup: 3, repeats: 7 } : { warmup: 10, repeats: 31 };

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function fromAst(text: string): ScannedInstruction[] {
  const starts = lineStarts(text);
  const offset = (p: { line: number; character: number }): number => starts[p.line] + p.character;
  return DockerfileParser.parse(text)
    .getInstructions()
    .map((i) => ({
      keyword: i.getKeyword(),
      start: offset(i.getRange().start),
      end: offset(i.getRange().end),
    }));
}

function firstDifference(a: ScannedInstruction[], b: ScannedInstruction[]): string | null {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (!x || !y || x.keyword !== y.keyword || x.start !== y.start || x.end !== y.end)
      return `#${i}: dockerfile-ast ${JSON.stringify(x)} scan ${JSON.stringify(y)}`;
  }
  return null;
}

const corpus = loadCorpus();
const generated: BenchFile[] = [1000, 10000].flatMap((n) => [
  uniformDockerfile(n),
  concatenatedDockerfile(linuxCorpus(corpus), n),
]);

let same = 0;
for (const f of [...corpus, ...generated]) {
  const diff = firstDifference(fromAst(f.text), scanInstructions(f.text).instructions);
  if (diff === null) same++;
  else console.log(`different on ${f.name}: ${diff}`);
}
const total = corpus.length + generated.length;

// Edge cases: seeded random mutations of the corpus (continuations, comments, heredoc
// markers, line breaks, CRLF inserted or removed), to show where the two still differ.
let seed = 2;
const random = (n: number): number => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};
const pieces = ['\\\n', '\n', '\n# c\n', '#', ' <<EOF', '\nEOF\n', '\r\n', '\\ \n', '\t', ' '];
let mutatedSame = 0;
const mutations = quick ? 300 : 3000;
const examples: string[] = [];
for (let i = 0; i < mutations; i++) {
  const f = corpus[random(corpus.length)];
  const at = random(f.text.length);
  const text =
    random(3) === 0
      ? f.text.slice(0, at) + f.text.slice(at + 1 + random(5))
      : f.text.slice(0, at) + pieces[random(pieces.length)] + f.text.slice(at);
  const diff = firstDifference(fromAst(text), scanInstructions(text).instructions);
  if (diff === null) mutatedSame++;
  else if (examples.length < 3) examples.push(`${f.name} mutated at ${at}: ${diff}`);
}

const parse: number[] = [];
const scan: number[] = [];
for (const f of corpus) {
  collectGarbage();
  const t = compareOn(
    {
      parse: () => DockerfileParser.parse(f.text),
      scan: () => scanInstructions(f.text),
    },
    runs,
  );
  parse.push(t.parse.min);
  scan.push(t.scan.min);
}
const large = generated.map((f) => {
  collectGarbage();
  const t = compareOn(
    { parse: () => DockerfileParser.parse(f.text), scan: () => scanInstructions(f.text) },
    { warmup: 2, repeats: quick ? 3 : 9 },
  );
  return [
    f.name,
    fmtMs(t.parse.min),
    fmtMs(t.scan.min),
    `${(t.parse.min / t.scan.min).toFixed(1)}x`,
  ];
});

console.log(
  `instruction boundaries: one-pass scan vs dockerfile-ast parse, fastest of ${runs.repeats} runs, ${priority}\n`,
);
console.log(
  table(
    ['per corpus file', 'p50 ms', 'p95 ms', 'sum ms'],
    [
      [
        'dockerfile-ast parse',
        fmtMs(percentile(parse, 50)),
        fmtMs(percentile(parse, 95)),
        fmtMs(sum(parse)),
      ],
      ['one-pass scan', fmtMs(percentile(scan, 50)), fmtMs(percentile(scan, 95)), fmtMs(sum(scan))],
    ],
  ),
);
console.log();
console.log(table(['generated file', 'parse ms', 'scan ms', 'ratio'], large));
console.log(
  `\nsame keywords and offsets as dockerfile-ast: ${same}/${total} files ${verdict(same === total)}`,
);
console.log(
  `on ${mutations} seeded mutations of corpus files: ${mutatedSame} the same ` +
    `(${((100 * mutatedSame) / mutations).toFixed(1)} %)`,
);
for (const e of examples) console.log(`  e.g. ${e}`);
