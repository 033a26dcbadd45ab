// Installs code-server (the real VS Code 1.100.3 server, workbench and Node
// extension host) into the ignored .vscode-test/code-server/, for the
// extension-host tests (test/vscode/run.ts) and `npm start`. Works with only the
// npm and Debian registries reachable; every step below fixes a failure seen on
// these machines (docs: vscode-harness.md). Reuses an install that is complete.
//
//   node scripts/install-code-server.mjs [--force]
//
// Also importable: codeServerBin(), isInstalled(), CODE_SERVER_VERSION.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const root = fileURLToPath(new URL('..', import.meta.url));
export const installDir = join(root, '.vscode-test', 'code-server');
const pkgDir = join(installDir, 'node_modules', 'code-server');

/**
 * The flags every code-server this project starts shares (`npm start` and the test harness):
 * no login on 127.0.0.1, no telemetry or update checks, no trust prompt or welcome override
 * for the sample workspace, no restoring the previously opened folder.
 */
export const serveFlags = [
  '--auth',
  'none',
  '--disable-telemetry',
  '--disable-update-check',
  '--disable-workspace-trust',
  '--disable-getting-started-override',
  '--ignore-last-opened',
];

export function codeServerBin() {
  return join(pkgDir, 'out', 'node', 'entry.js');
}

/** Files that exist only when code-server's postinstall really ran (it installs lib/vscode's deps). */
const postinstallMarkers = [
  join(pkgDir, 'lib', 'vscode', 'node_modules', 'node-pty', 'build', 'Release', 'pty.node'),
  join(pkgDir, 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'),
  join(pkgDir, 'lib', 'vscode', 'node_modules', 'kerberos', 'build', 'Release', 'kerberos.node'),
];

function installedVersion() {
  try {
    return JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** @returns {{ ok: true } | { ok: false, why: string }} */
export function isInstalled() {
  const v = installedVersion();
  if (v === undefined) return { ok: false, why: 'code-server is not installed' };
  if (v !== CODE_SERVER_VERSION)
    return { ok: false, why: `code-server ${v} is installed, ${CODE_SERVER_VERSION} is needed` };
  const missing = postinstallMarkers.filter((p) => !existsSync(p));
  if (missing.length)
    return {
      ok: false,
      why: `code-server's postinstall did not complete (missing ${missing.map((p) => p.slice(pkgDir.length + 1)).join(', ')})`,
    };
  return { ok: true };
}

function which(cmd) {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { encoding: 'utf8' }).stdout.trim();
}

/** What the native builds of code-server's dependencies need from Debian. */
function missingAptPackages() {
  const missing = [];
  if (!which('rg')) missing.push('ripgrep');
  if (!existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  if (!which('make') || !which('g++')) missing.push('build-essential');
  if (!which('python3')) missing.push('python3');
  return missing;
}

/**
 * @vscode/ripgrep's install script downloads rg from GitHub (unreachable here),
 * but first looks in this cache: give it Debian's /usr/bin/rg as that tarball.
 */
function seedRipgrepCache() {
  const cacheDir = join(tmpdir(), 'vscode-ripgrep-cache-1.15.11');
  const tarball = join(cacheDir, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (existsSync(tarball)) return undefined; // someone else's cache: leave it
  const rg = which('rg');
  mkdirSync(cacheDir, { recursive: true });
  const r = spawnSync('tar', ['-czf', tarball, '-C', dirname(rg), 'rg'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`could not write ${tarball}`);
  return cacheDir;
}

function fail(message) {
  console.error(`install-code-server: ${message}`);
  process.exit(1);
}

export function install({ force = false } = {}) {
  const state = isInstalled();
  if (state.ok && !force) {
    console.log(`code-server ${CODE_SERVER_VERSION} already installed in ${installDir}`);
    return;
  }
  if (!state.ok) console.log(`install-code-server: ${state.why}; installing`);
  if (process.arch !== 'x64' || process.platform !== 'linux')
    console.warn('install-code-server: this recipe is verified on linux x64 only');
  const missing = missingAptPackages();
  if (missing.length)
    fail(
      `missing Debian packages: ${missing.join(' ')}\n` +
        `  install them with: apt-get install -y --no-install-recommends ${missing.join(' ')}\n` +
        '  (libkrb5-dev: the kerberos module needs gssapi/gssapi.h; ripgrep: rg cannot be downloaded here)',
    );
  const seededCache = seedRipgrepCache();

  rmSync(join(installDir, 'node_modules'), { recursive: true, force: true });
  mkdirSync(installDir, { recursive: true });
  writeFileSync(
    join(installDir, 'package.json'),
    JSON.stringify(
      {
        name: 'container-doctor-code-server',
        private: true,
        description:
          'code-server for Container Doctor tests and npm start (scripts/install-code-server.mjs)',
        dependencies: { 'code-server': CODE_SERVER_VERSION },
      },
      null,
      2,
    ) + '\n',
  );
  const started = Date.now();
  const r = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--no-package-lock', '--foreground-scripts'],
    {
      cwd: installDir,
      stdio: 'inherit',
      env: {
        ...process.env,
        // code-server's postinstall refuses to run as root without it.
        npm_config_unsafe_perm: 'true',
        // node-pty's install runs `npx node-gyp`, which would otherwise prompt.
        npm_config_yes: 'true',
        // Build native modules against the local node headers (no download).
        npm_config_nodedir: '/usr',
        // npm 11 blocks dependency install scripts unless approved, and code-server's
        // postinstall runs a nested `npm install` in lib/vscode whose package.json we do
        // not control; this pinned, known package needs its scripts, in this folder only.
        npm_config_dangerously_allow_all_scripts: 'true',
      },
    },
  );
  if (r.status !== 0)
    fail(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${r.status})`);
  // The cache is only for this install: leave nothing behind in the temp dir.
  if (seededCache) rmSync(seededCache, { recursive: true, force: true });
  const after = isInstalled();
  if (!after.ok)
    fail(
      `${after.why}.\n  npm may have skipped install scripts; re-run with --force, and check that the\n` +
        '  Debian packages chromium libkrb5-dev ripgrep build-essential python3 are installed.',
    );
  console.log(
    `code-server ${CODE_SERVER_VERSION} installed in ${installDir} (${Math.round((Date.now() - started) / 1000)} s)`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  install({ force: process.argv.includes('--force') });
  if (!which('chromium') && !existsSync('/usr/bin/chromium'))
    console.warn(
      'install-code-server: chromium is not installed; `npm start` works without it, the ' +
        'extension-host tests need it (apt-get install -y --no-install-recommends chromium)',
    );
}
