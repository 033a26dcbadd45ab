// The host audit on a busy engine, beside the docker CLI in the same run: N running
// containers (BusyBox `sleep`), then
//   - ours: `auditHost` on a local engine (inspect each with 16 workers, zombies from one
//     host /proc scan);
//   - ours through the Engine API only (stats + top per running container, as a remote
//     engine allows), with 16 workers;
//   - before: the Engine API path with batches of 4 (what the audit did until this change);
//   - the docker CLI gathering the same facts: `docker ps -aq`, one `docker inspect` of all,
//     `docker stats --no-stream` (argv arrays, never a shell string).
// Goal: ours <= 5 s for 150 containers. `BENCH_QUICK=1` for a smoke run (30 containers).
import { execFile } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { promisify } from 'node:util';
import { busyboxImage, removeContainers, runContainer } from '../test/docker/lab';
import { connectFromEnvironment } from '../src/runtime/connection';
import { auditHost, type AuditOptions } from '../src/runtime/audit';
import { modelJudge } from '../src/runtime/containers/pid1';
import { fmtMs, percentile, preferCpu, table, verdict } from './lib/measure';

const run = promisify(execFile);
const quick = process.env.BENCH_QUICK === '1';
const CONTAINERS = quick ? 30 : 150;
const made: string[] = [];

async function timed(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

async function main(): Promise<void> {
  const priority = preferCpu();
  const engine = await connectFromEnvironment();
  if (engine.kind !== 'connected') {
    console.error(`audit bench: no engine (${engine.kind}: ${engine.message})`);
    process.exitCode = 1;
    return;
  }
  const { docker, version } = engine;
  const image = await busyboxImage();
  const queue = Array.from({ length: CONTAINERS }, (_, i) => i);
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift())
        made.push((await runContainer({ Image: image, Cmd: ['sleep', '1000'] })).id);
    }),
  );
  const total = (await docker.listContainers({ all: true })).length;
  const audit = (o: Partial<AuditOptions>) => async () => {
    const r = await auditHost(docker, { local: version.local, judge: modelJudge, ...o });
    if (r.kind !== 'ok') throw new Error(r.message);
  };
  const ours = await timed(audit({}), quick ? 2 : 5);
  const api = await timed(audit({ zombieSource: 'api' }), quick ? 1 : 2);
  const before = await timed(audit({ zombieSource: 'api', concurrency: 4 }), 1);
  const cli = await timed(async () => {
    const ids = (await run('docker', ['ps', '-aq'])).stdout.split('\n').filter(Boolean);
    await run('docker', ['inspect', ...ids], { maxBuffer: 256 << 20 });
    await run('docker', ['stats', '--no-stream', '--format', '{{.ID}} {{.PIDs}}']);
  }, 1);
  const rows = [
    [
      'ours (host /proc zombies, 16 workers)',
      ours.length,
      fmtMs(percentile(ours, 50)),
      fmtMs(Math.max(...ours)),
    ],
    [
      'ours, Engine API only (16 workers)',
      api.length,
      fmtMs(percentile(api, 50)),
      fmtMs(Math.max(...api)),
    ],
    ['before (Engine API, batches of 4)', before.length, fmtMs(before[0]!), fmtMs(before[0]!)],
    ['docker ps + inspect + stats --no-stream', cli.length, fmtMs(cli[0]!), fmtMs(cli[0]!)],
  ];
  console.log(
    `${total} containers on the engine (${CONTAINERS} made by the bench); ${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)}; ${priority}`,
  );
  console.log(table(['audit', 'runs', 'p50 ms', 'max ms'], rows));
  console.log(
    `goal: ours <= 5000 ms for ${CONTAINERS} containers: ${verdict(percentile(ours, 50) <= 5000)}; ${(before[0]! / percentile(ours, 50)).toFixed(1)}x faster than before, ${(cli[0]! / percentile(ours, 50)).toFixed(1)}x the CLI`,
  );
  await removeContainers(made);
}

main().catch(async (err: unknown) => {
  console.error(err);
  await removeContainers(made).catch(() => undefined);
  process.exitCode = 1;
});
