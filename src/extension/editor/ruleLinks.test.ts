import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isRuleId, ruleIdFromHref, rulePageCommandUri, withRelativeRuleLinks } from './ruleLinks';

describe('rule page links', () => {
  test('the rule id of a file:// link to docs/rules/<id>.md', () => {
    assert.equal(ruleIdFromHref('file:///ext/docs/rules/shell-pid1.md'), 'shell-pid1');
    assert.equal(ruleIdFromHref('file:///c%3A/ext/docs/rules/npm-pid1.md'), 'npm-pid1');
    assert.equal(ruleIdFromHref('C:\\ext\\docs\\rules\\npm-pid1.md'), 'npm-pid1');
  });

  test('other links are left alone', () => {
    assert.equal(ruleIdFromHref('file:///ext/docs/other/x.md'), undefined);
    assert.equal(ruleIdFromHref('file:///ext/docs/rules/..%2Fsecret.md'), undefined);
    assert.equal(ruleIdFromHref('file:///ext/docs/rules/Upper.md'), undefined);
  });

  test('rule ids are kebab-case words only', () => {
    assert.ok(isRuleId('compose-no-memory-limit'));
    for (const bad of ['', '../x', 'a/b', 'a b', 'A', '-a', 'a--b', 3, undefined])
      assert.ok(!isRuleId(bad), String(bad));
  });

  test('the command URI carries the id as a JSON argument list', () => {
    const uri = rulePageCommandUri('shell-pid1');
    assert.equal(uri, 'command:containerDoctor.openRulePage?%5B%22shell-pid1%22%5D');
    assert.deepEqual(JSON.parse(decodeURIComponent(uri.split('?')[1]!)), ['shell-pid1']);
  });

  test('explanation Markdown: rule page links become relative, other links stay', () => {
    const markdown =
      '- [shell-pid1](file:///ext/docs/rules/shell-pid1.md): sh stays PID 1\n' +
      '- [docs](https://docs.docker.com/) and [x](file:///etc/passwd)';
    assert.equal(
      withRelativeRuleLinks(markdown),
      '- [shell-pid1](shell-pid1.md): sh stays PID 1\n' +
        '- [docs](https://docs.docker.com/) and [x](file:///etc/passwd)',
    );
  });
});
