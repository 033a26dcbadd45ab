// An extension-tests entry for bench/extension.bench.ts (not a test): in a fresh extension
// host, opens a Dockerfile and records how long each step of start-up took, as the
// extension reports it (activate() start to ready, language server ready) and as seen from
// outside (open → active, open → first diagnostics). Writes JSON to CDOC_PROBE_RESULTS_FILE.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

interface Api {
  activationMs: number;
  serverStartMs: Promise<number>;
  activationSteps?: Record<string, number>;
}

function until(check: () => boolean, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() - started > ms) return reject(new Error('probe: timed out'));
      setTimeout(tick, 1);
    };
    tick();
  });
}

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<Api>('container-doctor.container-doctor');
  if (!ext) throw new Error('probe: the extension is not installed');
  if (ext.isActive) throw new Error('probe: the extension was active before a Dockerfile opened');
  const folder = process.env.CDOC_PROBE_FIXTURES ?? '';
  const uri = vscode.Uri.file(path.join(folder, 'debian', 'Dockerfile'));
  const opened = performance.now();
  const firstDiagnostics = new Promise<number>((resolve) => {
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      if (vscode.languages.getDiagnostics(uri).length === 0) return;
      sub.dispose();
      resolve(performance.now() - opened);
    });
  });
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  await until(() => ext.isActive, 30_000);
  const activeMs = performance.now() - opened;
  const api = ext.exports;
  const serverStartMs = await api.serverStartMs;
  const diagnosticsMs = await Promise.race([
    firstDiagnostics,
    new Promise<number>((_, reject) =>
      setTimeout(() => reject(new Error('probe: no diagnostics within 30 s')), 30_000),
    ),
  ]);
  const result = {
    activationMs: api.activationMs,
    activationSteps: api.activationSteps ?? {},
    serverStartMs,
    activeMs,
    diagnosticsMs,
  };
  console.log(`probe: ${JSON.stringify(result)}`);
  const out = process.env.CDOC_PROBE_RESULTS_FILE;
  if (out) writeFileSync(out, JSON.stringify(result));
}
