// `container-doctor stop-test IMAGE|CONTAINER`: time `docker stop` on a throwaway copy.
// A thin adapter over src/runtime/stoptest; Ctrl-C removes the copy before exiting.
import { modelJudge } from '../../runtime/containers/pid1';
import { connectWithFlags, ENGINE_FLAGS_HELP } from '../engine';
import { runStopTest, stopTestText } from '../../runtime/stoptest';
import { type CliIo, UsageError, exitCodes } from '../io';
import { parseOptions } from './explain';

export const STOP_TEST_HELP = `usage: container-doctor stop-test IMAGE|CONTAINER [--timeout N] [--format text|json]
                                   [--host URL|--context NAME]

Run a throwaway container from the image (or a copy of the container: same entrypoint,
command, env, stop signal, user, workdir and --init), wait until it is up (running for
1 s, or healthy when the image has a HEALTHCHECK), stop it with a timeout and report
PID 1, the time to exit, the exit code and the verdict. The copy has no network, no
ports and no volumes of the original, is labelled container-doctor.stop-test=1 and is
always removed (also on Ctrl-C; a crashed run's leftovers are removed by the next one).
Images are never pulled.

  --timeout N      grace period in seconds before SIGKILL (default 10, as docker stop)
  --format FORMAT  text (default) or json
${ENGINE_FLAGS_HELP}

Exit codes:
  0  PID 1 honoured the stop signal
  1  PID 1 was SIGKILLed after the grace period, or exited before the stop
  2  usage error, or no such image or container
  3  the Docker engine is not reachable, or the test failed
  130 cancelled (Ctrl-C)
`;

export async function stopTestMain(args: string[], io: CliIo): Promise<number> {
  const opts = parseOptions(args, ['timeout', 'host', 'context']);
  if (opts.help) {
    io.stdout(STOP_TEST_HELP);
    return exitCodes.ok;
  }
  if (opts.positional.length !== 1)
    throw new UsageError(`expects one IMAGE or CONTAINER\n\n${STOP_TEST_HELP}`);
  if (!['text', 'json'].includes(opts.format))
    throw new UsageError(`--format must be text or json, not ${opts.format}`);
  const timeout = opts.values.timeout === undefined ? 10 : Number(opts.values.timeout);
  if (!(Number.isInteger(timeout) && timeout >= 0 && timeout <= 3600))
    throw new UsageError('--timeout must be a whole number of seconds from 0 to 3600');

  const engine = await connectWithFlags(opts.values, io.env);
  if (engine.kind !== 'connected') {
    io.stderr(`container-doctor stop-test: ${engine.message}\n  ${engine.remedy}\n`);
    return 3;
  }
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);
  try {
    const r = await runStopTest(engine.docker, opts.positional[0], {
      timeoutSeconds: timeout,
      local: engine.version.local,
      signal: abort.signal,
      judge: modelJudge,
    });
    if (r.kind === 'not-found') {
      io.stderr(`container-doctor stop-test: ${r.message}\n`);
      return exitCodes.usage;
    }
    if (r.kind === 'cancelled') {
      io.stderr(`container-doctor stop-test: ${r.message}\n`);
      return 130;
    }
    if (r.kind === 'failed') {
      io.stderr(`container-doctor stop-test: ${r.message}\n`);
      return 3;
    }
    io.stdout(
      opts.format === 'json' ? JSON.stringify(r.result, null, 2) + '\n' : stopTestText(r.result),
    );
    return r.result.verdict === 'graceful' ? exitCodes.ok : exitCodes.findings;
  } finally {
    process.removeListener('SIGINT', onSigint);
    process.removeListener('SIGTERM', onSigint);
  }
}
