// Compose files are served too: a service without a memory limit is reported on its name.
import assert from 'node:assert/strict';
import { closeAll, fixture, lineStarting, open, ruleOf, waitForDiagnostics } from './util';

describe('compose diagnostics', () => {
  afterEach(closeAll);

  it('compose.yaml: a service without a memory limit is reported on the service', async () => {
    const uri = fixture('compose.yaml');
    const editor = await open(uri);
    const ds = await waitForDiagnostics(uri, (all) =>
      all.some((d) => ruleOf(d) === 'compose-no-memory-limit'),
    );
    const d = ds.find((x) => ruleOf(x) === 'compose-no-memory-limit');
    assert.ok(d);
    assert.equal(d.range.start.line, lineStarting(editor.document, '  web:'));
  });
});
