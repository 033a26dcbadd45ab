// Evidence captured elsewhere (a support ticket, a CI log, a server out of reach):
// `docker inspect` output, optionally `docker events --format '{{json .}}'` lines and a
// log tail. Read into the same evidence as a live diagnosis, with what is missing said
// in its gaps. Pure; bad input is a value with a message, never an exception.
import type Docker from 'dockerode';
import { parse as parseYaml } from '../../shared/yaml';
import { parseEvents } from './evidence';
import { isKubernetesObject, kubernetesEvidence } from './kubernetes';
import { evidenceFromInspect } from './inspect';
import type { ExplainEvidence, LogLine } from './types';
import { isObject } from '../json-fields';

export interface CapturedInput {
  /** `docker inspect` output: the array it prints, or one container object. */
  inspect: string;
  /** Lines of `docker events --format '{{json .}}'` (other containers' lines are skipped). */
  events?: string;
  /** A log tail: `docker logs --tail N [--timestamps] NAME` output. */
  logs?: string;
  /** Which container (name or id prefix) when the inspect output holds several. */
  container?: string;
  /** How the inputs are named in messages (file names, or "stdin"). */
  names?: { inspect?: string; events?: string; logs?: string };
}

export type CapturedResult =
  { kind: 'ok'; evidence: ExplainEvidence } | { kind: 'invalid'; message: string };

/** Lines of a log tail kept (the end of the file). */
export const CAPTURED_LOG_LINES = 1000;

function parseJson(
  text: string,
  name: string,
): { ok: true; value: unknown } | { ok: false; message: string } {
  if (!text.trim())
    return { ok: false, message: `${name} is empty: expected \`docker inspect\` output` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const yaml = yamlKubernetesObject(text);
    if (yaml !== undefined) return { ok: true, value: yaml };
    return {
      ok: false,
      message: `${name} is not JSON (${(err as Error).message}): expected \`docker inspect\` output`,
    };
  }
}

/** `kubectl get pod NAME -o yaml` output, when the text is that. */
function yamlKubernetesObject(text: string): unknown {
  try {
    const v = parseYaml(text) as unknown;
    return isKubernetesObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Why an object is not a container's inspect, or undefined when it is one. */
function notAContainer(v: unknown): string | undefined {
  if (!isObject(v)) return 'an element is not an object';
  if (typeof v.Id !== 'string' || !isObject(v.Config)) return 'an object without Id and Config';
  if (!isObject(v.State))
    return isObject(v.ContainerConfig) || Array.isArray(v.RepoTags)
      ? "an image's inspect (no State): inspect the container instead"
      : 'an object without State';
  if (typeof v.State.ExitCode !== 'number' || typeof v.Name !== 'string')
    return 'State.ExitCode or Name is missing';
  return undefined;
}

function pickContainer(
  value: unknown,
  name: string,
  wanted: string | undefined,
): { ok: true; info: Docker.ContainerInspectInfo } | { ok: false; message: string } {
  const list = Array.isArray(value) ? value : [value];
  if (!list.length) return { ok: false, message: `${name} holds no container ([])` };
  for (const item of list) {
    const why = notAContainer(item);
    if (why)
      return {
        ok: false,
        message: `${name} is not a container's \`docker inspect\` output: ${why}`,
      };
  }
  const infos = list as Docker.ContainerInspectInfo[];
  const matches = wanted
    ? infos.filter((i) => i.Name.replace(/^\//, '') === wanted || i.Id.startsWith(wanted))
    : infos;
  if (matches.length === 1) return { ok: true, info: matches[0] };
  const names = infos.map((i) => i.Name.replace(/^\//, '')).join(', ');
  return {
    ok: false,
    message: wanted
      ? `${name} holds no single container named or with id '${wanted}' (it holds ${names})`
      : `${name} holds ${infos.length} containers (${names}): choose one with --container NAME`,
  };
}

/** The events of one container from `docker events --format '{{json .}}'` lines. */
function eventsOf(
  text: string,
  info: Docker.ContainerInspectInfo,
  name: string,
): { ok: true; text: string } | { ok: false; message: string } {
  const kept: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(lines[i]);
    } catch {
      return {
        ok: false,
        message: `${name} line ${i + 1} is not JSON: expected lines of docker events --format '{{json .}}'`,
      };
    }
    if (!isObject(raw) || (raw.Action === undefined && raw.status === undefined))
      return { ok: false, message: `${name} line ${i + 1} is not a docker event (no Action)` };
    const actor = isObject(raw.Actor) ? raw.Actor.ID : undefined;
    if ((actor ?? raw.id) === info.Id) kept.push(lines[i]);
  }
  return { ok: true, text: kept.join('\n') };
}

/** A log tail's lines; a leading RFC 3339 time (docker logs --timestamps) becomes the line's time. */
export function parseLogTail(text: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '') continue;
    const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) (.*)$/.exec(line);
    // docker logs merges both streams on its way to a file: the stream is not known.
    lines.push(m ? { stream: 'stdout', time: m[1], text: m[2] } : { stream: 'stdout', text: line });
  }
  return lines.slice(-CAPTURED_LOG_LINES);
}

function capturedGaps(
  info: Docker.ContainerInspectInfo,
  input: CapturedInput,
  eventCount: number,
): string[] {
  const gaps: string[] = [];
  const id = info.Id.slice(0, 12);
  if (input.events === undefined)
    gaps.push(
      `the events: not given (--events); without them a docker stop that timed out, docker kill and kill -9 on the host cannot be told apart, nor a stop from a crash. Capture them with \`docker events --since <created> --until <now> --filter container=${id} --format '{{json .}}'\` before the daemon forgets them`,
    );
  else if (eventCount === 0)
    gaps.push(
      `the events: the events file holds none for container ${id}: its window may have missed this run`,
    );
  if (input.logs === undefined)
    gaps.push(
      `the logs: not given (--logs); causes told by the log (a CRLF shebang, a runtime out of heap, a start script that gave up) cannot be recognised. Capture them with \`docker logs --timestamps --tail 50 ${id}\``,
    );
  if (info.State.ExitCode === 137)
    gaps.push(
      "the daemon's start time and the host's kernel log: not in captured evidence; a daemon restart or the host's OOM killer reads as a SIGKILL from outside Docker",
    );
  return gaps;
}

/** A Pod or a List: its Events come inside; a log tail (kubectl logs --previous) may come beside. */
function fromKubernetes(value: unknown, input: CapturedInput, name: string): CapturedResult {
  if (input.events !== undefined)
    return {
      kind: 'invalid',
      message:
        "--events takes docker events; a Pod's events come in a List with it (kubectl get pod,events -o json)",
    };
  const r = kubernetesEvidence(value, name, input.container);
  if (r.kind !== 'ok' || input.logs === undefined) return r;
  const lines = parseLogTail(input.logs);
  const evidence = {
    ...r.evidence,
    logs: { tail: lines.length, bytesRead: Buffer.byteLength(input.logs), lines },
  };
  return { kind: 'ok', evidence };
}

/** Captured evidence → the evidence the classifier reads, or what is wrong with the input. */
export function capturedEvidence(input: CapturedInput): CapturedResult {
  const names = {
    inspect: input.names?.inspect ?? 'the inspect input',
    events: input.names?.events ?? 'the events input',
  };
  const json = parseJson(input.inspect, names.inspect);
  if (!json.ok) return { kind: 'invalid', message: json.message };
  if (isKubernetesObject(json.value)) return fromKubernetes(json.value, input, names.inspect);
  const picked = pickContainer(json.value, names.inspect, input.container);
  if (!picked.ok) return { kind: 'invalid', message: picked.message };
  const info = picked.info;
  let items: ExplainEvidence['events']['items'] = [];
  if (input.events !== undefined) {
    const ev = eventsOf(input.events, info, names.events);
    if (!ev.ok) return { kind: 'invalid', message: ev.message };
    items = parseEvents(ev.text, info.Config.Labels ?? {});
  }
  const created = Date.parse(info.Created);
  const times = [
    created,
    Date.parse(info.State.FinishedAt),
    ...items.map((i) => Date.parse(i.time)),
  ];
  const until = new Date(Math.max(...times.filter(Number.isFinite), 0)).toISOString();
  const since = new Date((Number.isFinite(created) ? created : 0) - 1000).toISOString();
  const logLines = input.logs === undefined ? [] : parseLogTail(input.logs);
  const evidence = evidenceFromInspect(info, {
    collectedAt: until,
    engine: { local: false, daemonStartSource: 'unknown' },
    image: undefined,
    events:
      input.events === undefined ? { since, until, items, given: false } : { since, until, items },
    logs: {
      tail: logLines.length,
      bytesRead: Buffer.byteLength(input.logs ?? ''),
      lines: logLines,
    },
    kernel: { status: 'not-captured', oomLines: [] },
    gaps: capturedGaps(info, input, items.length),
  });
  return { kind: 'ok', evidence };
}
