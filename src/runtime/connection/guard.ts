// Every Engine API call made through a connected client is bounded and checked here, in one
// place, so that no caller can forget it:
// - container names and image references are validated and encoded before they go into a
//   path (docker.getContainer / docker.getImage), see ../names.ts;
// - redirects from the engine are never followed: docker-modem's request wrapper follows a
//   3xx to any host in its Location header; an engine never redirects, so a 3xx is an error
//   that says what was found;
// - each call has an overall deadline (a socket that sends headers and then trickles the
//   body, or never answers, ends as EngineDeadlineError, not a hang) and a cancellable path
//   (a caller's abortSignal still works alongside the deadline).
import type Docker from 'dockerode';
import * as nativeHttp from 'node:http';
import * as nativeHttps from 'node:https';
import { containerPathSegment, imagePathSegments } from '../names';

/** The default overall deadline of one Engine API call (stop and restart add their grace time). */
export const DEFAULT_ENGINE_DEADLINE_MS = 30_000;

/** An Engine API call that did not complete within its deadline. */
export class EngineDeadlineError extends Error {
  /** Counted as a connection failure by callers that check codes. */
  readonly code = 'ETIMEDOUT';
  constructor(
    readonly deadlineMs: number,
    readonly request: string,
  ) {
    super(`the engine did not answer within ${formatSeconds(deadlineMs)} s (${request})`);
    this.name = 'EngineDeadlineError';
  }
}

export function isEngineDeadline(err: unknown): err is EngineDeadlineError {
  return err instanceof EngineDeadlineError;
}

/** An engine (or something else on its socket) that answered with a redirect. */
export class EngineRedirectError extends Error {
  readonly code = 'EREDIRECT';
  constructor(
    readonly statusCode: number,
    readonly request: string,
  ) {
    super(
      `the endpoint answered HTTP ${statusCode} (a redirect) to ${request}; a Docker engine never redirects, so this is not an Engine API, and Container Doctor does not follow redirects from an engine`,
    );
    this.name = 'EngineRedirectError';
  }
}

function formatSeconds(ms: number): string {
  return Number.isInteger(ms / 1000) ? String(ms / 1000) : (ms / 1000).toFixed(1);
}

interface DialOptions {
  path: string;
  method: string;
  isStream?: boolean;
  hijack?: boolean;
  abortSignal?: AbortSignal;
  options?: Record<string, unknown>;
}
type DialCallback = (err: unknown, data: unknown) => void;
interface DialingModem {
  dial(options: DialOptions, callback: DialCallback): unknown;
}

interface RequestWrapper {
  request: (options: unknown, callback?: (res: nativeHttp.IncomingMessage) => void) => unknown;
}

let redirectsDisabled = false;
/**
 * docker-modem sends every request through its own copy of follow-redirects 0.0.x
 * (lib/http.js), which follows a Location to any host; point it back at Node's own
 * request, which never follows. Idempotent; affects only docker-modem.
 */
export function disableModemRedirects(): void {
  if (redirectsDisabled) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const modemHttp = require('docker-modem/lib/http') as Record<'http' | 'https', RequestWrapper>;
  modemHttp.http.request = (options, callback) =>
    nativeHttp.request(options as nativeHttp.RequestOptions, callback);
  modemHttp.https.request = (options, callback) =>
    nativeHttps.request(options as nativeHttps.RequestOptions, callback);
  redirectsDisabled = true;
}

/** How long a call may take: none for calls that wait by design, more for stop and restart. */
export function deadlineFor(options: DialOptions, baseMs: number): number | undefined {
  const path = options.path.split('?')[0];
  if (/\/(wait|attach)$/.test(path)) return undefined; // long polls: they end when the container does
  if (/^\/(?:v[\d.]+\/)?containers\/[^/]+\/(stop|restart)$/.test(path)) {
    const t = Number(options.options?.t);
    return baseMs + (Number.isFinite(t) && t >= 0 ? t : 10) * 1000;
  }
  return baseMs;
}

function describe(options: DialOptions): string {
  return `${options.method} ${options.path.split('?')[0]}`;
}

/**
 * Make a dockerode client safe to hand to callers: validated and encoded references, no
 * redirects, an overall deadline per call. Returns the same client.
 */
export function guardEngineClient(docker: Docker, deadlineMs = DEFAULT_ENGINE_DEADLINE_MS): Docker {
  disableModemRedirects();
  const getContainer = docker.getContainer.bind(docker);
  const getImage = docker.getImage.bind(docker);
  docker.getContainer = (id: string) => getContainer(containerPathSegment(id));
  docker.getImage = (name: string) => getImage(imagePathSegments(name));

  const modem = docker.modem as unknown as DialingModem;
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    const request = describe(options);
    const finish: DialCallback = (err, data) => {
      const status = (err as { statusCode?: unknown } | null)?.statusCode;
      if (typeof status === 'number' && status >= 300 && status < 400)
        return callback(new EngineRedirectError(status, request), null);
      callback(err, data);
    };
    const ms = deadlineFor(options, deadlineMs);
    if (ms === undefined) return dial(options, finish);
    const controller = new AbortController();
    const outer = options.abortSignal;
    if (outer?.aborted) controller.abort(outer.reason);
    else outer?.addEventListener('abort', () => controller.abort(outer.reason), { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new EngineDeadlineError(ms, request));
    }, ms);
    timer.unref();
    let called = false;
    return dial({ ...options, abortSignal: controller.signal }, (err, data) => {
      clearTimeout(timer);
      if (called) return;
      called = true;
      if (timedOut) return callback(new EngineDeadlineError(ms, request), null);
      finish(err, data);
    });
  };
  return docker;
}
