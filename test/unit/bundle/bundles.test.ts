// The bundles as scripts/build.mjs makes them (same options, from scripts/bundles.mjs), built
// in a temp dir: the extension never carries the Dockerfile engine (it asks the language
// server), no bundle carries dockerode's BuildKit modules (gRPC, protobufjs), and dockerode
// in a bundle still reaches ssh:// hosts through ssh2, loaded on first use. What a process
// starts with is small: the CLI's router holds no command, `lint` no Engine client, and the
// shell parser (mvdan-sh) is a file of its own that the server and the commands load on first
// use.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import * as esbuild from 'esbuild';
import type DockerType from 'dockerode';
import { bundleOptions, cliCommands, commonOptions, repoRoot } from '../../../scripts/bundles.mjs';

const outdir = mkdtempSync(path.join(tmpdir(), 'cdoc-bundles-'));
after(() => rmSync(outdir, { recursive: true, force: true }));

async function inputsOf(name: string): Promise<Map<string, number>> {
  const bundle = bundleOptions({ outdir }).find((b) => b.name === name);
  assert.ok(bundle, `no bundle named ${name}`);
  const result = await esbuild.build({ ...bundle.options, sourcemap: false, metafile: true });
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint)!;
  return new Map(Object.entries(output.inputs).map(([p, i]) => [p, i.bytesInOutput]));
}

/** The bundle's JavaScript as esbuild writes it (minified as shipped). */
async function outputTextOf(name: string): Promise<string> {
  const bundle = bundleOptions({ outdir }).find((b) => b.name === name);
  assert.ok(bundle, `no bundle named ${name}`);
  const result = await esbuild.build({ ...bundle.options, sourcemap: false, write: false });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
  assert.ok(js, `${name}: no JavaScript output`);
  return js.text;
}

/** Bytes in the output per package (node_modules) or source folder, largest first. */
function topInputs(inputs: Map<string, number>, count: number): [string, number][] {
  const sizes = new Map<string, number>();
  for (const [p, bytes] of inputs) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p);
    const key = m ? m[1] : path.dirname(p);
    sizes.set(key, (sizes.get(key) ?? 0) + bytes);
  }
  return [...sizes].sort((a, b) => b[1] - a[1]).slice(0, count);
}

const engine = [/node_modules\/mvdan-sh\//, /node_modules\/dockerfile-ast\//, /^src\/analysis\//];
const buildKit = [/node_modules\/@grpc\//, /node_modules\/protobufjs\//, /dockerode\/lib\/session/];

function present(inputs: Map<string, number>, patterns: RegExp[]): string[] {
  return [...inputs.keys()].filter(
    (p) => patterns.some((re) => re.test(p)) && !p.startsWith('dockerode-stub:'),
  );
}

describe('bundles', () => {
  test('dist/extension.js: no Dockerfile engine, no BuildKit modules', async (t) => {
    const inputs = await inputsOf('extension');
    t.diagnostic(
      `extension.js top inputs: ${topInputs(inputs, 12)
        .map(([k, v]) => `${k} ${(v / 1024).toFixed(0)} KB`)
        .join(', ')}`,
    );
    assert.deepEqual(present(inputs, engine), []);
    assert.deepEqual(present(inputs, buildKit), []);
    assert.deepEqual(present(inputs, [/node_modules\/yaml\//]), []); // dist/yaml.js, on first use
    // The guard is not vacuous: the extension does bundle dockerode and the language client.
    assert.ok([...inputs.keys()].some((p) => p.includes('node_modules/dockerode/')));
    assert.ok([...inputs.keys()].some((p) => p.includes('node_modules/vscode-languageclient/')));
  });

  test('dist/server.js and dist/analysis-worker.js only install the code cache and load the rest', async () => {
    for (const entry of ['server', 'analysis-worker']) {
      const inputs = await inputsOf(entry);
      assert.deepEqual(
        [...inputs.keys()].filter(
          (p) =>
            !p.startsWith('src/shared/code-cache') &&
            !p.startsWith('src/shared/parse-store') &&
            p !== 'src/model/kept-parses.ts' &&
            !p.startsWith('src/server/'),
        ),
        [],
        entry,
      );
      assert.ok(present(inputs, engine).length === 0, entry);
    }
  });

  test('dist/server-main.js carries the engine but not the shell parser; no BuildKit', async () => {
    const server = await inputsOf('server-main');
    assert.ok(present(server, [/^src\/analysis\//, /node_modules\/dockerfile-ast\//]).length > 0);
    assert.deepEqual(present(server, [/node_modules\/mvdan-sh\//]), []);
    assert.deepEqual(present(server, buildKit), []);
    const shellParser = await inputsOf('shell-parser');
    assert.ok(present(shellParser, [/node_modules\/mvdan-sh\//]).length > 0);
  });

  test('the language server loads no TLS module: the extension starts it without NODE_EXTRA_CA_CERTS', async () => {
    // src/shared/server-environment.ts drops the variable because nothing in the server's
    // process could use it; this holds that premise for every file the server loads.
    const loaded: string[] = [];
    for (const name of [
      'server',
      'server-main',
      'analysis-worker',
      'analysis-job',
      'shell-parser',
    ]) {
      const text = await outputTextOf(name);
      const modules = [...text.matchAll(/require\("(?:node:)?([\w/]+)"\)/g)].map((m) => m[1]!);
      assert.ok(modules.length > 0, `${name}: no require() found: the scan would be vacuous`);
      loaded.push(...modules.map((m) => `${name}: ${m}`));
    }
    assert.deepEqual(
      loaded.filter((l) => /: (tls|https|http2)$/.test(l)),
      [],
      'a server bundle loads a TLS module: the server may need NODE_EXTRA_CA_CERTS after all',
    );
    // The scan sees the modules it must: the server does load net (IPC) and worker_threads.
    assert.ok(loaded.includes('server-main: net'), loaded.join(', '));
  });

  test('dist/cli.js is the router alone; each command is a file of its own', async () => {
    const router = await inputsOf('cli');
    const bytes = [...router.values()].reduce((a, b) => a + b, 0);
    assert.ok(bytes < 16 * 1024, `dist/cli.js holds ${bytes} bytes: ${[...router.keys()]}`);
    assert.deepEqual(present(router, [...engine, /node_modules\//, /^src\/cli\/commands\//]), []);
    // Every command the router imports has its bundle, and every bundle is imported.
    const source = readFileSync(path.join(repoRoot, 'src', 'cli', 'main.ts'), 'utf8');
    const imported = [...source.matchAll(/import\('\.\/commands\/([\w-]+)'\)/g)].map((m) => m[1]);
    assert.deepEqual([...imported].sort(), cliCommands());
    const lint = await inputsOf('cli-lint');
    assert.ok(present(lint, [/^src\/analysis\//]).length > 0);
    assert.deepEqual(
      present(lint, [
        /node_modules\/mvdan-sh\//,
        /node_modules\/dockerode\//,
        /node_modules\/yaml\//,
      ]),
      [],
    );
    for (const command of cliCommands().filter((c) => c !== 'lint')) {
      const inputs = await inputsOf(`cli-${command}`);
      assert.ok(
        [...inputs.keys()].some((p) => p.includes('node_modules/dockerode/')),
        command,
      );
      assert.deepEqual(present(inputs, buildKit), [], command);
    }
  });

  test("only src/shared/yaml.ts imports 'yaml' (an import elsewhere would load dist/yaml.js at start)", () => {
    const importers: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('.d.ts')) {
          const text = readFileSync(p, 'utf8');
          if (/(?:^|\n)import (?!type )[^;]*from 'yaml';|require\('yaml'\)/.test(text))
            importers.push(path.relative(repoRoot, p));
        }
      }
    };
    walk(path.join(repoRoot, 'src'));
    assert.deepEqual(importers, ['src/shared/yaml.ts']);
  });

  test('the built CLI lints; the shell parser and the YAML library load from their files only when a file needs them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cdoc-cli-bundle-'));
    try {
      for (const { options } of bundleOptions({ outdir: dir }).filter(
        (b) => b.name.startsWith('cli') || b.name === 'shell-parser' || b.name === 'yaml',
      ))
        await esbuild.build({ ...options, sourcemap: false, logLevel: 'error' });
      const cli = path.join(dir, 'cli.js');
      // Which of the lazily loaded files a run read: a preload lists require.cache at exit.
      const preload = path.join(dir, 'loaded.cjs');
      writeFileSync(
        preload,
        "process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(Object.keys(require.cache).map((p) => require('node:path').basename(p))) + '\\n'));\n",
      );
      const lint = (file: string) => {
        const run = spawnSync(
          process.execPath,
          ['--require', preload, cli, 'lint', '--format', 'json', file],
          { encoding: 'utf8' },
        );
        assert.ok(run.status === 0 || run.status === 1, run.stderr); // linted, not a crash
        const loaded = JSON.parse(/LOADED (.*)/.exec(run.stderr)![1]!) as string[];
        const report = JSON.parse(run.stdout) as {
          files: { findings: { rule: string }[] }[];
        };
        return {
          rules: report.files.flatMap((f) => f.findings.map((x) => x.rule)),
          shellParser: loaded.includes('mvdan-sh.js'),
          yaml: loaded.includes('yaml.js'),
        };
      };
      // `CMD cd /app && exec node server.js`: a list, which mvdan-sh parses (node, exec'd, is
      // PID 1 without a SIGTERM handler); no compose file.
      const own = path.join(dir, 'app');
      mkdirSync(own);
      writeFileSync(
        path.join(own, 'Dockerfile'),
        'FROM node:20\nCMD cd /app && exec node server.js\n',
      );
      const list = lint(path.join(own, 'Dockerfile'));
      assert.ok(list.rules.includes('pid1-ignores-sigterm'), list.rules.join(', '));
      assert.deepEqual([list.shellParser, list.yaml], [true, false]);
      // `CMD java $JAVA_OPTS … > /var/log/app.log 2>&1`: one simple command, read without
      // mvdan-sh; examples/compose.yaml does not name ubi-java-heap, so it is not parsed.
      const simple = lint(path.join(repoRoot, 'examples', 'ubi-java-heap', 'Dockerfile'));
      assert.ok(simple.rules.includes('shell-pid1'), simple.rules.join(', '));
      assert.deepEqual([simple.shellParser, simple.yaml], [false, false]);
      // A compose file is YAML.
      const compose = lint(path.join(repoRoot, 'examples', 'compose.yaml'));
      assert.ok(compose.rules.includes('compose-no-memory-limit'), compose.rules.join(', '));
      assert.equal(compose.yaml, true);
      const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
      assert.equal(help.status, 0);
      for (const command of cliCommands())
        assert.match(help.stdout, new RegExp(`\\n  ${command} `));
      // A usage error thrown inside a command's bundle is still a usage error (exit 2).
      const bad = spawnSync(process.execPath, [cli, 'lint', '--bogus'], { encoding: 'utf8' });
      assert.equal(bad.status, 2, bad.stderr);
      assert.match(bad.stderr, /unknown option '--bogus'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the MCP SDK is in dist/mcp.js only: lint does not load or parse it', async () => {
    const sdk = [/node_modules\/@modelcontextprotocol\//, /node_modules\/zod\//];
    for (const command of cliCommands().filter((c) => c !== 'mcp')) {
      const inputs = await inputsOf(`cli-${command}`);
      assert.deepEqual(present(inputs, sdk), [], command);
      assert.deepEqual(present(inputs, [/^src\/cli\/mcp\//]), [], command);
    }
    const mcp = await inputsOf('cli-mcp');
    assert.ok(present(mcp, [/node_modules\/@modelcontextprotocol\/sdk\//]).length > 0);
    assert.ok(present(mcp, [/^src\/cli\/mcp\/tools\.ts$/]).length > 0);
  });

  test('bundled dockerode: BuildKit sessions fail clearly, ssh:// still goes through ssh2', async () => {
    const outfile = path.join(outdir, 'dockerode.js');
    await esbuild.build({
      ...commonOptions(),
      sourcemap: false,
      stdin: {
        contents: "export { default as Docker } from 'dockerode';",
        resolveDir: repoRoot,
        loader: 'ts',
      },
      outfile,
    });
    const { Docker } = createRequire(__filename)(outfile) as { Docker: typeof DockerType };
    await assert.rejects(
      new Docker({ socketPath: path.join(outdir, 'no.sock') }).buildImage(
        { context: outdir, src: [] },
        { version: '2' },
      ),
      /BuildKit sessions .* are not part of the Container Doctor bundles/,
    );
    // Port 1 on localhost: ssh2's client socket is refused (ssh2 loaded and used on demand).
    const viaSsh = new Docker({ protocol: 'ssh', host: '127.0.0.1', port: 1, username: 'cdoc' });
    await assert.rejects(viaSsh.ping(), (err: Error & { code?: string; level?: string }) => {
      assert.equal(err.code, 'ECONNREFUSED');
      assert.equal(err.level, 'client-socket'); // ssh2's error level
      return true;
    });
  });

  test('@kubernetes/client-node is a bundle of its own, loaded by the CLI on first use', async () => {
    const k8s = [/node_modules\/@kubernetes\/client-node\//];
    for (const name of ['cli', ...cliCommands().map((c) => `cli-${c}`), 'extension'])
      assert.deepEqual(present(await inputsOf(name), k8s), [], `${name} carries the client`);
    const client = await inputsOf('kubernetes-client');
    assert.ok(present(client, k8s).length > 0);
    // node-fetch's whatwg-url fallback (tr46's tables) is Node's URL instead.
    assert.deepEqual(present(client, [/node_modules\/(tr46|whatwg-url)\//]), []);
    // The built CLI reaches the client through dist/kubernetes-client.js: a missing kubeconfig
    // is the client's own error, read by KubeConfig.loadFromFile.
    for (const b of bundleOptions({ outdir }))
      if (b.name.startsWith('cli') || ['kubernetes-client', 'shell-parser'].includes(b.name))
        await esbuild.build({ ...b.options, sourcemap: false });
    const r = spawnSync(
      process.execPath,
      [path.join(outdir, 'cli.js'), 'explain', 'pod/x', '--kubeconfig', path.join(outdir, 'none')],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /cannot read the kubeconfig .*ENOENT/);
  });
});
