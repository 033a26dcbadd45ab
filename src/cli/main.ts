// container-doctor: the command-line adapter. Routes a subcommand to its module
// in ./commands; each is a thin adapter over src/analysis or src/runtime.
import { useCodeCache } from '../shared/code-cache';
import { useParseStore } from '../shared/parse-store';
import { readLimited } from './files';
import { CliIo, CommandMain, UsageError, exitCodes } from './io';

// Commands load on demand: the analysis engine and the Engine client are large, and a
// command should not pay for the others' start-up, nor `--help` for any. The build makes each
// `./commands/<name>` imported here a file of its own (dist/cli-<name>.js, loaded by this
// import and by nothing else; scripts/bundles.mjs), so a new command is registered by one
// entry in this table whose `main` imports its module; nothing here may import a command's
// code statically (the bundle test checks that dist/cli.js stays small).
const commands: Record<string, { main: () => Promise<CommandMain>; summary: string }> = {
  lint: {
    main: async () => (await import('./commands/lint')).lintMain,
    summary:
      'lint Dockerfiles and compose files: who is PID 1, will it stop, does it reap, what memory may it take',
  },
  ps: {
    main: async () => (await import('./commands/ps')).psMain,
    summary: "a container's process tree, with zombies and the parents that leave them",
  },
  explain: {
    main: async () => (await import('./commands/explain')).explainMain,
    summary: 'why did this container exit? (from evidence: state, events, logs)',
  },
  audit: {
    main: async () => (await import('./commands/audit')).auditMain,
    summary: 'every container on the host without limits, with zombies, restart loops or OOM kills',
  },
  mcp: {
    main: async () => (await import('./commands/mcp')).mcpMain,
    summary: 'a Model Context Protocol server over stdio: these answers as tools for AI assistants',
  },
  'stop-test': {
    main: async () => (await import('./commands/stop-test')).stopTestMain,
    summary: 'run a throwaway copy of an image or container and time docker stop',
  },
};

export function usage(): string {
  const lines = ['usage: container-doctor <command> [options]', '', 'commands:'];
  for (const [name, c] of Object.entries(commands)) lines.push(`  ${name.padEnd(10)} ${c.summary}`);
  lines.push('', "Run 'container-doctor <command> --help' for a command's options.");
  return lines.join('\n') + '\n';
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? exitCodes.ok : exitCodes.usage;
  }
  if (name === '--version') {
    io.stdout(`${process.env.CDOC_VERSION ?? 'dev'}\n`);
    return exitCodes.ok;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`container-doctor: unknown command '${name}'\n\n${usage()}`);
    return exitCodes.usage;
  }
  try {
    return await (
      await command.main()
    )(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`container-doctor ${name}: ${err.message}\n`);
      return exitCodes.usage;
    }
    throw err;
  }
}

/** A reader that went away (`| head -c 100`) is a normal end, not a crash. */
function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : exitCodes.ok);
  });
}

if (require.main === module) {
  // Keep the compiled code of the command's bundle between runs: Node's own compile cache
  // where it has one (22.1+), V8's code cache through node:vm before (../shared/code-cache).
  useCodeCache({ bundleDir: __dirname });
  // And the shell and compose parses of earlier runs (../shared/parse-store).
  useParseStore();
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  const io: CliIo = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => {
      const read = await readLimited(process.stdin);
      if (!read.ok) throw new UsageError(read.message);
      return read.text;
    },
    cwd: process.cwd(),
    env: process.env,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(
        `container-doctor: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exitCode = exitCodes.engine;
    },
  );
}
