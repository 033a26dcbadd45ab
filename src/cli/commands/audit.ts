// `container-doctor audit`: every container on the host, checked for missing limits,
// PID 1 problems, zombies, restart loops and OOM kills. A thin adapter over src/runtime/audit.
import { modelJudge } from '../../runtime/containers/pid1';
import { homedir } from 'node:os';
import { connect, resolveEngineEndpoint } from '../../runtime/connection';
import { auditHost, auditText } from '../../runtime/audit';
import { type CliIo, UsageError, exitCodes } from '../io';
import { parseOptions } from './explain';

export const AUDIT_HELP = `usage: container-doctor audit [--format text|json]

Check every container on the Docker host (read-only): no memory limit (and the sum of
the running containers' limits against host memory), no pids limit, a PID 1 that will
ignore SIGTERM or not reap (from its command; measured from host /proc for a local
engine), zombies (pids_stats counts them, top does not list them), restart loops and
OOM kills (OOMKilled, and the daemon's oom events). Each finding names its action.

  --format FORMAT  text (default) or json

Exit codes:
  0  no findings
  1  findings
  2  usage error
  3  the Docker engine is not reachable
`;

export async function auditMain(args: string[], io: CliIo): Promise<number> {
  const opts = parseOptions(args, []);
  if (opts.help) {
    io.stdout(AUDIT_HELP);
    return exitCodes.ok;
  }
  if (opts.positional.length) throw new UsageError(`takes no arguments\n\n${AUDIT_HELP}`);
  if (!['text', 'json'].includes(opts.format))
    throw new UsageError(`--format must be text or json, not ${opts.format}`);
  const engine = await connect(resolveEngineEndpoint({}, io.env, homedir()));
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
