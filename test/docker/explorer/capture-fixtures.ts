// Captures real process data for the unit fixtures of src/runtime/processes:
//   node --import tsx test/docker/explorer/capture-fixtures.ts
// Each scenario runs a labelled container, then saves what each source saw:
// host /proc entries, the Engine API top + pids_stats, and the exec reader's output.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { busyboxImage, cleanupLab, debianImage, labDocker, runContainer } from '../lab';
import { TOP_PS_ARGS } from '../../../src/runtime/processes/parse';
import {
  namespaceOf,
  readExecOutput,
  readHostEntries,
  scanHostProc,
} from '../../../src/runtime/processes/sources';

const out = join(__dirname, '../../../src/runtime/processes/fixtures');

async function capture(name: string, create: Parameters<typeof runContainer>[0], settleMs: number) {
  const c = await runContainer(create);
  await new Promise((r) => setTimeout(r, settleMs));
  const info = await c.inspect();
  const ns = namespaceOf(info.State.Pid)!;
  const pids = (await scanHostProc()).byNamespace.get(ns) ?? [];
  const host = await readHostEntries(pids);
  const top = await c.top({ ps_args: TOP_PS_ARGS });
  const stats = (await c.stats({ stream: false })) as { pids_stats?: { current?: number } };
  const exec = await readExecOutput(labDocker(), c);
  const fixture = {
    scenario: name,
    create: {
      Cmd: create.Cmd,
      Entrypoint: create.Entrypoint,
      Init: create.HostConfig?.Init ?? false,
    },
    statePid: info.State.Pid,
    host,
    top,
    pidsCurrent: stats.pids_stats?.current,
    execOutput: exec.ok ? exec.output : undefined,
  };
  writeFileSync(join(out, `${name}.json`), JSON.stringify(fixture, null, 1) + '\n');
  console.log(name, 'host', host.length, 'top', top.Processes?.length, 'pids', fixture.pidsCurrent);
}

(async () => {
  const busybox = await busyboxImage();
  const debian = await debianImage();
  const orphans = 'for i in 1 2 3 4 5; do (sleep 0.2 &); done; exec sleep 1000';
  await capture('busybox-5-orphan-zombies', { Image: busybox, Cmd: ['sh', '-c', orphans] }, 1200);
  await capture(
    'busybox-tini-reaps',
    { Image: busybox, Entrypoint: ['/sbin/tini', '--'], Cmd: ['sh', '-c', orphans] },
    1200,
  );
  // A non-PID-1 parent that never reaps its own child: the zombie's parent is sleep 999.
  await capture(
    'busybox-nested-parent',
    {
      Image: busybox,
      Cmd: ['sh', '-c', '(sleep 0.1 & exec sleep 999) & sleep 0.05; exec sleep 1000'],
    },
    1200,
  );
  // Threads (python) under dash as PID 1, with a shell child.
  await capture(
    'debian-dash-python-threads',
    {
      Image: debian,
      Cmd: [
        'sh',
        '-c',
        "python3 -c 'import threading,time\nfor i in range(3): threading.Thread(target=time.sleep,args=(1000,)).start()\ntime.sleep(1000)' & (sleep 0.1 &) ; sleep 1000",
      ],
    },
    2000,
  );
  await cleanupLab();
})();
