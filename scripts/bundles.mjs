// The esbuild options of the three bundles (extension client, language server, CLI), shared
// by scripts/build.mjs and the bundle test (test/unit/bundle), so the test builds exactly
// what ships.
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

const inPackage = (dir, name) =>
  new RegExp(`[\\\\/]node_modules[\\\\/]${name}[\\\\/]lib$`).test(dir);

const unbundled = (what) =>
  JSON.stringify(`${what} (dockerode) are not part of the Container Doctor bundles`);

/**
 * dockerode modules for BuildKit that Container Doctor never uses, replaced by stubs that
 * hand their caller a clear error: `./session` (BuildKit sessions, for buildImage with
 * version "2"; the only path to @grpc/grpc-js, @grpc/proto-loader and protobufjs' loader,
 * ~380 KB) and `./buildkit` (docker.followProgress's BuildKit decoding: protobufjs, ~90 KB).
 */
const dockerodeStubs = {
  session: `module.exports = function withSession(docker, auth, handler) {
  handler(new Error(${unbundled('BuildKit sessions (buildImage with version "2")')}), null, function () {});
};`,
  buildkit: `module.exports = {
  followProgress: function (stream, onFinished) {
    onFinished(new Error(${unbundled('BuildKit progress decoding (docker.followProgress)')}));
  },
};`,
};

export const dockerodeBuildKitStubs = {
  name: 'dockerode-buildkit-stubs',
  setup(build) {
    build.onResolve({ filter: /^\.\/(session|buildkit)(\.js)?$/ }, (args) =>
      inPackage(args.resolveDir, 'dockerode')
        ? {
            path: join(
              args.resolveDir,
              args.path.replace(/^\.\//, '').replace(/\.js$/, '') + '.js',
            ),
            namespace: 'dockerode-stub',
          }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'dockerode-stub' }, (args) => ({
      loader: 'js',
      contents: dockerodeStubs[args.path.replace(/^.*[\\/]/, '').replace(/\.js$/, '')],
    }));
  },
};

/**
 * docker-modem requires its ssh agent (and with it ssh2, ~270 KB of JavaScript that takes
 * tens of ms to evaluate) when it loads, though only ssh:// hosts use it. This loads the real
 * module on the first ssh:// connection instead (esbuild evaluates a bundled CommonJS module
 * on its first require); ssh:// works as before.
 */
export const lazyDockerModemSsh = {
  name: 'lazy-docker-modem-ssh',
  setup(build) {
    build.onResolve({ filter: /^\.\/ssh(\.js)?$/ }, (args) =>
      inPackage(args.resolveDir, 'docker-modem')
        ? { path: join(args.resolveDir, 'ssh.js'), namespace: 'lazy-docker-modem-ssh' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-docker-modem-ssh' }, (args) => ({
      loader: 'js',
      resolveDir: dirname(args.path),
      contents: `module.exports = function sshAgent(opt) {
  return require(${JSON.stringify(args.path)})(opt);
};`,
    }));
  },
};

/**
 * mvdan-sh (the shell parser, 1.3 MB of GopherJS: the larger part of the engine) goes into a
 * file of its own, dist/mvdan-sh.js, which src/model/shell/ast.ts requires on the first shell
 * parse: a process that never parses shell (most Dockerfiles, `--help`, the LSP handshake)
 * neither reads nor compiles it. `fromDir` is the folder of the bundle that requires it.
 */
export function shellParserInItsOwnFile(fromDir, outdir) {
  const target = `./${relative(fromDir, join(outdir, 'mvdan-sh.js')).split('\\').join('/')}`;
  return {
    name: 'shell-parser-in-its-own-file',
    setup(build) {
      build.onResolve({ filter: /^mvdan-sh$/ }, () => ({ path: target, external: true }));
    },
  };
}

/**
 * node-fetch 2 (the Kubernetes client's HTTP) takes its URL class from `require('url').URL`
 * and only falls back to whatwg-url (with tr46's Unicode tables: 280 KB of the client's
 * bundle) where Node has none, which no Node this runs on is (node_modules/node-fetch/lib/
 * index.js: `Url.URL || whatwgUrl.URL`). The fallback becomes Node's own URL.
 */
export const nodeUrlForWhatwgUrl = {
  name: 'node-url-for-whatwg-url',
  setup(build) {
    build.onResolve({ filter: /^whatwg-url$/ }, () => ({
      path: 'whatwg-url',
      namespace: 'node-url',
    }));
    build.onLoad({ filter: /.*/, namespace: 'node-url' }, () => ({
      loader: 'js',
      contents: "module.exports = { URL: require('node:url').URL };",
    }));
  },
};

/**
 * The YAML library goes into dist/yaml.js, which src/shared/yaml.ts requires on the first
 * YAML it reads: a `lint` of a Dockerfile with no compose file that could build it, and the
 * language server's handshake, neither read nor compile it. Only src/shared/yaml.ts may
 * import 'yaml' (an import elsewhere would load the file at start; the bundle test checks).
 */
export function yamlInItsOwnFile(fromDir, outdir) {
  const target = `./${relative(fromDir, join(outdir, 'yaml.js')).split('\\').join('/')}`;
  return {
    name: 'yaml-in-its-own-file',
    setup(build) {
      build.onResolve({ filter: /^yaml$/ }, () => ({ path: target, external: true }));
    },
  };
}

/**
 * The CLI's commands are files of their own: src/cli/main.ts imports each `./commands/<name>`
 * on demand, and here that import becomes a require of dist/cli-<name>.js (built from
 * src/cli/commands/<name>.ts), so `lint` never reads the Engine client and `--help` reads
 * nothing but the router. Imports between commands (audit uses explain's option parser)
 * stay inside the importing command's bundle.
 */
export const commandsInTheirOwnFiles = {
  name: 'commands-in-their-own-files',
  setup(build) {
    build.onResolve({ filter: /^\.\/commands\/[\w-]+$/ }, (args) =>
      args.importer === join(repoRoot, 'src', 'cli', 'main.ts')
        ? { path: `./cli-${args.path.slice('./commands/'.length)}.js`, external: true }
        : undefined,
    );
  },
};

/**
 * The language server's engine is a file of its own, dist/analysis-worker.js (built from
 * src/server/analysisJob.ts): the worker threads run it, and the main thread, which answers
 * the LSP handshake, loads it only as a fallback when worker threads cannot start.
 */
export const analysisWorkerInItsOwnFile = {
  name: 'analysis-worker-in-its-own-file',
  setup(build) {
    build.onResolve({ filter: /^\.\/analysisJob$/ }, (args) =>
      args.importer === join(repoRoot, 'src', 'server', 'analysisWorkerStart.ts')
        ? { path: './analysis-job.js', external: true }
        : args.importer.startsWith(join(repoRoot, 'src', 'server'))
          ? { path: './analysis-worker.js', external: true }
          : undefined,
    );
  },
};

/**
 * The server's entries install V8's code cache (src/shared/code-cache.ts) before the code
 * they load: dist/server.js (src/server/start.ts) requires dist/server-main.js, and
 * dist/analysis-worker.js (src/server/analysisWorkerStart.ts) requires dist/analysis-job.js.
 */
export const serverMainInItsOwnFile = {
  name: 'server-main-in-its-own-file',
  setup(build) {
    build.onResolve({ filter: /^\.\/main$/ }, (args) =>
      args.importer === join(repoRoot, 'src', 'server', 'start.ts')
        ? { path: './server-main.js', external: true }
        : undefined,
    );
  },
};

/** The CLI's commands: every src/cli/commands/<name>.ts but tests. */
export function cliCommands() {
  return readdirSync(join(repoRoot, 'src', 'cli', 'commands'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -'.ts'.length))
    .sort();
}

/**
 * @kubernetes/client-node is 1.5 MB bundled (what we use of it) and a few hundred ms to evaluate: the CLI and
 * the extension load it from a bundle of its own (dist/kubernetes-client.js) on first use.
 * src/runtime/kubernetes/load-client.ts becomes a require of that file, next to the bundle.
 */
export const lazyKubernetesClient = {
  name: 'lazy-kubernetes-client',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]runtime[\\/]kubernetes[\\/]load-client\.ts$/ }, () => ({
      loader: 'js',
      contents: `let loading;
exports.loadKubernetesClient = function loadKubernetesClient() {
  loading = loading || Promise.resolve().then(() => require(require('node:path').join(__dirname, 'kubernetes-client.js')));
  return loading;
};`,
    }));
  },
};

/** Options every bundle shares. */
export function commonOptions({ watch = false } = {}) {
  return {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'linked',
    minify: !watch && process.env.CDOC_NO_MINIFY !== '1',
    logLevel: 'warning',
    absWorkingDir: repoRoot,
    // cpu-features and ssh2's native parts are optional in ssh2 (used by dockerode for ssh://).
    external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
    plugins: [dockerodeBuildKitStubs, lazyDockerModemSsh, lazyKubernetesClient],
    // jsonc-parser's `main` is a UMD build whose lazy require('./impl/…') a bundle cannot
    // follow; its ES module build bundles cleanly.
    alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
  };
}

/**
 * The bundles' options; `outdir` (default dist) is where they are written: the extension
 * client, the language server and its analysis worker, the CLI's router (dist/cli.js,
 * the bin) and one file per CLI command, the Kubernetes client, and the shell parser and the
 * YAML library the server and the commands load on first use.
 * @returns {{ name: string, options: import('esbuild').BuildOptions }[]}
 */
export function bundleOptions({ watch = false, outdir = join(repoRoot, 'dist') } = {}) {
  const common = commonOptions({ watch });
  const withShellParser = [
    ...common.plugins,
    shellParserInItsOwnFile(outdir, outdir),
    yamlInItsOwnFile(outdir, outdir),
  ];
  return [
    {
      name: 'extension',
      options: {
        ...common,
        plugins: [...common.plugins, yamlInItsOwnFile(outdir, outdir)],
        entryPoints: ['src/extension/main.ts'],
        outfile: join(outdir, 'extension.js'),
      },
    },
    {
      name: 'server',
      options: {
        ...common,
        plugins: [...common.plugins, serverMainInItsOwnFile],
        entryPoints: ['src/server/start.ts'],
        outfile: join(outdir, 'server.js'),
      },
    },
    {
      name: 'server-main',
      options: {
        ...common,
        plugins: [...withShellParser, analysisWorkerInItsOwnFile],
        entryPoints: ['src/server/main.ts'],
        outfile: join(outdir, 'server-main.js'),
      },
    },
    {
      name: 'analysis-worker',
      options: {
        ...common,
        plugins: [...common.plugins, analysisWorkerInItsOwnFile],
        entryPoints: ['src/server/analysisWorkerStart.ts'],
        outfile: join(outdir, 'analysis-worker.js'),
      },
    },
    {
      name: 'analysis-job',
      options: {
        ...common,
        plugins: withShellParser,
        entryPoints: ['src/server/analysisJob.ts'],
        outfile: join(outdir, 'analysis-job.js'),
      },
    },
    {
      name: 'cli',
      options: {
        ...common,
        plugins: [...common.plugins, commandsInTheirOwnFiles],
        // `await import('./commands/x')` becomes a plain require of dist/cli-x.js: Node's ESM
        // loader (its own start-up, a CommonJS export scan) has nothing to add here.
        supported: { 'dynamic-import': false },
        entryPoints: ['src/cli/main.ts'],
        outfile: join(outdir, 'cli.js'),
        banner: { js: '#!/usr/bin/env node' },
      },
    },
    {
      name: 'kubernetes-client',
      options: {
        ...common,
        stdin: {
          // Only what src/runtime/kubernetes uses (KubernetesClient in load-client.ts), each
          // from its own module: the package's index would bring watch, exec, attach, cp,
          // port-forward and the rest along, and the other generated APIs tree-shake away
          // (1.1 MB instead of 3.5 MB).
          contents: [
            "export { KubeConfig } from '@kubernetes/client-node/dist/config.js';",
            "export { CoreV1Api } from '@kubernetes/client-node/dist/gen/index.js';",
            "export { setHeaderOptions } from '@kubernetes/client-node/dist/middleware.js';",
            "export { PatchStrategy } from '@kubernetes/client-node/dist/patch.js';",
          ].join('\n'),
          resolveDir: repoRoot,
          loader: 'ts',
        },
        plugins: [...common.plugins, nodeUrlForWhatwgUrl],
        outfile: join(outdir, 'kubernetes-client.js'),
      },
    },
    ...cliCommands().map((command) => ({
      name: `cli-${command}`,
      options: {
        ...common,
        plugins: withShellParser,
        entryPoints: [`src/cli/commands/${command}.ts`],
        outfile: join(outdir, `cli-${command}.js`),
      },
    })),
    {
      name: 'shell-parser',
      options: {
        ...common,
        entryPoints: ['mvdan-sh'],
        outfile: join(outdir, 'mvdan-sh.js'),
      },
    },
    {
      name: 'yaml',
      options: {
        ...common,
        entryPoints: ['yaml'],
        outfile: join(outdir, 'yaml.js'),
      },
    },
  ];
}
