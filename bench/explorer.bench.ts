// Explorer refresh against the real engine, beside the docker CLI in the same run:
//   1. a full refresh for N running containers (list, inspect each, process tree of
//      each), p50/p95: ours with host /proc trees, ours with Engine API trees (top +
//      stats, what a remote engine gets), and the docker CLI doing `docker ps` then
//      `docker top ID` for each (spawned with argv arrays, one after another, as a
//      script would). Goals: ours >= 4x faster than the CLI, p95 <= 300 ms.
//   2. Engine API calls per minute while the explorer idles (connected, collapsed),
//      counted by a proxy socket in front of the daemon. Goal: 0.
//
//   npm run bench -- explorer            BENCH_QUICK=1 for a smoke run
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { promisify } from 'node:util';
import { busyboxImage, removeContainers, runContainer } from '../test/docker/lab';

const made: string[] = [];
// Both sides refresh only the bench's containers, so other work on a shared engine
// (containers coming and going) does not change what is measured.
const BENCH_LABEL = 'org.container-doctor.bench-explorer';
import { startCountingProxy } from '../test/docker/explorer/counting-proxy';
import { connectFromEnvironment, parseHost } from '../src/runtime/connection';
import { listContainerViews } from '../src/runtime/containers';
import {
  followPidsCurrent,
  readProcesses,
  scanHostProc,
  type PidsFollower,
} from '../src/runtime/processes';
import { modelJudge } from '../src/runtime/containers/pid1';
import { ExplorerModel } from '../src/runtime/live/model';
import { fmtMs, percentile, preferCpu, table, verdict } from './lib/measure';

const run = promisify(execFile);
const quick = process.env.BENCH_QUICK === '1';
const CONTAINERS = 50;
const oursRuns = quick ? 5 : 21;
const cliRuns = quick ? 2 : 7;
const idleSeconds = quick ? 10 : 60;

async function main(): Promise<void> {
  const priority = preferCpu();
  const engine = await connectFromEnvironment();
  if (engine.kind !== 'connected') {
    console.error(`explorer bench: no engine (${engine.kind}: ${engine.message})`);
    process.exitCode = 1;
    return;
  }
  const { docker, version } = engine;
  const image = await busyboxImage();
  const queue = Array.from({ length: CONTAINERS }, (_, i) => i);
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        const c = await runContainer({
          Image: image,
          // A small tree per container: PID 1 sh with two sleeping children.
          Cmd: ['sh', '-c', 'sleep 1000 & sleep 1000 & wait'],
          Labels: { [BENCH_LABEL]: '1' },
        });
        made.push(c.id);
      }
    }),
  );
  const running = (await docker.listContainers()).length;
  // The explorer itself lists everything; the refresh comparison is scoped to the bench's
  // containers (label filter on both sides).

  // What the explorer does for a remote engine while trees are shown: one stats stream per
  // container feeding pids_stats, so a refresh calls top only.
  const followers = new Map<string, PidsFollower>();
  const oursRefresh = async (source: 'host-proc' | 'api', followed = false): Promise<number> => {
    const listed = await listContainerViews(docker, { filters: { label: [BENCH_LABEL] } });
    if (!listed.ok) throw new Error(listed.message);
    const scan = source === 'host-proc' ? await scanHostProc() : undefined;
    const trees = await Promise.all(
      listed.value
        .filter((v) => v.running)
        .map((v) =>
          readProcesses(docker, version, v.id, {
            source,
            hostScan: scan,
            pidsCurrent: followed ? followers.get(v.id)?.pidsCurrent : undefined,
            inspected: {
              Id: v.id,
              Name: v.name,
              State: { Running: true, Pid: v.pid },
              HostConfig: { PidMode: v.pidMode },
            },
          }),
        ),
    );
    return trees.filter((t) => t.ok).length;
  };
  const cliRefresh = async (): Promise<number> => {
    await run('docker', ['ps', '--filter', `label=${BENCH_LABEL}`]);
    const { stdout } = await run('docker', ['ps', '-q', '--filter', `label=${BENCH_LABEL}`]);
    let n = 0;
    for (const id of stdout.split('\n').filter(Boolean)) {
      // A container that stopped meanwhile fails here, as it would in a script.
      if (
        await run('docker', ['top', id]).then(
          () => true,
          () => false,
        )
      )
        n++;
    }
    return n;
  };

  const timed = async (fn: () => Promise<number>): Promise<{ ms: number; trees: number }> => {
    const t0 = performance.now();
    const trees = await fn();
    return { ms: performance.now() - t0, trees };
  };

  // Warm up each, then interleave so machine load affects all alike.
  await oursRefresh('host-proc');
  await oursRefresh('api');
  await cliRefresh();
  for (const id of made) followers.set(id, await followPidsCurrent(docker.getContainer(id)));
  await Promise.all([...followers.values()].map((f) => f.ready));
  await oursRefresh('api', true);
  const samples: Record<string, number[]> = {
    'ours (host /proc)': [],
    '  of which list + inspect': [],
    'ours (API top+stats)': [],
    'ours (API top, pids followed)': [],
    'docker CLI': [],
  };
  const treesSeen: Record<string, number> = {};
  for (let i = 0; i < oursRuns; i++) {
    const a = await timed(() => oursRefresh('host-proc'));
    samples['ours (host /proc)'].push(a.ms);
    treesSeen['ours (host /proc)'] = a.trees;
    const l = await timed(async () => {
      const listed = await listContainerViews(docker, { filters: { label: [BENCH_LABEL] } });
      return listed.ok ? 0 : -1;
    });
    samples['  of which list + inspect'].push(l.ms);
    const f = await timed(() => oursRefresh('api', true));
    samples['ours (API top, pids followed)'].push(f.ms);
    treesSeen['ours (API top, pids followed)'] = f.trees;
    const b = await timed(() => oursRefresh('api'));
    samples['ours (API top+stats)'].push(b.ms);
    treesSeen['ours (API top+stats)'] = b.trees;
    if (i < cliRuns) {
      const c = await timed(cliRefresh);
      samples['docker CLI'].push(c.ms);
      treesSeen['docker CLI'] = c.trees;
    }
  }

  for (const f of followers.values()) f.stop();
  // Calls per refresh, and idle calls, through a counting proxy.
  const proxy = await startCountingProxy();
  const endpoint = parseHost(`unix://${proxy.socketPath}`, 'setting', undefined);
  const model = new ExplorerModel({
    resolveEndpoint: () => endpoint,
    allowExec: () => false,
    judge: modelJudge,
  });
  model.start();
  for (let i = 0; i < 300 && !model.isLoaded; i++) await new Promise((r) => setTimeout(r, 100));
  const callsAtLoad = proxy.requests.length;
  proxy.reset();
  // Other processes on a shared engine cause events; each may cost the explorer one
  // inspect of that container. Those are counted apart; anything else is idle traffic.
  const busy = new Set<string>();
  const watch = (await docker.getEvents({
    filters: { type: ['container'] },
  })) as unknown as NodeJS.ReadableStream;
  watch.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n'))
      if (line.trim())
        try {
          busy.add((JSON.parse(line) as { Actor: { ID: string } }).Actor.ID);
        } catch {
          // partial line: ignore
        }
  });
  await new Promise((r) => setTimeout(r, idleSeconds * 1000));
  (watch as unknown as { destroy(): void }).destroy();
  const idleCalls = proxy.requests.length;
  const eventDriven = proxy.requests.filter((r) => {
    const m = /^GET \/v[\d.]+\/containers\/([0-9a-f]{64})\/json$/.exec(r);
    return m !== null && busy.has(m[1]);
  }).length;
  const unexplained = idleCalls - eventDriven;
  const idlePerMinute = (unexplained * 60) / idleSeconds;
  model.dispose();
  await proxy.close();
  await removeContainers(made);

  const cliP50 = percentile(samples['docker CLI'], 50);
  const rows = Object.entries(samples).map(([name, s]) => [
    name,
    s.length,
    treesSeen[name] ?? 0,
    fmtMs(percentile(s, 50)),
    fmtMs(percentile(s, 95)),
    name === 'docker CLI' ? '1.0x' : `${(cliP50 / percentile(s, 50)).toFixed(1)}x`,
  ]);
  const hostP50 = percentile(samples['ours (host /proc)'], 50);
  const hostP95 = percentile(samples['ours (host /proc)'], 95);
  const apiP50 = percentile(samples['ours (API top+stats)'], 50);
  const apiP95 = percentile(samples['ours (API top+stats)'], 95);
  const folP50 = percentile(samples['ours (API top, pids followed)'], 50);
  const folP95 = percentile(samples['ours (API top, pids followed)'], 95);
  console.log(
    `explorer bench: ${CONTAINERS} lab containers (${running} running on the engine), Docker ${version.engineVersion} API ${version.apiVersion} cgroup v${version.cgroupVersion}; ${cpus().length} CPUs, load ${loadavg()[0].toFixed(2)}, ${priority}${quick ? ', QUICK' : ''}`,
  );
  console.log('\nFull refresh: list + inspect each + process tree of each running container');
  console.log(table(['refresh', 'runs', 'trees', 'p50', 'p95', 'vs CLI p50'], rows));
  console.log(
    `\nGoal >= 4x faster than docker CLI (p50): host /proc ${verdict(cliP50 / hostP50 >= 4)}, API followed ${verdict(cliP50 / folP50 >= 4)}, API one-shot ${verdict(cliP50 / apiP50 >= 4)}`,
  );
  console.log(
    `Goal p95 <= 300 ms: host /proc ${fmtMs(hostP95)} ${verdict(hostP95 <= 300)}, API followed ${fmtMs(folP95)} ${verdict(folP95 <= 300)}, API one-shot ${fmtMs(apiP95)} ${verdict(apiP95 <= 300)}`,
  );
  console.log(
    `\nExplorer (ExplorerModel, event stream open): ${callsAtLoad} Engine API calls to connect and load.\nIdle ${idleSeconds} s: ${idleCalls} calls, of which ${eventDriven} inspects of the ${busy.size} containers other processes changed meanwhile (events); ${unexplained} other = ${idlePerMinute.toFixed(1)} per minute. Goal 0: ${verdict(idlePerMinute === 0)}`,
  );
  mkdirSync(new URL('./results/', import.meta.url).pathname, { recursive: true });
  writeFileSync(
    new URL('./results/explorer.json', import.meta.url).pathname,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        quick,
        containers: CONTAINERS,
        engine: {
          version: version.engineVersion,
          api: version.apiVersion,
          cgroup: version.cgroupVersion,
        },
        refreshMs: Object.fromEntries(
          Object.entries(samples).map(([k, s]) => [
            k,
            { p50: percentile(s, 50), p95: percentile(s, 95), runs: s.length },
          ]),
        ),
        callsToConnectAndLoad: callsAtLoad,
        idle: {
          seconds: idleSeconds,
          calls: idleCalls,
          eventDrivenInspects: eventDriven,
          containersWithEvents: busy.size,
          otherPerMinute: idlePerMinute,
        },
      },
      null,
      2,
    ) + '\n',
  );
}

main().catch(async (err: unknown) => {
  console.error(err);
  await removeContainers(made).catch(() => undefined);
  process.exitCode = 1;
});
