// `npm test` stage vscode: the Mocha suite in test/vscode/suite runs inside a real VS Code
// extension host, then the UI is checked in the browser, then the packaged VSIX is
// installed and a subset of the suite runs against it.
//
//   node --import tsx test/vscode/run.ts
//
// Default: code-server 4.100.3 (VS Code 1.100.3) + Debian's Chromium, see
// ../shared/docs/vscode-harness.md. With VSCODE_EXECUTABLE=/path/to/code the same suite
// runs under @vscode/test-electron instead (desktop VS Code; on a headless Linux wrap the
// command in xvfb-run). Env: CDOC_RESULTS_FILE (counts for scripts/test.mjs),
// CDOC_VSCODE_TIMEOUT (seconds, default 300), CDOC_VSCODE_PHASES (default "suite,ui,packaged").
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildSuite,
  codeServerInstalled,
  hostBundleDir,
  installVsix,
  launchChromium,
  leftIn,
  privateTmpdir,
  root,
  runExtensionTests,
  runNodeScript,
  Scratch,
  startCodeServer,
  type SuiteCounts,
} from './harness';
import { runUiChecks } from './ui';

const resultsDir = join(root, 'test-results');
const timeoutSeconds = Number(process.env.CDOC_VSCODE_TIMEOUT ?? 300);
const phases = new Set((process.env.CDOC_VSCODE_PHASES ?? 'suite,ui,packaged').split(','));
const totals: SuiteCounts = { passed: 0, failed: 0, skipped: 0 };
// A private TMPDIR for the run: the scratch folder is made in it, and after the scratch is
// removed it must be empty. Under scripts/test.mjs, TMPDIR already is the run's private
// folder (test.mjs checks it at the end; one level, as Chromium's socket paths must stay
// under 108 bytes); run alone, this makes its own. The machine's /tmp and $HOME are not
// looked at: other processes write there.
const inherited =
  process.env.CDOC_RUN_TMPDIR !== undefined && process.env.CDOC_RUN_TMPDIR === tmpdir();
const ownTmp = inherited ? undefined : privateTmpdir();
if (ownTmp) process.env.TMPDIR = ownTmp;
const scratch = new Scratch();
// Playwright and Chromium put their temporary files in TMPDIR: keep them in the scratch folder.
process.env.TMPDIR = scratch.path('tmp');
let exiting: Promise<never> | undefined;

function add(counts: SuiteCounts): void {
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
}

function writeResults(): void {
  const file = process.env.CDOC_RESULTS_FILE;
  if (file) writeFileSync(file, JSON.stringify(totals) + '\n');
}

/** The one way out: cleans up once; a later call (a failure the cleanup caused) waits for it. */
function exit(code: number): Promise<never> {
  exiting ??= (async () => {
    await scratch.cleanup();
    if (ownTmp) {
      const left = leftIn(ownTmp, [/^vscode-ripgrep-cache/]);
      if (left.length) {
        console.error(`vscode: left behind in the run's TMPDIR:\n  ${left.join('\n  ')}`);
        if (process.env.CI && code === 0) code = 1;
      }
      rmSync(ownTmp, { recursive: true, force: true });
    }
    writeResults();
    return process.exit(code);
  })();
  return exiting;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(signal, () => {
    console.error(`vscode: ${signal}, stopping`);
    void exit(signal === 'SIGINT' ? 130 : 143);
  });
setTimeout(() => {
  console.error(`vscode: the run did not finish within ${timeoutSeconds} s; stopping (exit 124)`);
  void exit(124);
}, timeoutSeconds * 1000).unref();

/** The counts the suite wrote, or one failure when it wrote none (it did not run). */
function readCounts(file: string, what: string): SuiteCounts {
  if (!existsSync(file)) {
    console.error(`vscode: ${what} reported no results`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
  return JSON.parse(readFileSync(file, 'utf8')) as SuiteCounts;
}

/** The test workspace, copied so tests may edit files and settings. */
function workspaceCopy(name: string): string {
  const dest = join(scratch.dir, name);
  cpSync(join(root, 'test', 'vscode', 'workspace'), dest, { recursive: true });
  return dest;
}

async function runUnderElectron(vscodeExecutablePath: string, suiteIndex: string): Promise<number> {
  const { runTests } = await import('@vscode/test-electron');
  const resultsFile = join(scratch.dir, 'electron-results.json');
  let code = 0;
  try {
    code = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath: suiteIndex,
      extensionTestsEnv: { CDOC_SUITE_RESULTS_FILE: resultsFile },
      launchArgs: [
        workspaceCopy('workspace'),
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--user-data-dir',
        scratch.path('electron-user-data'),
        '--extensions-dir',
        scratch.path('electron-extensions'),
      ],
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    code = 1;
  }
  add(readCounts(resultsFile, 'the suite under @vscode/test-electron'));
  return code;
}

async function main(): Promise<number> {
  mkdirSync(resultsDir, { recursive: true });
  console.log('vscode: building the extension and the suite');
  runNodeScript('scripts/build.mjs');
  const suiteIndex = await buildSuite(hostBundleDir(scratch, 'suite'));

  const electron = process.env.VSCODE_EXECUTABLE;
  if (electron) {
    console.log(`vscode: running the suite in ${electron} (@vscode/test-electron)`);
    return runUnderElectron(electron, suiteIndex);
  }

  if (!(await codeServerInstalled())) {
    console.log(
      'vscode: code-server is not installed; installing it (scripts/install-code-server.mjs)',
    );
    runNodeScript('scripts/install-code-server.mjs');
  }
  const serverLog = join(resultsDir, 'code-server.log');
  writeFileSync(serverLog, '');
  const onOutput = (text: string) => appendFileSync(serverLog, text);
  const workbenchLog = join(resultsDir, 'workbench.log');
  writeFileSync(workbenchLog, '');
  const noise = (text: string) => appendFileSync(workbenchLog, text);
  const context = await launchChromium(scratch);
  let code = 0;

  if (phases.has('suite') || phases.has('ui')) {
    const folder = workspaceCopy('workspace');
    const resultsFile = join(scratch.dir, 'suite-results.json');
    const server = await startCodeServer({
      scratch,
      onOutput,
      env: { CDOC_SUITE_RESULTS_FILE: resultsFile },
    });
    console.log(`vscode: code-server ${server.origin} (log: ${serverLog})`);
    if (phases.has('suite')) {
      console.log('vscode: the suite in the extension host (development extension)');
      const run = await runExtensionTests({
        context,
        server,
        folder,
        extensionDevelopmentPath: root,
        extensionTestsPath: suiteIndex,
        timeoutMs: 180_000,
        noise,
      });
      await run.page.close();
      add(readCounts(resultsFile, 'the suite'));
      if (run.code !== 0) code = run.code;
    }
    if (phases.has('ui') && !exiting) {
      console.log('vscode: UI checks in the browser (screenshots in test-results/)');
      // The examples users see with `npm start`, copied (the workbench also keeps per-folder
      // state such as open views, so a fresh folder starts clean).
      const uiFolder = join(scratch.dir, 'examples');
      cpSync(join(root, 'examples'), uiFolder, { recursive: true });
      const ui = await runUiChecks({
        context,
        server,
        folder: uiFolder,
        extensionPath: root,
        resultsDir,
        dockerfile: 'debian-node-shell/Dockerfile',
        moreFiles: ['ubi-java-heap/Dockerfile', 'compose.yaml'],
        moreRules: ['jvm-fixed-heap', 'jvm-obsolete-flag', 'compose-no-memory-limit'],
      });
      add(ui);
      if (ui.failed) code = code || 1;
    }
    await server.stop();
  }

  if (phases.has('packaged') && !exiting) {
    console.log(
      'vscode: packaging the VSIX and installing it with code-server --install-extension',
    );
    const vsix = join(scratch.dir, 'container-doctor.vsix');
    runNodeScript('scripts/package.mjs', ['--out', vsix, '--no-build']);
    const extensionsDir = installVsix(scratch, vsix);
    const resultsFile = join(scratch.dir, 'packaged-results.json');
    const server = await startCodeServer({
      scratch,
      onOutput,
      extensionsDir,
      env: {
        CDOC_SUITE_RESULTS_FILE: resultsFile,
        CDOC_SUITE_GREP: '@packaged',
        CDOC_TEST_WORKSPACE: workspaceCopy('fixtures-for-packaged'),
      },
    });
    // A folder with no Dockerfile or compose file: the extension must stay inactive until
    // the test opens one.
    const emptyFolder = scratch.path('empty-workspace');
    writeFileSync(join(emptyFolder, 'README.md'), 'nothing for Container Doctor here\n');
    // The workbench runs extension tests only in an extension-development window: give it an
    // empty development extension, so the extension under test is the installed VSIX.
    const testHost = scratch.path('packaged-test-host');
    writeFileSync(
      join(testHost, 'package.json'),
      JSON.stringify({
        name: 'packaged-test-host',
        publisher: 'container-doctor-tests',
        version: '0.0.0',
        engines: { vscode: '*' },
      }),
    );
    console.log('vscode: the @packaged tests against the installed VSIX');
    const run = await runExtensionTests({
      context,
      server,
      folder: emptyFolder,
      extensionDevelopmentPath: testHost,
      extensionTestsPath: suiteIndex,
      timeoutMs: 120_000,
      noise,
    });
    await run.page.close();
    add(readCounts(resultsFile, 'the suite against the VSIX'));
    if (run.code !== 0) code = code || run.code;
    await server.stop();
  }
  return code;
}

main().then(
  (code) => {
    console.log(
      `vscode: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`,
    );
    return exit(code || (totals.failed ? 1 : 0));
  },
  (error: unknown) => {
    if (exiting) return exiting; // a failure caused by the cleanup under way (timeout, signal)
    console.error('vscode:', error instanceof Error ? (error.stack ?? error.message) : error);
    return exit(1);
  },
);
