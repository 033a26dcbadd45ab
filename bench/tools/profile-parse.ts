// Profile dockerfile-ast's parse on a large "concatenated official-like" file, the input
// that grows superlinearly (bench/README.md). Run it under the V8 profiler:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/tools/profile-parse.ts [lines]
//   LINEAR=1 node --cpu-prof ...   (with the linear organizeComments)
// then read the .cpuprofile in Chrome DevTools (Performance > Load profile).
import { DockerfileParser } from 'dockerfile-ast';
import { withOrganizeComments } from '../lib/linear-organize-comments';
import { concatenatedDockerfile, linuxCorpus, loadCorpus } from '../lib/corpus';

const lines = Number(process.argv[2] ?? 40000);
const file = concatenatedDockerfile(linuxCorpus(loadCorpus()), lines);
const linear = process.env.LINEAR === '1';
withOrganizeComments(linear ? 'linear' : 'stock', () => {
  for (let i = 0; i < 5; i++) DockerfileParser.parse(file.text);
});
console.log(`parsed ${file.lines} lines 5 times${linear ? ' (linear organizeComments)' : ''}`);
