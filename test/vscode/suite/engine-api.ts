// Engine API calls for the extension-host tests, over a unix socket with node's http (the suite
// bundle cannot carry dockerode's optional native ssh2 parts), and the lab's BusyBox moved to
// the second engine through the Engine API.
import { request, type IncomingMessage } from 'node:http';

export const HOST_SOCKET = '/var/run/docker.sock';
/** The lab's second engine, a single-node swarm manager (scripts/lab-services.sh). */
export const ENGINE2_SOCKET = '/run/cd-lab/engine2.sock';

/** One Engine API call; resolves with the response, its body unread. */
export function call(
  socketPath: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath, method, path, headers: { 'Content-Type': 'application/json' } },
      resolve,
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** One Engine API call; its body parsed when JSON, an error on a 4xx/5xx status. */
export async function api<T>(
  socketPath: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await call(socketPath, method, path, body);
  const chunks: Buffer[] = [];
  for await (const b of res) chunks.push(b as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if ((res.statusCode ?? 500) >= 400)
    throw new Error(`${method} ${path}: ${res.statusCode} ${text}`);
  return (text && /json/.test(res.headers['content-type'] ?? '') ? JSON.parse(text) : text) as T;
}

/** `api` on the host engine. */
export function hostApi<T>(method: string, path: string, body?: unknown): Promise<T> {
  return api<T>(HOST_SOCKET, method, path, body);
}

/**
 * The lab's busybox image on the host engine, for a suite's before(): without the engine or the
 * image a CI run fails, a local run skips the suite.
 */
export async function hostBusyboxOrSkip(suite: Mocha.Context): Promise<string> {
  try {
    await hostApi('GET', '/_ping');
  } catch (err) {
    if (process.env.CI) throw err;
    return suite.skip();
  }
  const images = await hostApi<{ RepoTags?: string[] }[]>('GET', '/images/json');
  const tag = images
    .flatMap((i) => i.RepoTags ?? [])
    .find((t) => t.startsWith('cdoc-lab/busybox:'));
  if (!tag) {
    if (process.env.CI) throw new Error('no cdoc-lab/busybox image: run the docker stage first');
    return suite.skip();
  }
  return tag;
}

/** The lab's busybox image on engine 2, copied from the host engine if it is not there. */
export async function busyboxOnEngine2(): Promise<string> {
  const tagOf = async (socket: string) =>
    (await api<{ RepoTags?: string[] }[]>(socket, 'GET', '/images/json'))
      .flatMap((i) => i.RepoTags ?? [])
      .find((t) => t.startsWith('cdoc-lab/busybox:'));
  const there = await tagOf(ENGINE2_SOCKET);
  if (there) return there;
  const tag = await tagOf(HOST_SOCKET);
  if (!tag)
    throw new Error('no cdoc-lab/busybox image on the host engine: run the docker stage first');
  const tarball = await call(HOST_SOCKET, 'GET', `/images/${encodeURIComponent(tag)}/get`);
  await new Promise<void>((resolve, reject) => {
    const load = request(
      {
        socketPath: ENGINE2_SOCKET,
        method: 'POST',
        path: '/images/load?quiet=1',
        headers: { 'Content-Type': 'application/x-tar' },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          (res.statusCode ?? 500) < 400 ? resolve() : reject(new Error(`load: ${res.statusCode}`)),
        );
      },
    );
    load.on('error', reject);
    tarball.pipe(load);
  });
  return tag;
}
