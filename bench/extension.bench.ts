// The extension as users get it: the size of the packaged VSIX, and start-up in the real
// extension host (code-server 1.100.3, the VSIX installed with --install-extension), each
// run in a fresh extension host (a new workbench window):
//   activate() start → ready          what the extension itself costs (goal ≤ 30 ms)
//   language server ready             from activate() start; not awaited by activate()
//   open Dockerfile → active          as seen from outside (loading dist/extension.js included)
//   open Dockerfile → first squiggles the whole path, server start and first analysis included
//
//   npm run bench -- extension        (BENCH_QUICK=1: 3 runs instead of 7)
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bundleForHost,
  codeServerInstalled,
  hostBundleDir,
  installVsix,
  launchChromium,
  root,
  runExtensionTests,
  runNodeScript,
  Scratch,
  startCodeServer,
} from '../test/vscode/harness';
import { fmtMs, percentile, table, verdict } from './lib/measure';

const quick = process.env.BENCH_QUICK === '1';
const runs = quick ? 3 : 7;
const goals = { vsixBytes: 1024 * 1024, activationMs: 30 };

interface Probe {
  activationMs: number;
  activationSteps: Record<string, number>;
  serverStartMs: number;
  activeMs: number;
  diagnosticsMs: number;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

async function main(): Promise<void> {
  const scratch = new Scratch('cdoc-bench-');
  process.env.TMPDIR = scratch.path('tmp');
  const stop = () => void scratch.cleanup().then(() => process.exit(130));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    if (!(await codeServerInstalled())) runNodeScript('scripts/install-code-server.mjs');
    runNodeScript('scripts/build.mjs');
    const vsix = join(scratch.dir, 'container-doctor.vsix');
    runNodeScript('scripts/package.mjs', ['--out', vsix, '--no-build']);
    const sizes = {
      vsix: statSync(vsix).size,
      extension: statSync(join(root, 'dist', 'extension.js')).size,
      server: statSync(join(root, 'dist', 'server.js')).size,
    };

    const probeOut = hostBundleDir(scratch, 'probe');
    await bundleForHost([join(root, 'test', 'vscode', 'probe', 'activation.ts')], probeOut);
    const extensionsDir = installVsix(scratch, vsix);
    const fixtures = scratch.path('fixtures');
    for (const f of ['Dockerfile', 'server.js']) {
      mkdirSync(join(fixtures, 'debian'), { recursive: true });
      writeFileSync(
        join(fixtures, 'debian', f),
        readFileSync(join(root, 'test', 'vscode', 'workspace', 'debian', f)),
      );
    }
    const testHost = scratch.path('bench-host');
    writeFileSync(
      join(testHost, 'package.json'),
      JSON.stringify({
        name: 'bench-host',
        publisher: 'bench',
        version: '0.0.0',
        engines: { vscode: '*' },
      }),
    );
    const resultsFile = join(scratch.dir, 'probe.json');
    const server = await startCodeServer({
      scratch,
      extensionsDir,
      env: { CDOC_PROBE_RESULTS_FILE: resultsFile, CDOC_PROBE_FIXTURES: fixtures },
    });
    const context = await launchChromium(scratch);
    const samples: Probe[] = [];
    for (let i = 0; i < runs; i++) {
      writeFileSync(resultsFile, '');
      // A new folder each time: a window on the same folder would restore the open Dockerfile.
      const emptyFolder = scratch.path(`empty-workspace-${i}`);
      const began = Date.now();
      const run = await runExtensionTests({
        context,
        server,
        folder: emptyFolder,
        extensionDevelopmentPath: testHost,
        extensionTestsPath: join(probeOut, 'activation.js'),
        timeoutMs: 90_000,
        log: (type, args) => {
          if (type === 'error') console.error(...args);
        },
      });
      await run.page.close();
      const text = readFileSync(resultsFile, 'utf8');
      if (run.code !== 0 || !text) throw new Error(`probe run ${i + 1} failed (exit ${run.code})`);
      samples.push(JSON.parse(text) as Probe);
      console.log(`run ${i + 1}/${runs}: ${text} (${((Date.now() - began) / 1000).toFixed(1)} s)`);
    }

    type Figure = Exclude<keyof Probe, 'activationSteps'>;
    const stat = (k: Figure) => samples.map((s) => s[k]);
    const med = (k: Figure) => percentile(stat(k), 50);
    const max = (k: Figure) => Math.max(...stat(k));
    console.log(
      `\nVSIX and start-up in the real extension host (code-server 1.100.3, ${runs} fresh hosts)\n`,
    );
    console.log(
      table(
        ['measure', 'median', 'max', 'goal', ''],
        [
          ['VSIX size', kib(sizes.vsix), '', '≤ 1024 KiB', verdict(sizes.vsix <= goals.vsixBytes)],
          ['  dist/extension.js (unpacked)', kib(sizes.extension), '', '', ''],
          ['  dist/server.js (unpacked)', kib(sizes.server), '', '', ''],
          [
            'activate() start → ready',
            fmtMs(med('activationMs')),
            fmtMs(max('activationMs')),
            '≤ 30 ms',
            verdict(med('activationMs') <= goals.activationMs),
          ],
          ...Object.keys(samples[0]?.activationSteps ?? {}).map((step) => {
            const times = samples.map((s) => s.activationSteps[step] ?? NaN);
            return [
              `  step: ${step}`,
              fmtMs(percentile(times, 50)),
              fmtMs(Math.max(...times)),
              '',
              '',
            ];
          }),
          [
            'language server ready (from activate)',
            fmtMs(med('serverStartMs')),
            fmtMs(max('serverStartMs')),
            '',
            '',
          ],
          [
            'open Dockerfile → extension active',
            fmtMs(med('activeMs')),
            fmtMs(max('activeMs')),
            '',
            '',
          ],
          [
            'open Dockerfile → first diagnostics',
            fmtMs(med('diagnosticsMs')),
            fmtMs(max('diagnosticsMs')),
            '',
            '',
          ],
        ],
      ),
    );
    const resultsDir = join(root, 'bench', 'results');
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(
      join(resultsDir, 'extension.json'),
      JSON.stringify({ date: new Date().toISOString(), sizes, samples }, null, 2) + '\n',
    );
  } finally {
    await scratch.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
