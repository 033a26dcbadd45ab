// container-doctor ps CONTAINER [--format text|json] [--source host-proc|api|exec]
//   [--allow-exec] [--host URL]
// A container's process tree with zombies and the parents that leave them.
// Exit codes: 0 listed, 2 usage or unknown container, 3 engine unavailable or the
// container not running / unreadable.
import { checkContainerRef, describeEngineState, type EngineState } from '../../runtime/connection';
import { connectWithFlags, ENGINE_FLAGS_HELP } from '../engine';
import {
  buildProcessTree,
  readProcesses,
  renderTreeText,
  processSnapshotJson,
  type ProcessReadError,
  type ProcessSnapshot,
  type ProcessSource,
} from '../../runtime/processes';
import { exitCodes, UsageError, type CliIo } from '../io';
import { inspectView } from '../../runtime/containers';
import { liveJudgement } from '../../runtime/containers/pid1';
import type { RuntimeVerdict } from '../../model/types';

const HELP = `usage: container-doctor ps CONTAINER [--format text|json] [--source host-proc|api|exec]
                          [--allow-exec] [--host URL|--context NAME]

Prints CONTAINER's process tree (PID, state, command, threads), zombies marked, and the
parents that leave them unreaped. Sources, best first: the host's /proc (local engine),
the Engine API top plus pids_stats (zombies counted, not listed), and, with --allow-exec
only, a read-only script run inside the container.

  --format text|json   output format (default text)
  --source S           use only this source
  --allow-exec         allow source 3 (runs sh inside the container)
${ENGINE_FLAGS_HELP}
  --max-children N     per-parent cap of the text tree (default 50)
`;

interface PsArgs {
  container: string;
  format: 'text' | 'json';
  source: ProcessSource | undefined;
  allowExec: boolean;
  host: string | undefined;
  context: string | undefined;
  maxChildren: number;
}

export function parsePsArgs(args: string[]): PsArgs | 'help' {
  const parsed: Partial<PsArgs> = { format: 'text', allowExec: false, maxChildren: 50 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string => {
      const [flag, inline] = a.split(/=(.*)/s, 2);
      if (inline !== undefined) return inline;
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    if (a === '--help' || a === '-h') return 'help';
    else if (a.startsWith('--format')) {
      const f = value();
      if (f !== 'text' && f !== 'json')
        throw new UsageError(`--format must be text or json, not ${f}`);
      parsed.format = f;
    } else if (a.startsWith('--source')) {
      const s = value();
      if (s !== 'host-proc' && s !== 'api' && s !== 'exec')
        throw new UsageError(`--source must be host-proc, api or exec, not ${s}`);
      parsed.source = s;
    } else if (a === '--allow-exec') parsed.allowExec = true;
    else if (a === '--host' || a.startsWith('--host=')) parsed.host = value();
    else if (a === '--context' || a.startsWith('--context=')) parsed.context = value();
    else if (a.startsWith('--max-children')) {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1)
        throw new UsageError('--max-children must be a positive integer');
      parsed.maxChildren = n;
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else if (parsed.container)
      throw new UsageError(`one container at a time (got ${parsed.container} and ${a})`);
    else parsed.container = a;
  }
  if (!parsed.container) throw new UsageError('which container? (name or ID)');
  return parsed as PsArgs;
}

/** The JSON contract (shared with the MCP server's process_tree): see src/runtime/processes/json.ts. */
export const psJson = processSnapshotJson;

const answer = (v: boolean | null): string => (v === null ? 'unknown' : v ? 'yes' : 'no');

export function psText(
  s: ProcessSnapshot,
  maxChildren: number,
  verdict: RuntimeVerdict | null = null,
): string {
  const lines = [
    `${s.container.name} (${s.container.id.slice(0, 12)})`,
    `source: ${s.sourceDetail}`,
    `PID 1: ${s.pid1 ? `${s.pid1.pid} ${s.pid1.command}` : '(not listed)'}`,
  ];
  if (verdict)
    lines.push(
      `graceful stop: ${answer(verdict.gracefulStop)} · reaps zombies: ${answer(verdict.reapsZombies)}${verdict.init ? ` · init: ${verdict.init}` : ''}`,
      ...verdict.reasons.map((r) => `  ${r}`),
    );
  const z = s.zombies;
  if (z.count === 0) lines.push('zombies: none');
  else {
    const named = z.parents.map((p) => `PID ${p.pid} ${p.command}: ${p.count} unreaped children`);
    if (z.unattributed > 0)
      named.push(
        `${z.unattributed} not listed by this source (parent unknown; orphans go to PID 1)`,
      );
    lines.push(`zombies: ${z.count}`, ...named.map((n) => `  ${n}`));
  }
  lines.push('', renderTreeText(buildProcessTree(s.processes, s.pid1?.pid), { cap: maxChildren }));
  return lines.join('\n') + '\n';
}

export type PsReport =
  | { ok: true; snapshot: ProcessSnapshot; verdict: RuntimeVerdict | null }
  | { ok: false; error: ProcessReadError };

/** The snapshot and PID 1's verdict, as `ps` prints them (and the MCP server's process_tree returns). */
export async function readPsReport(
  engine: Extract<EngineState, { kind: 'connected' }>,
  container: string,
  options: { allowExec: boolean; source?: ProcessSource },
): Promise<PsReport> {
  const result = await readProcesses(engine.docker, engine.version, container, options);
  if (!result.ok) return result;
  // The same judgement as the explorer's, from the same facts (a container removed meanwhile has none).
  const view = await inspectView(engine.docker, result.snapshot.container.id);
  const verdict = view.ok ? liveJudgement(view.value, engine.version.local).verdict : null;
  return { ok: true, snapshot: result.snapshot, verdict };
}

export async function psMain(args: string[], io: CliIo): Promise<number> {
  const parsed = parsePsArgs(args);
  if (parsed === 'help') {
    io.stdout(HELP);
    return exitCodes.ok;
  }
  // A name goes into an Engine API path: check it as Docker does before asking the engine.
  const ref = checkContainerRef(parsed.container);
  if (!ref.ok) throw new UsageError(ref.error.message);
  const engine = await connectWithFlags({ host: parsed.host, context: parsed.context }, io.env);
  if (engine.kind !== 'connected') {
    io.stderr(`container-doctor ps: ${describeEngineState(engine)}\n`);
    return 3;
  }
  const result = await readPsReport(engine, parsed.container, {
    allowExec: parsed.allowExec || parsed.source === 'exec',
    source: parsed.source,
  });
  if (!result.ok) {
    io.stderr(`container-doctor ps: ${result.error.message}\n`);
    return result.error.kind === 'not-found' ? exitCodes.usage : 3;
  }
  const verdict = result.verdict;
  io.stdout(
    parsed.format === 'json'
      ? JSON.stringify(psJson(result.snapshot, verdict), null, 2) + '\n'
      : psText(result.snapshot, parsed.maxChildren, verdict),
  );
  return exitCodes.ok;
}
