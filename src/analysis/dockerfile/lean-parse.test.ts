import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { leanParse, leanParseAvailable, type LeanDockerfile } from './lean-parse';
import { loadFixtures } from '../testing/fixtures';
import { seededRandom } from '../testing/random';

/** What the engine reads from a parse (model.ts), as plain data. */
function shape(d: LeanDockerfile): unknown {
  return {
    escape: d.getEscapeCharacter(),
    directives: d.getDirectives().map((x) => [x.getDirective(), x.getValue(), x.getRange()]),
    instructions: d
      .getInstructions()
      .map((i) => [i.getKeyword(), i.getInstruction(), i.getRange(), i.getInstructionRange()]),
  };
}

const corpusDir = join(__dirname, '../../../bench/corpus');
const handWritten: string[] = [
  ...loadFixtures().map((f) => f.dockerfile),
  ...(existsSync(corpusDir)
    ? readdirSync(corpusDir)
        .filter((n) => n.endsWith('Dockerfile'))
        .map((n) => readFileSync(join(corpusDir, n), 'utf8'))
    : []),
  'FROM alpine\nRUN <<EOF\necho hi\nEOF\nCOPY <<-A <<B /x\n\tone\n\tA\ntwo\nB\nCMD ["x"]\n',
  'FROM alpine\nONBUILD RUN <<EOF\nRUN not an instruction\nEOF\nCMD x\n',
  'FROM alpine\nRUN a \\\n# comment inside\n  b <<X\nbody\nX\nRUN c\n',
  '# escape=`\nFROM mcr.microsoft.com/windows/nanoserver\nRUN dir `\n  c:\\\nCMD ["cmd"]\n',
  '\ufeffFROM a\r\nRUN x \\\r\n y\r\n',
  'FROM a\rRUN x\rCMD y << z',
  'FROM a\nRUN x \\ \n\nR\\\nUN y\n#\n',
  '',
  '\\',
  '<<',
];

test('the lean parse is available for the installed dockerfile-ast', () => {
  assert.equal(leanParseAvailable, true);
});

test('same instructions, ranges and escape as the full parse: hand-written files', () => {
  assert.ok(handWritten.length > 30);
  for (const text of handWritten)
    assert.deepEqual(shape(leanParse(text)), shape(DockerfileParser.parse(text)), text);
});

test('same instructions, ranges and escape as the full parse: 3000 seeded mutations', () => {
  const r = seededRandom(20261122);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const pieces = ['\\\n', '<<EOF\n', 'EOF\n', '# c\n', '\r\n', '\r', '`', ' ', '"', '[', 'RUN '];
  for (let m = 0; m < 3000; m++) {
    let text = pick(handWritten);
    for (let e = 1 + Math.floor(r() * 6); e > 0; e--) {
      const at = Math.floor(r() * (text.length + 1));
      text =
        r() < 0.4
          ? text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 8))
          : text.slice(0, at) + pick(pieces) + text.slice(at);
    }
    assert.deepEqual(shape(leanParse(text)), shape(DockerfileParser.parse(text)), text);
  }
});
