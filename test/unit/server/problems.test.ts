// A rule that throws is shown, not swallowed: the analysis carries `problems` and the server
// turns each into an Information diagnostic at the top of the document.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { problemDiagnostic } from '../../../src/server/server';

test('a failed rule becomes one Information diagnostic at line 0 naming the rule', () => {
  const d = problemDiagnostic({
    rule: 'shell-form-cmd',
    message:
      "TypeError: Cannot read properties of undefined (reading 'argv')\n    at check (rule.ts:3:1)",
  });
  assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  assert.equal(d.severity, DiagnosticSeverity.Information);
  assert.equal(d.code, 'shell-form-cmd');
  assert.equal(d.source, 'container-doctor');
  assert.equal(
    d.message,
    "Container Doctor: rule shell-form-cmd failed: TypeError: Cannot read properties of undefined (reading 'argv')",
  );
});
