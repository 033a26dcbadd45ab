// The lab's swarm: the second engine (unix:///run/cd-lab/engine2.sock, a single-node swarm
// manager started by scripts/lab-services.sh). It has no registry and no images of its own:
// lab images are built on the host engine and moved with the Engine API (GET
// /images/{name}/get there, POST /images/load here). Every service a test creates is named
// `swarm-<random>` and labelled, and removed after the test even when it fails.
import Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import { busyboxImage, labDocker, waitFor } from '../lab';

export const SWARM_SOCKET = '/run/cd-lab/engine2.sock';
/** Marks the services these tests create (and nothing else). */
export const SWARM_TEST_LABEL = 'org.container-doctor.swarm-test';

let engine: Docker | undefined;

/** The swarm manager; a test that needs it fails loudly when it is missing. */
export async function requireSwarm(): Promise<Docker> {
  engine ??= new Docker({ socketPath: SWARM_SOCKET });
  let info: { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } };
  try {
    info = (await engine.info()) as typeof info;
  } catch (err) {
    throw new Error(
      `the lab's second engine (${SWARM_SOCKET}) did not answer: ${err instanceof Error ? err.message : String(err)}; start it with scripts/lab-services.sh`,
    );
  }
  if (info.Swarm?.LocalNodeState !== 'active' || !info.Swarm.ControlAvailable)
    throw new Error(`${SWARM_SOCKET} is not a swarm manager; scripts/lab-services.sh makes it one`);
  return engine;
}

let loaded: Promise<string> | undefined;

/** The lab's BusyBox image, built on the host engine and loaded into the swarm engine. */
export function swarmBusybox(swarm: Docker): Promise<string> {
  loaded ??= (async () => {
    const tag = await busyboxImage();
    const present = await swarm
      .getImage(tag)
      .inspect()
      .then(
        () => true,
        () => false,
      );
    if (!present) {
      const tarball = await labDocker().getImage(tag).get();
      const stream = await swarm.loadImage(tarball);
      await new Promise<void>((resolve, reject) =>
        swarm.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())),
      );
    }
    return tag;
  })();
  loaded.catch(() => (loaded = undefined));
  return loaded;
}

export function serviceName(what: string): string {
  return `swarm-${what}-${randomBytes(4).toString('hex')}`;
}

/** Create a service (Engine API spec) and remove it when the test ends, passed or failed. */
export async function createService(
  t: TestContext,
  swarm: Docker,
  spec: Record<string, unknown> & { Name: string },
): Promise<Docker.Service> {
  const labels = { ...((spec.Labels as Record<string, string>) ?? {}), [SWARM_TEST_LABEL]: '1' };
  const created = (await swarm.createService({ ...spec, Labels: labels } as never)) as {
    id?: string;
    ID?: string;
  };
  const id = created.id ?? created.ID ?? spec.Name;
  t.after(() => removeService(swarm, id));
  return swarm.getService(id);
}

/** Remove a service and wait until its task containers are gone too. */
export async function removeService(swarm: Docker, id: string): Promise<void> {
  await swarm
    .getService(id)
    .remove()
    .catch((err: { statusCode?: number }) => {
      if (err.statusCode !== 404) throw err;
    });
  await waitFor(
    async () =>
      (
        await swarm.listContainers({
          all: true,
          filters: { label: [`com.docker.swarm.service.id=${id}`] },
        })
      ).length === 0,
    { timeoutMs: 30_000, intervalMs: 250 },
  ).catch(() => undefined);
}

export interface RawTask {
  ID: string;
  DesiredState: string;
  Status: {
    State: string;
    Err?: string;
    Message?: string;
    ContainerStatus?: { ExitCode?: number };
  };
}

export async function tasksOf(swarm: Docker, serviceId: string): Promise<RawTask[]> {
  return (await swarm.listTasks({ filters: { service: [serviceId] } })) as RawTask[];
}

/** A container spec that runs `sh -c script` in the lab's BusyBox. */
export function shTask(image: string, script: string): Record<string, unknown> {
  return { ContainerSpec: { Image: image, Command: ['sh', '-c', script] } };
}
