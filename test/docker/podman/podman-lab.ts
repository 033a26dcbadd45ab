// The Podman lab: the real Podman API service CI starts (scripts/lab-services.sh) at
// unix:///run/cd-lab/podman.sock. Podman has its own image store, so lab images built on
// the host engine are moved with the Engine API (GET /images/{name}/get there, POST
// /images/load here). Containers are labelled and named cdoc-podman-* and removed after
// each file; a missing service fails the tests (it is part of the lab).
import Docker from 'dockerode';
import { after } from 'node:test';
import { busyboxImage, labDocker } from '../lab';

export const PODMAN_SOCKET = '/run/cd-lab/podman.sock';
export const PODMAN_HOST = `unix://${PODMAN_SOCKET}`;
export const PODMAN_LABEL = 'org.container-doctor.lab.podman';

let podman: Docker | undefined;

/** A plain client for setting up (the code under test connects on its own). */
export function podmanDocker(): Docker {
  podman ??= new Docker({ socketPath: PODMAN_SOCKET });
  return podman;
}

/** The Podman service, or a failure that says how to start it. */
export async function requirePodman(): Promise<Docker> {
  const d = podmanDocker();
  try {
    await d.ping();
  } catch (err) {
    throw new Error(
      `the Podman API service does not answer at ${PODMAN_HOST} (${err instanceof Error ? err.message : String(err)}); start it with scripts/lab-services.sh`,
    );
  }
  return d;
}

const loaded = new Map<string, Promise<string>>();

/** An image of the host engine, loaded into Podman's store once; resolves to its name there. */
export function imageInPodman(name: string): Promise<string> {
  let p = loaded.get(name);
  if (!p) {
    p = (async () => {
      const d = podmanDocker();
      const there = await d
        .getImage(name)
        .inspect()
        .then(
          () => true,
          () => false,
        );
      if (!there) {
        const tar = (await labDocker().getImage(name).get()) as NodeJS.ReadableStream;
        const answer = (await d.loadImage(tar)) as NodeJS.ReadableStream;
        for await (const chunk of answer as AsyncIterable<Buffer>) void chunk;
      }
      return name;
    })();
    loaded.set(name, p);
  }
  return p;
}

/** The lab's BusyBox image (ash, static tini at /sbin/tini), in Podman's store. */
export async function podmanBusybox(): Promise<string> {
  return imageInPodman(await busyboxImage());
}

let serial = 0;

/** Create (and unless start: false, start) a labelled container named cdoc-podman-*. */
export async function runPodmanContainer(
  create: Docker.ContainerCreateOptions,
  opts: { start?: boolean } = {},
): Promise<Docker.Container> {
  const c = await podmanDocker().createContainer({
    ...create,
    name: `cdoc-podman-${process.pid}-${++serial}`,
    Labels: { ...(create.Labels ?? {}), [PODMAN_LABEL]: String(process.pid) },
  });
  if (opts.start !== false) await c.start();
  return c;
}

/** Remove this process's Podman containers (and any left by a dead run). */
export async function cleanupPodman(): Promise<void> {
  const d = podmanDocker();
  const list = await d.listContainers({ all: true, filters: { label: [PODMAN_LABEL] } });
  await Promise.all(
    list
      .filter((c) => {
        const pid = Number(c.Labels[PODMAN_LABEL]);
        if (pid === process.pid) return true;
        try {
          process.kill(pid, 0);
          return false; // another live test process owns it
        } catch {
          return true;
        }
      })
      .map((c) =>
        d
          .getContainer(c.Id)
          .remove({ force: true, v: true })
          .catch(() => undefined),
      ),
  );
}

export function registerPodmanCleanup(): void {
  after(async () => {
    await cleanupPodman().catch(() => undefined);
  });
}
