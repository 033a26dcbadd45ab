// The esbuild options of the three bundles (extension client, language server, CLI), shared
// by scripts/build.mjs and the bundle test (test/unit/bundle), so the test builds exactly
// what ships.
import { dirname, join } from 'node:path';
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
 * `container-doctor mcp` lives in its own bundle (dist/mcp.js, with the MCP SDK and zod,
 * ~0.8 MB): the CLI bundle's `import('./commands/mcp')` becomes `require('./mcp.js')` beside
 * it, so `lint` and the other commands neither load nor parse the SDK.
 */
export const mcpCommandApart = {
  name: 'mcp-command-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/commands\/mcp$/ }, (args) =>
      /[\\/]src[\\/]cli$/.test(args.resolveDir) ? { path: './mcp.js', external: true } : undefined,
    );
  },
};

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
 * The bundles' options; `outdir` (default dist) is where they are written.
 * @returns {{ name: 'extension' | 'server' | 'cli' | 'mcp' | 'kubernetes-client', options: import('esbuild').BuildOptions }[]}
 */
export function bundleOptions({ watch = false, outdir = join(repoRoot, 'dist') } = {}) {
  const common = commonOptions({ watch });
  return [
    {
      name: 'extension',
      options: {
        ...common,
        entryPoints: ['src/extension/main.ts'],
        outfile: join(outdir, 'extension.js'),
      },
    },
    {
      name: 'server',
      options: {
        ...common,
        entryPoints: ['src/server/main.ts'],
        outfile: join(outdir, 'server.js'),
      },
    },
    {
      name: 'cli',
      options: {
        ...common,
        entryPoints: ['src/cli/main.ts'],
        outfile: join(outdir, 'cli.js'),
        banner: { js: '#!/usr/bin/env node' },
        plugins: [...common.plugins, mcpCommandApart],
      },
    },
    {
      name: 'mcp',
      options: {
        ...common,
        entryPoints: ['src/cli/commands/mcp.ts'],
        outfile: join(outdir, 'mcp.js'),
      },
    },
    {
      name: 'kubernetes-client',
      options: {
        ...common,
        stdin: {
          // Only what src/runtime/kubernetes uses (KubernetesClient in load-client.ts): the
          // rest of the generated API tree-shakes away (1.5 MB instead of 3.5 MB).
          contents:
            "export { KubeConfig, CoreV1Api, setHeaderOptions, PatchStrategy } from '@kubernetes/client-node';",
          resolveDir: repoRoot,
          loader: 'ts',
        },
        outfile: join(outdir, 'kubernetes-client.js'),
      },
    },
  ];
}
