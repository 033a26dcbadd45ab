// `npm start`: the product in one command. Builds the extension, makes sure code-server
// (the real VS Code 1.100.3 in a browser) is installed, starts it on 127.0.0.1 with the
// extension loaded on examples/, and prints the URL. Ctrl+C stops everything.
//
//   npm start                     extension from this checkout (development mode), on examples/
//   npm start -- --vsix           the packaged VSIX instead (npm run package + --install-extension)
//   npm start -- path/to/folder   another folder
//   PORT=9000 npm start           another port (default 8080, or the next free one)
//
// No Chromium is needed to serve: open the URL in any browser on this machine (or forward
// the port, e.g. `ssh -L 8080:127.0.0.1:8080 host`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerBin, install, isInstalled, serveFlags } from './install-code-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const useVsix = args.includes('--vsix');
const folder = resolve(args.find((a) => !a.startsWith('--')) ?? join(root, 'examples'));
const state = join(root, '.vscode-test', 'start'); // user data survives restarts; ignored by git

let runtime; // the temporary folder (sockets, temp files), removed on every way out

function fail(message) {
  console.error(`npm start: ${message}`);
  if (runtime) rmSync(runtime, { recursive: true, force: true });
  process.exit(1);
}

function runNode(script, scriptArgs = []) {
  const r = spawnSync(process.execPath, [join(root, script), ...scriptArgs], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) fail(`${script} failed (exit ${r.status ?? r.signal})`);
}

function portIsFree(port) {
  return new Promise((res) => {
    const probe = createServer()
      .once('error', () => res(false))
      .once('listening', () => probe.close(() => res(true)))
      .listen(port, '127.0.0.1');
  });
}

async function choosePort() {
  if (process.env.PORT) {
    const port = Number(process.env.PORT);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      fail(`PORT=${process.env.PORT} is not a port`);
    if (!(await portIsFree(port))) fail(`port ${port} (PORT) is in use`);
    return port;
  }
  for (let port = 8080; port < 8100; port++) if (await portIsFree(port)) return port;
  fail('no free port between 8080 and 8099; set PORT');
}

if (!existsSync(folder)) fail(`${folder} does not exist`);
console.log('npm start: building');
runNode('scripts/build.mjs');
if (!isInstalled().ok) {
  console.log(`npm start: ${isInstalled().why}; installing it once (about a minute)`);
  install(); // exits with a clear message (missing Debian packages, npm errors) on failure
}

runtime = mkdtempSync(join(tmpdir(), 'cdoc-start-')); // sockets and temp files
// Ctrl+C at any point (building, installing, packaging or serving) stops what runs and
// removes the temporary folder. code-server runs in its own process group (the extension
// host and the language server with it), so the whole group is ended.
let child;
let stopping = false;
function killChildGroup(signal) {
  if (!child?.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone
  }
}
function stop(code) {
  if (stopping) return;
  stopping = true;
  const finish = () => {
    killChildGroup('SIGKILL');
    rmSync(runtime, { recursive: true, force: true });
    process.exit(code);
  };
  if (!child || child.exitCode !== null || child.signalCode !== null) return finish();
  killChildGroup('SIGTERM');
  child.once('exit', finish);
  setTimeout(finish, 1500).unref();
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(signal, () => {
    console.log('\nnpm start: stopping');
    stop(signal === 'SIGINT' ? 0 : 1);
  });

const dirs = {
  userData: join(state, 'user-data'),
  extensions: join(state, useVsix ? 'extensions-vsix' : 'extensions'),
  config: join(state, 'config.yaml'),
};
mkdirSync(dirs.userData, { recursive: true });
mkdirSync(dirs.extensions, { recursive: true });
writeFileSync(dirs.config, ''); // empty: code-server reads no password or bind address from it
const env = {
  ...process.env,
  EXTENSIONS_GALLERY: '{}',
  XDG_CONFIG_HOME: join(state, 'xdg-config'),
  XDG_DATA_HOME: join(state, 'xdg-data'),
  XDG_CACHE_HOME: join(state, 'xdg-cache'),
  XDG_RUNTIME_DIR: runtime,
  TMPDIR: runtime,
};
const common = [
  '--config',
  dirs.config,
  '--user-data-dir',
  dirs.userData,
  '--extensions-dir',
  dirs.extensions,
];

if (useVsix) {
  const vsix = join(runtime, 'container-doctor.vsix');
  runNode('scripts/package.mjs', ['--out', vsix, '--no-build']);
  const r = spawnSync(
    process.execPath,
    [codeServerBin(), ...common, '--force', '--install-extension', vsix],
    {
      env,
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) fail(`code-server --install-extension failed:\n${r.stdout}${r.stderr}`);
}

const port = await choosePort();
child = spawn(
  process.execPath,
  [codeServerBin(), ...common, '--bind-addr', `127.0.0.1:${port}`, ...serveFlags],
  { detached: true, env, stdio: ['ignore', 'pipe', 'pipe'] },
);

let seen = '';
const onData = (chunk) => {
  const text = chunk.toString();
  if (process.env.CDOC_START_VERBOSE) process.stdout.write(text);
  if (seen === null) return;
  seen += text;
  if (!/HTTP server listening on/.test(seen)) return;
  seen = null;
  const origin = `http://127.0.0.1:${port}`;
  const payload = useVsix
    ? []
    : [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${root.replace(/\/$/, '')}`]];
  const url =
    `${origin}/?folder=${encodeURIComponent(folder)}` +
    (payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : '');
  console.log(
    `\nContainer Doctor in VS Code (code-server 1.100.3), ${useVsix ? 'packaged VSIX' : 'extension from this checkout'}, on ${folder}:\n\n  ${url}\n\n` +
      'Open it in a browser on this machine (keep the 127.0.0.1 address: the extension path in the\n' +
      "URL names it). Ctrl+C stops everything. CDOC_START_VERBOSE=1 shows code-server's log.\n",
  );
};
child.stdout.on('data', onData);
child.stderr.on('data', onData);
child.once('exit', (code, signal) => {
  if (stopping) return;
  if (seen !== null) console.error(seen);
  console.error(`npm start: code-server exited (${code ?? signal})`);
  rmSync(runtime, { recursive: true, force: true });
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // the group is gone
  }
  process.exit(typeof code === 'number' && code !== 0 ? code : 1);
});
