// `container-doctor audit`: every container on the host, checked for missing limits,
// PID 1 problems, zombies, restart loops and OOM kills. A thin adapter over src/runtime/audit.
// `--all-contexts` audits every engine (each docker context, Podman's sockets) in one report.
import { modelJudge } from '../../runtime/containers/pid1';
import { homedir } from 'node:os';
import {
  chooseEngines,
  connect,
  discoverEngines,
  type Engine,
  type EngineState,
} from '../../runtime/connection';
import { auditHost, auditText, type AuditReport } from '../../runtime/audit';
import { type CliIo, UsageError, exitCodes } from '../io';
import { connectWithFlags, ENGINE_FLAGS_HELP } from '../engine';
import { parseOptions } from './explain';

export const AUDIT_HELP = `usage: container-doctor audit [--format text|json] [--host URL|--context NAME|--all-contexts]

Check every container on the Docker host (read-only): no memory limit (and the sum of
the running containers' limits against host memory), no pids limit, a PID 1 that will
ignore SIGTERM or not reap (from its command; measured from host /proc for a local
engine), zombies (pids_stats counts them, top does not list them), restart loops and
OOM kills (OOMKilled, and the daemon's oom events). Each finding names its action.

  --format FORMAT  text (default) or json
${ENGINE_FLAGS_HELP}
  --all-contexts   every engine in one report: each docker context (docker context ls)
                   and Podman's sockets when present; an engine that does not answer is
                   reported as such, the others are audited

Exit codes:
  0  no findings
  1  findings
  2  usage error
  3  the Docker engine is not reachable (with --all-contexts: one of them, and no findings)
`;

/** One engine's part of an --all-contexts report (the JSON contract). */
export interface EngineAudit {
  engine: string;
  endpoint: string;
  current: boolean;
  /** 'connected', or why not ('not-running', 'unreachable', …). */
  state: string;
  /** Why it could not be audited (absent when it was). */
  message?: string;
  report?: AuditReport;
}

export async function auditMain(args: string[], io: CliIo): Promise<number> {
  const all = args.includes('--all-contexts');
  const opts = parseOptions(
    args.filter((a) => a !== '--all-contexts'),
    ['host', 'context'],
  );
  if (opts.help) {
    io.stdout(AUDIT_HELP);
    return exitCodes.ok;
  }
  if (opts.positional.length) throw new UsageError(`takes no arguments\n\n${AUDIT_HELP}`);
  if (!['text', 'json'].includes(opts.format))
    throw new UsageError(`--format must be text or json, not ${opts.format}`);
  if (all && (opts.values.host !== undefined || opts.values.context !== undefined))
    throw new UsageError('--all-contexts audits every engine: no --host or --context with it');
  if (all) return auditAll(opts.format, io);

  const engine = await connectWithFlags(opts.values, io.env);
  if (engine.kind !== 'connected') {
    io.stderr(`container-doctor audit: ${engine.message}\n  ${engine.remedy}\n`);
    return 3;
  }
  const r = await auditHost(engine.docker, { local: engine.version.local, judge: modelJudge });
  if (r.kind !== 'ok') {
    io.stderr(`container-doctor audit: ${r.message}\n`);
    return 3;
  }
  io.stdout(
    opts.format === 'json' ? JSON.stringify(r.report, null, 2) + '\n' : auditText(r.report),
  );
  return r.report.containers.some((c) => c.findings.length) ? exitCodes.findings : exitCodes.ok;
}

/** Audit one engine; a failure is a value in the report, never the end of the run. */
async function auditEngine(engine: Engine): Promise<EngineAudit> {
  const base = { engine: engine.name, endpoint: engine.endpoint.label, current: engine.current };
  const state: EngineState = await connect(engine.endpoint);
  if (state.kind !== 'connected')
    return { ...base, state: state.kind, message: `${state.message} ${state.remedy}` };
  const r = await auditHost(state.docker, { local: state.version.local, judge: modelJudge });
  if (r.kind !== 'ok') return { ...base, state: 'unreachable', message: r.message };
  return { ...base, state: 'connected', report: r.report };
}

async function auditAll(format: string, io: CliIo): Promise<number> {
  const engines = await chooseEngines(discoverEngines({}, io.env, homedir()), 'all', () =>
    Promise.resolve(true),
  );
  // In parallel: a slow or dead engine costs its own timeout, not the sum of all.
  const audits = await Promise.all(engines.map(auditEngine));
  if (format === 'json') io.stdout(JSON.stringify({ engines: audits }, null, 2) + '\n');
  else {
    const parts = audits.map((a) => {
      const head = `== ${a.engine}${a.current ? ' (current)' : ''}: ${a.endpoint}`;
      return a.report ? `${head}\n${auditText(a.report)}` : `${head}\nnot audited: ${a.message}\n`;
    });
    io.stdout(parts.join('\n'));
  }
  if (audits.some((a) => a.report?.containers.some((c) => c.findings.length)))
    return exitCodes.findings;
  return audits.every((a) => a.report) ? exitCodes.ok : 3;
}
