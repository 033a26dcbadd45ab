// The injection grammars of syntaxes/ run by the real TextMate engine on top of VS Code's
// own built-in Dockerfile and shell grammars (from the code-server the VS Code harness
// installs), asserting the scopes of fixture files.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { builtinExtensionsDir, dockerfileTokenizer, tokenizerFor, type Token } from './textmate';

const extensionsDir = builtinExtensionsDir();
const missing =
  'VS Code built-in grammars not found (install code-server: npm run test:vscode does it, or set ' +
  'CDOC_VSCODE_EXTENSIONS_DIR to a VS Code resources/app/extensions folder)';

function fixture(name: string): string {
  return readFileSync(join(__dirname, 'fixtures', name), 'utf8');
}

/** The scopes of the token on line `line` (0-based) whose text is `text` (the nth such). */
function scopesOf(lines: Token[][], line: number, text: string, nth = 0): string[] {
  const found = lines[line]?.filter((t) => t.text === text)[nth];
  assert.ok(
    found,
    `no token ${JSON.stringify(text)} on line ${line}: ${JSON.stringify(lines[line]?.map((t) => t.text))}`,
  );
  return found.scopes;
}

/** The scopes of the token that starts where `text` starts on that line. */
function scopesAt(lines: Token[][], line: number, text: string): string[] {
  const tokens = lines[line] ?? [];
  let offset = 0;
  const whole = tokens.map((t) => t.text).join('');
  const at = whole.indexOf(text);
  assert.ok(at >= 0, `line ${line} ${JSON.stringify(whole)} has no ${JSON.stringify(text)}`);
  for (const t of tokens) {
    if (offset <= at && at < offset + t.text.length) return t.scopes;
    offset += t.text.length;
  }
  return [];
}

const shellBody = 'meta.embedded.block.shellscript';
const delimiter = 'punctuation.definition.string.heredoc.delimiter.dockerfile';

describe('syntaxes: injection grammars on the built-in Dockerfile grammar', () => {
  if (!extensionsDir && process.env.CI) {
    test('built-in grammars are present in CI', () => assert.fail(missing));
    return;
  }
  const skip = extensionsDir ? false : missing;
  let heredoc: Token[][];
  let suppression: Token[][];
  let compose: Token[][];
  before(async () => {
    if (!extensionsDir) return;
    const tokenizer = await dockerfileTokenizer(extensionsDir);
    heredoc = tokenizer.tokenize(fixture('heredoc.Dockerfile'));
    suppression = tokenizer.tokenize(fixture('suppression.Dockerfile'));
    compose = (await tokenizerFor(extensionsDir, 'source.yaml')).tokenize(fixture('compose.yaml'));
  });

  test('RUN <<EOF: keyword, operator and delimiter scoped, the body is shell', { skip }, () => {
    assert.ok(scopesOf(heredoc, 2, 'RUN').includes('keyword.other.special-method.dockerfile'));
    assert.ok(scopesOf(heredoc, 2, '<<').includes('keyword.operator.heredoc.dockerfile'));
    assert.ok(scopesOf(heredoc, 2, 'EOF').includes(delimiter));
    assert.ok(scopesOf(heredoc, 3, 'set').includes('support.function.builtin.shell'));
    assert.ok(scopesOf(heredoc, 4, 'if').includes('keyword.control.if.shell'));
    assert.ok(scopesOf(heredoc, 4, 'if').includes(shellBody));
    assert.ok(scopesOf(heredoc, 5, 'found').includes('string.quoted.double.shell'));
    assert.ok(scopesOf(heredoc, 6, 'fi').includes('keyword.control.fi.shell'));
    const end = scopesOf(heredoc, 7, 'EOF');
    assert.ok(end.includes(delimiter));
    assert.ok(!end.includes(shellBody), 'the closing delimiter is not part of the shell body');
  });

  test("flags and an explicit shell before a quoted delimiter <<'SCRIPT'", { skip }, () => {
    assert.ok(
      scopesOf(heredoc, 8, "'", 0).includes(
        'punctuation.definition.string.heredoc.quote.dockerfile',
      ),
    );
    assert.ok(scopesOf(heredoc, 8, 'SCRIPT').includes(delimiter));
    assert.ok(scopesOf(heredoc, 9, 'apt-get').includes('entity.name.command.shell'));
    assert.ok(scopesOf(heredoc, 10, 'SCRIPT').includes(delimiter));
  });

  test(
    '<<-"EOF" strips tabs: a tab-indented delimiter ends it, the body is shell',
    { skip },
    () => {
      assert.ok(scopesOf(heredoc, 11, '<<-').includes('keyword.operator.heredoc.dockerfile'));
      assert.ok(scopesOf(heredoc, 12, 'for').includes('keyword.control.for.shell'));
      assert.ok(scopesOf(heredoc, 14, 'done').includes('keyword.control.done.shell'));
      assert.ok(scopesOf(heredoc, 15, 'INDENTED').includes(delimiter));
      assert.ok(!scopesOf(heredoc, 15, 'INDENTED').includes(shellBody));
    },
  );

  test('a body that is not run by the shell is text, not shell', { skip }, () => {
    // RUN python3 <<PY: python reads the body.
    const python = scopesAt(heredoc, 17, 'print');
    assert.ok(python.includes('string.unquoted.heredoc.dockerfile'));
    assert.ok(!python.includes(shellBody));
    assert.ok(scopesOf(heredoc, 18, 'PY').includes(delimiter));
    // COPY <<EOF /etc/app.conf: the body is the file's content.
    assert.ok(scopesAt(heredoc, 20, 'listen').includes('string.unquoted.heredoc.dockerfile'));
    assert.ok(scopesOf(heredoc, 21, 'EOF').includes(delimiter));
  });

  test('instructions are case-insensitive, delimiters are not', { skip }, () => {
    assert.ok(scopesOf(heredoc, 23, 'echo').includes(shellBody));
    assert.ok(scopesOf(heredoc, 24, 'eof').includes(delimiter));
  });

  test('"<<" inside a string is not a heredoc', { skip }, () => {
    assert.ok(scopesAt(heredoc, 25, 'a<<b').includes('string.quoted.double.dockerfile'));
    assert.ok(!scopesAt(heredoc, 25, 'a<<b').some((s) => s.startsWith('meta.heredoc')));
  });

  test('<<EOF is not ended by an indented EOF (only <<- strips tabs)', { skip }, () => {
    assert.ok(scopesAt(heredoc, 27, 'EOF').includes(shellBody));
    assert.ok(scopesOf(heredoc, 28, 'still-inside').includes(shellBody));
    assert.ok(scopesOf(heredoc, 29, 'EOF').includes(delimiter));
  });

  test('after the heredocs the Dockerfile grammar is back', { skip }, () => {
    const cmd = scopesOf(heredoc, 30, 'CMD');
    assert.ok(cmd.includes('keyword.other.special-method.dockerfile'));
    assert.ok(!cmd.some((s) => s.startsWith('meta.heredoc')));
    assert.ok(scopesOf(heredoc, 30, 'node').includes('string.quoted.double.dockerfile'));
  });

  test('suppression comments: directive and rule ids, still a comment', { skip }, () => {
    const directive = scopesOf(suppression, 1, 'container-doctor-ignore');
    assert.ok(directive.includes('keyword.control.directive.suppression.container-doctor'));
    assert.ok(directive.includes('comment.line.number-sign.dockerfile'));
    const id = scopesOf(suppression, 1, 'shell-pid1');
    assert.ok(id.includes('constant.other.rule-id.container-doctor'));
    assert.ok(id.includes('comment.line.number-sign.dockerfile'));
    assert.ok(
      scopesOf(suppression, 3, 'stop-signal-ignored').includes(
        'constant.other.rule-id.container-doctor',
      ),
    );
    assert.ok(
      scopesOf(suppression, 3, ',').includes('punctuation.separator.comma.container-doctor'),
    );
    // `#container-doctor-ignore` without ids (every rule), no space after '#'.
    assert.ok(
      scopesOf(suppression, 5, 'container-doctor-ignore').includes(
        'keyword.control.directive.suppression.container-doctor',
      ),
    );
  });

  test('an ordinary comment that mentions the directive is an ordinary comment', { skip }, () => {
    const scopes = scopesAt(suppression, 6, 'an ordinary');
    assert.ok(scopes.includes('comment.line.number-sign.dockerfile'));
    assert.ok(!scopes.some((s) => s.includes('suppression')));
  });

  test(
    'compose files: suppression comments above a key and at the end of its line',
    { skip },
    () => {
      const directive = 'keyword.control.directive.suppression.container-doctor';
      const id = 'constant.other.rule-id.container-doctor';
      assert.ok(scopesOf(compose, 2, 'container-doctor-ignore').includes(directive));
      assert.ok(scopesOf(compose, 2, 'compose-no-memory-limit').includes(id));
      assert.ok(
        scopesOf(compose, 2, 'compose-no-memory-limit').some((s) => s.startsWith('comment.')),
      );
      assert.ok(scopesOf(compose, 5, 'container-doctor-ignore').includes(directive));
      assert.ok(scopesOf(compose, 5, 'compose-node-without-init').includes(id));
      // The key before the trailing comment is still YAML.
      assert.ok(scopesAt(compose, 5, 'api').some((s) => s.startsWith('entity.name.tag')));
      // An ordinary comment and a `#` inside a string are left alone.
      assert.ok(!scopesAt(compose, 8, 'just a comment').some((s) => s.includes('suppression')));
      assert.ok(
        !scopesAt(compose, 9, 'container-doctor-ignore').some((s) => s.includes('suppression')),
      );
    },
  );
});
