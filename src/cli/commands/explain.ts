// `container-doctor explain CONTAINER`: why did this container exit? A thin adapter
// over src/runtime/explain (evidence through the Engine API, a pure classifier).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkContainerRef } from '../../runtime/connection';
import { connectWithFlags, ENGINE_FLAGS_HELP } from '../engine';
import {
  explainCaptured,
  explainContainer,
  type Explanation,
  explanationJson,
  explanationMarkdown,
  explanationText,
} from '../../runtime/explain';
import { type CliIo, UsageError, exitCodes } from '../io';

export const EXPLAIN_HELP = `usage: container-doctor explain CONTAINER [--format text|json|markdown] [--host URL|--context NAME]
       container-doctor explain --from FILE|- [--events FILE] [--logs FILE] [--container NAME]

Explain why a container exited (or what happened to a running one), from evidence
read through the Engine API: its state, the daemon's events for it, the last log
lines, the daemon's start time and, for a local engine, the kernel's OOM-killer lines.
With --from, from evidence captured elsewhere, without a connection.

  CONTAINER            a container id (or unique prefix) or name
  --format FORMAT      text (default), json (the documented contract) or markdown
  --tail N             log lines to read from the end (default 50; never the whole log)
${ENGINE_FLAGS_HELP}
  --from FILE|-        \`docker inspect\` output (the array or one object), or a Kubernetes
                       Pod (\`kubectl get pod NAME -o json|yaml\`) or a List of the Pod and
                       its Events (\`kubectl get pod,events -o json\`); - reads stdin
  --events FILE        lines of \`docker events --format '{{json .}}'\` covering its run;
                       without them a stop that timed out cannot be told from docker kill
  --logs FILE          its log tail (\`docker logs --timestamps --tail 50\`)
  --container NAME     which container, when the input holds several (name or id prefix)

Exit codes:
  0  explained (whatever the cause)
  2  usage error, no such container, or captured evidence that cannot be read
  3  the Docker engine is not reachable (not running, permission denied, ...) or went
     away during the diagnosis
`;

export interface CommonOptions {
  positional: string[];
  format: string;
  help: boolean;
  values: Record<string, string>;
}

/** Minimal option parsing shared by the diagnoses commands. */
export function parseOptions(args: string[], valueFlags: string[]): CommonOptions {
  const out: CommonOptions = { positional: [], format: 'text', help: false, values: {} };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '-h') out.help = true;
    else if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (name !== 'format' && !valueFlags.includes(name))
        throw new UsageError(`unknown option ${a}`);
      const value = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (value === undefined) throw new UsageError(`${a} needs a value`);
      if (name === 'format') out.format = value;
      else out.values[name] = value;
    } else out.positional.push(a);
  }
  return out;
}

export async function explainMain(args: string[], io: CliIo): Promise<number> {
  const opts = parseOptions(args, [
    'tail',
    'from',
    'events',
    'logs',
    'container',
    'host',
    'context',
  ]);
  if (opts.help) {
    io.stdout(EXPLAIN_HELP);
    return exitCodes.ok;
  }
  if (opts.values.from !== undefined) return explainFrom(opts, io);
  for (const flag of ['events', 'logs', 'container'])
    if (opts.values[flag] !== undefined) throw new UsageError(`--${flag} goes with --from`);
  if (opts.positional.length !== 1)
    throw new UsageError(`expects one CONTAINER\n\n${EXPLAIN_HELP}`);
  if (!['text', 'json', 'markdown'].includes(opts.format))
    throw new UsageError(`--format must be text, json or markdown, not ${opts.format}`);
  const tail = opts.values.tail === undefined ? undefined : Number(opts.values.tail);
  if (tail !== undefined && !(Number.isInteger(tail) && tail > 0 && tail <= 10_000))
    throw new UsageError('--tail must be an integer from 1 to 10000');

  // A name goes into an Engine API path: check it as Docker does before asking the engine.
  const checked = checkContainerRef(opts.positional[0]!);
  if (!checked.ok) throw new UsageError(checked.error.message);
  const engine = await connectWithFlags(opts.values, io.env);
  if (engine.kind !== 'connected') {
    io.stderr(`container-doctor explain: ${engine.message}\n  ${engine.remedy}\n`);
    return 3;
  }
  const ref = opts.positional[0];
  const r = await explainContainer(engine.docker, ref, {
    local: engine.version.local,
    logTail: tail,
  });
  if (r.kind === 'not-found') {
    io.stderr(
      `container-doctor explain: no container named or with id '${ref}' on ${engine.endpoint.label} (docker ps -a lists them)\n`,
    );
    return exitCodes.usage;
  }
  if (r.kind !== 'ok') {
    io.stderr(`container-doctor explain: ${r.message}\n`);
    return 3;
  }
  print(r.explanation, opts.format, io);
  return exitCodes.ok;
}

function print(x: Explanation, format: string, io: CliIo, origin?: string): void {
  if (format === 'json') io.stdout(JSON.stringify(explanationJson(x), null, 2) + '\n');
  else if (format === 'markdown') io.stdout(explanationMarkdown(x, origin));
  else io.stdout(explanationText(x));
}

/** A file's text, or stdin for "-"; a file that cannot be read is a usage error. */
async function readInput(path: string, io: CliIo): Promise<string> {
  if (path === '-') return io.readStdin();
  try {
    return await readFile(resolve(io.cwd, path), 'utf8');
  } catch (err) {
    throw new UsageError(
      `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
}

/** `explain --from`: captured evidence, no engine. */
async function explainFrom(opts: CommonOptions, io: CliIo): Promise<number> {
  if (opts.positional.length)
    throw new UsageError(
      `--from explains captured evidence: no CONTAINER (use --container to choose one)`,
    );
  if (!['text', 'json', 'markdown'].includes(opts.format))
    throw new UsageError(`--format must be text, json or markdown, not ${opts.format}`);
  const { from, events, logs, container } = opts.values;
  if ([events, logs].includes('-') && from === '-')
    throw new UsageError('only one input can be read from stdin');
  const r = explainCaptured({
    inspect: await readInput(from, io),
    events: events === undefined ? undefined : await readInput(events, io),
    logs: logs === undefined ? undefined : await readInput(logs, io),
    container,
    names: {
      inspect: from === '-' ? 'stdin' : from,
      events: events === '-' ? 'stdin' : events,
      logs: logs === '-' ? 'stdin' : logs,
    },
  });
  if (r.kind !== 'ok') throw new UsageError(r.message);
  print(r.explanation, opts.format, io, 'captured evidence (docker inspect, events, log tail)');
  return exitCodes.ok;
}
