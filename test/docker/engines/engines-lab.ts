// The lab's extra engines for the several-engines tests: the second engine
// (unix:///run/cd-lab/engine2.sock) and the ssh engine (ssh://root@127.0.0.1:2222, which
// reaches the host's engine), both started by scripts/lab-services.sh, plus a private
// DOCKER_CONFIG with docker contexts and a private HOME whose ~/.ssh/config names the lab key.
// A missing service fails the test loudly: a skipped engine would prove nothing.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';

export const ENGINE2_SOCKET = '/run/cd-lab/engine2.sock';
export const SSH_HOST = 'ssh://root@127.0.0.1:2222';
export const SSH_KEY = '/run/cd-lab/ssh/client_key';
/** Every container these tests make carries this label (and is removed by them). */
export const ENGINES_LABEL = 'org.container-doctor.engines-test';

export function engine2(): Docker {
  return new Docker({ socketPath: ENGINE2_SOCKET });
}

/** Fails (never skips) when the lab's second engine or sshd is missing. */
export async function requireLabEngines(): Promise<void> {
  try {
    await engine2().ping();
  } catch (err) {
    throw new Error(
      `the second engine ${ENGINE2_SOCKET} does not answer (${String(err)}): run scripts/lab-services.sh`,
    );
  }
  if (!existsSync(SSH_KEY))
    throw new Error(`the lab's ssh key ${SSH_KEY} is missing: run scripts/lab-services.sh`);
}

/** A temp dir removed by the returned function. */
export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * A DOCKER_CONFIG holding docker contexts, written the way `docker context create` writes
 * them (contexts/meta/<sha256(name)>/meta.json), and optionally a currentContext.
 */
export function writeDockerConfig(
  dir: string,
  contexts: Record<string, string>,
  currentContext?: string,
): void {
  for (const [name, host] of Object.entries(contexts)) {
    const meta = join(dir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
    mkdirSync(meta, { recursive: true });
    writeFileSync(
      join(meta, 'meta.json'),
      JSON.stringify({
        Name: name,
        Metadata: {},
        Endpoints: { docker: { Host: host, SkipTLSVerify: false } },
      }),
    );
  }
  writeFileSync(join(dir, 'config.json'), JSON.stringify(currentContext ? { currentContext } : {}));
}

/** A HOME whose ~/.ssh/config gives the lab's sshd its key, as a user would set it up. */
export function writeSshHome(home: string): void {
  mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  writeFileSync(
    join(home, '.ssh', 'config'),
    `Host 127.0.0.1\n  IdentityFile ${SSH_KEY}\n  StrictHostKeyChecking no\n`,
  );
}

/** Copy an image between engines through the Engine API (GET /images/get, POST /images/load). */
export async function copyImage(from: Docker, to: Docker, tag: string): Promise<void> {
  try {
    await to.getImage(tag).inspect();
    return;
  } catch {
    // not there yet
  }
  const tarball = await from.getImage(tag).get();
  const loaded = await to.loadImage(tarball);
  await new Promise<void>((resolve, reject) => {
    loaded.on('data', () => undefined);
    loaded.on('end', resolve);
    loaded.on('error', reject);
  });
}

export async function removeLabelled(docker: Docker): Promise<void> {
  const list = await docker.listContainers({
    all: true,
    filters: { label: [`${ENGINES_LABEL}=${process.pid}`] },
  });
  await Promise.all(
    list.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}
