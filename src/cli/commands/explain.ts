// `container-doctor explain CONTAINER`: why did this container exit? A thin adapter
// over src/runtime/explain (evidence through the Engine API, a pure classifier).
import { homedir } from 'node:os';
import { connect, resolveEngineEndpoint } from '../../runtime/connection';
import {
  explainContainer,
  explanationJson,
  explanationMarkdown,
  explanationText,
} from '../../runtime/explain';
import { type CliIo, UsageError, exitCodes } from '../io';

export const EXPLAIN_HELP = `usage: container-doctor explain CONTAINER [--format text|json|markdown]

Explain why a container exited (or what happened to a running one), from evidence
read through the Engine API: its state, the daemon's events for it, the last log
lines, the daemon's start time and, for a local engine, the kernel's OOM-killer lines.

  CONTAINER            a container id (or unique prefix) or name
  --format FORMAT      text (default), json (the documented contract) or markdown
  --tail N             log lines to read from the end (default 50; never the whole log)

Exit codes:
  0  explained (whatever the cause)
  2  usage error, or no such container
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
  const opts = parseOptions(args, ['tail']);
  if (opts.help) {
    io.stdout(EXPLAIN_HELP);
    return exitCodes.ok;
  }
  if (opts.positional.length !== 1)
    throw new UsageError(`expects one CONTAINER\n\n${EXPLAIN_HELP}`);
  if (!['text', 'json', 'markdown'].includes(opts.format))
    throw new UsageError(`--format must be text, json or markdown, not ${opts.format}`);
  const tail = opts.values.tail === undefined ? undefined : Number(opts.values.tail);
  if (tail !== undefined && !(Number.isInteger(tail) && tail > 0 && tail <= 10_000))
    throw new UsageError('--tail must be an integer from 1 to 10000');

  const engine = await connect(resolveEngineEndpoint({}, io.env, homedir()));
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
  const x = r.explanation;
  if (opts.format === 'json') io.stdout(JSON.stringify(explanationJson(x), null, 2) + '\n');
  else if (opts.format === 'markdown') io.stdout(explanationMarkdown(x));
  else io.stdout(explanationText(x));
  return exitCodes.ok;
}
