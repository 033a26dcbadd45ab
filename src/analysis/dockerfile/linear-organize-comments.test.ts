import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DockerfileParser } from 'dockerfile-ast';
import { installLinearOrganizeComments, restoreOrganizeComments } from './linear-organize-comments';

function assignment(text: string): string {
  const d = DockerfileParser.parse(text);
  const stages = d.getFROMs().map((f) => d.getContainingImage(f.getRange().start));
  return JSON.stringify(stages.map((s) => s?.getComments().map((c) => c.getRange().start.line)));
}

test('the linear organizeComments assigns every comment to the same stage as dockerfile-ast', () => {
  const files = [
    '# c0\nARG A=1\n# c1\nFROM a AS x\n# c2\nRUN x \\\n  # c3\n  && y\n\n# c4\nFROM b\n# c5\nCMD ["z"]\n# c6\n',
    Array.from({ length: 30 }, (_, i) => `# s${i}\nFROM img${i}\nRUN a\n# t${i}\n`).join('\n'),
    '# only comments\n',
  ];
  for (const text of files) {
    restoreOrganizeComments();
    const upstream = assignment(text);
    installLinearOrganizeComments();
    assert.equal(assignment(text), upstream);
  }
});
