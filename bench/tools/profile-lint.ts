// Where our lint time goes, load-independently: a CPU profile only samples while the
// process is on the CPU, so shares stay true on a busy machine. Lints the corpus N times:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/tools/profile-lint.ts [rounds] [ours|utils]
import { validate } from 'dockerfile-utils';
import { analyzeFile, noBuildContext } from '../../src/analysis/index';
import { loadCorpus } from '../lib/corpus';

const rounds = Number(process.argv[2] ?? 200);
const which = process.argv[3] ?? 'ours';
const corpus = loadCorpus();
for (let r = 0; r < rounds; r++)
  for (const f of corpus) {
    if (which === 'ours') analyzeFile(`/bench/${f.name}`, f.text, noBuildContext, {});
    else validate(f.text);
  }
console.log(`linted ${corpus.length} files ${rounds} times with ${which}`);
