// The manifest as the installed extension carries it: what the Marketplace page and the
// harness need (icon, categories, keywords, repository, licence, an engine no newer than
// the harness's VS Code 1.100) and a description for every setting.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionId } from './util';

describe('manifest @packaged', () => {
  const ext = () => {
    const e = vscode.extensions.getExtension(extensionId);
    assert.ok(e, `${extensionId} is installed`);
    return e;
  };

  it('is Marketplace-ready: icon shipped, categories, keywords, repository, licence', async () => {
    const { packageJSON: pkg, extensionUri } = ext();
    assert.ok(pkg.displayName && pkg.description && pkg.publisher);
    assert.ok(pkg.categories?.length > 0, 'categories');
    assert.ok(pkg.keywords?.length > 0, 'keywords');
    assert.match(pkg.repository?.url ?? '', /^https:\/\//, 'repository url');
    assert.equal(pkg.license, 'MIT');
    assert.match(pkg.icon ?? '', /^media\/.+\.png$/, 'icon in media/');
    const icon = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, pkg.icon));
    assert.deepEqual([...icon.subarray(1, 4)], [...Buffer.from('PNG')], 'the icon is a PNG');
    // PNG IHDR: width and height, big-endian, at bytes 16..23; the Marketplace wants ≥ 128 px.
    const view = new DataView(icon.buffer, icon.byteOffset, icon.byteLength);
    assert.ok(view.getUint32(16) >= 128 && view.getUint32(20) >= 128, 'icon at least 128x128');
  });

  it('targets VS Code no newer than the harness (1.100)', () => {
    const range: string = ext().packageJSON.engines.vscode;
    const m = /^\^?(\d+)\.(\d+)\./.exec(range);
    assert.ok(m, `engines.vscode ${range}`);
    assert.ok(Number(m[1]) === 1 && Number(m[2]) <= 100, `engines.vscode ${range} ≤ 1.100`);
  });

  it('describes every setting', () => {
    const properties: Record<string, { description?: string; markdownDescription?: string }> =
      ext().packageJSON.contributes.configuration.properties;
    const keys = Object.keys(properties);
    assert.ok(keys.length > 0);
    for (const key of keys) {
      const p = properties[key];
      assert.ok(
        (p.description ?? p.markdownDescription ?? '').length > 20,
        `${key} has a description`,
      );
    }
  });

  it('untrusted workspaces: the engines, their address, exec and the kubeconfig come from user settings only', () => {
    // VS Code ignores a workspace's value of a restricted setting until the workspace is
    // trusted: a cloned repository cannot point the extension at another engine or turn on
    // exec into containers, nor at a kubeconfig (whose exec plugin runs a program) or context.
    // The extension reads these settings with a plain `get`.
    const untrusted = ext().packageJSON.capabilities?.untrustedWorkspaces;
    assert.equal(untrusted?.supported, 'limited');
    assert.deepEqual([...(untrusted?.restrictedConfigurations ?? [])].sort(), [
      'containerDoctor.docker.host',
      'containerDoctor.engines',
      'containerDoctor.kubernetes.context',
      'containerDoctor.kubernetes.kubeconfig',
      'containerDoctor.processes.allowExec',
    ]);
  });
});
