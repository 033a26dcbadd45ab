// A live session with the engine: connect, follow the container event stream,
// and when the stream breaks (daemon stopped, restarted, socket gone) report the
// new state and reconnect with exponential backoff. Consumers refresh from these
// callbacks, never from timers, so an idle connected session makes no API calls:
// the only traffic is the one long-lived GET /events response.
import type { Readable } from 'node:stream';
import { connect, type ConnectOptions, type EngineState } from './connect';
import type { EngineEndpoint } from './endpoint';
import { dockerEventShape } from './podman';

/** Container events the explorer reacts to. */
export const CONTAINER_EVENTS = [
  'create',
  'start',
  'die',
  'destroy',
  'oom',
  'kill',
  'stop',
  'health_status',
  'rename',
  'update',
  'pause',
  'unpause',
] as const;

const FOLLOWED = new Set<string>(CONTAINER_EVENTS);

/** One of CONTAINER_EVENTS ("health_status: healthy" counts as health_status). */
function isFollowed(action: string): boolean {
  return FOLLOWED.has(action.split(':')[0]);
}

export interface ContainerEvent {
  /** Action as sent by the daemon ("start", "health_status: healthy", …). */
  action: string;
  containerId: string;
  attributes: Record<string, string>;
  /** Event time in milliseconds since the epoch. */
  timeMs: number;
}

export interface EngineSessionListener {
  onState(state: EngineState): void;
  onEvent(event: ContainerEvent): void;
}

export interface EngineSession {
  /** Latest known state. */
  readonly state: EngineState | undefined;
  /** Drop the current connection and connect again now (e.g. settings changed). */
  reconnect(): void;
  dispose(): void;
}

export interface SessionOptions extends ConnectOptions {
  /** First retry delay; doubles up to maxBackoffMs. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

/** Parse one line of the /events stream; undefined for non-container or broken lines. */
export function parseEventLine(line: string): ContainerEvent | undefined {
  if (!line.trim()) return undefined;
  try {
    const raw = JSON.parse(line) as {
      Type?: string;
      Action?: string;
      status?: string;
      id?: string;
      Actor?: { ID?: string; Attributes?: Record<string, string> };
      time?: number;
      timeNano?: number;
    };
    if ((raw.Type ?? 'container') !== 'container') return undefined;
    const containerId = raw.Actor?.ID ?? raw.id;
    const rawAction = raw.Action ?? raw.status;
    if (!containerId || !rawAction) return undefined;
    const timeMs = raw.timeNano ? Math.floor(raw.timeNano / 1e6) : (raw.time ?? 0) * 1000;
    const { action, attributes } = dockerEventShape(rawAction, raw.Actor?.Attributes ?? {});
    return { action, containerId, attributes, timeMs };
  } catch {
    return undefined;
  }
}

/**
 * Start a session. `resolveEndpoint` is called on every (re)connect so a changed
 * setting or DOCKER_HOST takes effect without restarting.
 */
export function startEngineSession(
  resolveEndpoint: () => EngineEndpoint,
  listener: EngineSessionListener,
  options: SessionOptions = {},
): EngineSession {
  const initial = options.initialBackoffMs ?? 500;
  const max = options.maxBackoffMs ?? 30_000;
  let state: EngineState | undefined;
  let disposed = false;
  let backoff = initial;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let stream: Readable | undefined;
  let generation = 0;

  const setState = (next: EngineState): void => {
    state = next;
    listener.onState(next);
  };

  const schedule = (delayMs: number): void => {
    if (disposed) return;
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void attempt();
    }, delayMs);
  };

  const attempt = async (): Promise<void> => {
    const mine = ++generation;
    const next = await connect(resolveEndpoint(), { ...options, reconnects: true });
    if (disposed || mine !== generation) return;
    if (next.kind !== 'connected') {
      setState(next);
      schedule(backoff);
      backoff = Math.min(backoff * 2, max);
      return;
    }
    let events: Readable;
    try {
      // Podman filters by its own action names (`died`, `remove`), so Docker's names would
      // drop every death and removal: take all container events and keep ours below.
      events = (await next.docker.getEvents({
        filters:
          next.version.product === 'podman'
            ? { type: ['container'] }
            : { type: ['container'], event: [...CONTAINER_EVENTS] },
      })) as unknown as Readable;
    } catch {
      if (disposed || mine !== generation) return;
      schedule(backoff);
      backoff = Math.min(backoff * 2, max);
      return;
    }
    if (disposed || mine !== generation) {
      events.destroy();
      return;
    }
    stream = events;
    backoff = initial;
    // State after the stream is open, so a consumer's full refresh cannot miss an
    // event that happens between its listing and our subscription.
    setState(next);
    let buffered = '';
    events.on('data', (chunk: Buffer | string) => {
      buffered += chunk.toString();
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const event = parseEventLine(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        if (event && isFollowed(event.action) && !disposed && mine === generation)
          listener.onEvent(event);
        newline = buffered.indexOf('\n');
      }
    });
    const lost = (): void => {
      if (disposed || mine !== generation || stream !== events) return;
      stream = undefined;
      // Reconnect at once; connect() reports not-running and backs off if it is gone.
      schedule(0);
    };
    events.on('end', lost);
    events.on('close', lost);
    events.on('error', lost);
  };

  void attempt();

  return {
    get state() {
      return state;
    },
    reconnect() {
      backoff = initial;
      stream?.destroy();
      stream = undefined;
      generation++;
      schedule(0);
    },
    dispose() {
      disposed = true;
      if (retryTimer) clearTimeout(retryTimer);
      stream?.destroy();
      stream = undefined;
    },
  };
}
