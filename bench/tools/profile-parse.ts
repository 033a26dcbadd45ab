// Profile dockerfile-ast's parse on a large "concatenated official-like" file, the input
// that grows superlinearly (bench/README.md). Run it under the V8 profiler:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/tools/profile-parse.ts [lines]
//   LINEAR=1 node --cpu-prof ...   (with the linear organizeComments installed)
// then read the .cpuprofile in Chrome DevTools (Performance > Load profile).
import { DockerfileParser } from 'dockerfile-ast';
import { concatenatedDockerfile, linuxCorpus, loadCorpus } from '../lib/corpus';
import { installLinearOrganizeComments } from '../lib/linear-organize-comments';

const lines = Number(process.argv[2] ?? 40000);
const file = concatenatedDockerfile(linuxCorpus(loadCorpus()), lines);
if (process.env.LINEAR === '1') installLinearOrganizeComments();
for (let i = 0; i < 5; i++) DockerfileParser.parse(file.text);
console.log(
  `parsed ${file.lines} lines 5 times${process.env.LINEAR === '1' ? ' (linear organizeComments)' : ''}`,
);
