// `container-doctor explain CONTAINER`: why did this container exit? A thin adapter
// over src/runtime/explain (evidence through the Engine API, a pure classifier).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkContainerRef } from '../../runtime/connection';
import { connectWithFlags, ENGINE_FLAGS_HELP } from '../engine';
import {
  explainCaptured,
  explainContainer,
  type Explanation,
  explanationJson,
  explanationMarkdown,
  explanationText,
} from '../../runtime/explain';
import { type CliIo, UsageError, exitCodes } from '../io';
import { explainSwarmRef, parseSwarmRef } from '../explain-service';

export const EXPLAIN_HELP = `usage: container-doctor explain CONTAINER|SERVICE [--format text|json|markdown]
                                [--host URL|--context NAME]
       container-doctor explain service/NAME|task/ID [--format text|json|markdown]
       container-doctor explain --from FILE|- [--events FILE] [--logs FILE] [--container NAME]
       container-doctor explain pod/NAME [-c CONTAINER] [-n NAMESPACE] [--kubeconfig FILE]
                                [--context NAME] [--processes]

Explain why a container exited (or what happened to a running one), from evidence
read through the Engine API: its state, the daemon's events for it, the last log
lines, the daemon's start time and, for a local engine, the kernel's OOM-killer lines.
With --from, from evidence captured elsewhere, without a connection.

  CONTAINER            a container id (or unique prefix) or name
  SERVICE              a swarm service (on a swarm manager), when no container has that
                       name: its latest task that died, or a task no node can run
  service/NAME         that swarm service, even if a container has the same name
  task/ID              that swarm task (docker service ps --no-trunc lists them)
  --format FORMAT      text (default), json (the documented contract) or markdown
  --tail N             log lines to read from the end (default 50; never the whole log)
${ENGINE_FLAGS_HELP}
  --from FILE|-        \`docker inspect\` output (the array or one object), or a Kubernetes
                       Pod (\`kubectl get pod NAME -o json|yaml\`) or a List of the Pod and
                       its Events (\`kubectl get pod,events -o json\`); - reads stdin
  --events FILE        lines of \`docker events --format '{{json .}}'\` covering its run;
                       without them a stop that timed out cannot be told from docker kill
  --logs FILE          its log tail (\`docker logs --timestamps --tail 50\`)
  --container NAME     which container, when the input holds several (name or id prefix)

A Kubernetes pod (pod/NAME) is read through the API server of the kubeconfig's current
context (or --context), with its own auth (token files, exec plugins, certificates): the
Pod, its Events and the log tail of the run that ended (kubectl logs --previous). GET only.
  -n, --namespace NS   the pod's namespace (default: the context's namespace, else default)
  -c, --container NAME the container, when the pod has several
  --kubeconfig FILE    a kubeconfig (default: $KUBECONFIG, then ~/.kube/config)
  --context NAME       a context of the kubeconfig (default: its current-context)
  --processes          also list the container's processes, through an ephemeral container
                       (busybox:1.36, or --debug-image IMAGE) sharing its process namespace,
                       as kubectl debug --target does. This changes the pod: an ephemeral
                       container cannot be removed from a pod until it is deleted

Exit codes:
  0  explained (whatever the cause)
  2  usage error, no such container, or captured evidence that cannot be read
  3  the Docker engine (or the Kubernetes API server) is not reachable (not running,
     permission denied, ...) or went away during the diagnosis
`;

export interface CommonOptions {
  positional: string[];
  format: string;
  help: boolean;
  values: Record<string, string>;
}

/** Minimal option parsing shared by the diagnoses commands. */
export function parseOptions(args: string[], valueFlags: string[]): CommonOptions {
  const out: CommonOptions = { positional: [], format: 'text', help: false, values: {} };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '-h') out.help = true;
    else if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (name !== 'format' && !valueFlags.includes(name))
        throw new UsageError(`unknown option ${a}`);
      const value = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (value === undefined) throw new UsageError(`${a} needs a value`);
      if (name === 'format') out.format = value;
      else out.values[name] = value;
    } else out.positional.push(a);
  }
  return out;
}

/** kubectl's short flags, as the pod form takes them; --processes takes no value. */
function longFlags(args: string[]): string[] {
  const short: Record<string, string> = { '-c': '--container', '-n': '--namespace' };
  return args.map((a) => short[a] ?? (a === '--processes' ? '--processes=yes' : a));
}

export async function explainMain(argv: string[], io: CliIo): Promise<number> {
  const args = longFlags(argv);
  const opts = parseOptions(args, [
    'tail',
    'from',
    'events',
    'logs',
    'container',
    'namespace',
    'kubeconfig',
    'context',
    'processes',
    'debug-image',
    'host',
  ]);
  if (opts.help) {
    io.stdout(EXPLAIN_HELP);
    return exitCodes.ok;
  }
  if (opts.values.from !== undefined) return explainFrom(opts, io);
  if (opts.positional.length === 1 && opts.positional[0].startsWith('pod/'))
    return explainPodMain(opts, io);
  for (const flag of ['namespace', 'kubeconfig', 'context', 'processes', 'debug-image'])
    if (opts.values[flag] !== undefined) throw new UsageError(`--${flag} goes with pod/NAME`);
  for (const flag of ['events', 'logs', 'container'])
    if (opts.values[flag] !== undefined) throw new UsageError(`--${flag} goes with --from`);
  if (opts.positional.length !== 1)
    throw new UsageError(`expects one CONTAINER\n\n${EXPLAIN_HELP}`);
  if (!['text', 'json', 'markdown'].includes(opts.format))
    throw new UsageError(`--format must be text, json or markdown, not ${opts.format}`);
  const tail = opts.values.tail === undefined ? undefined : Number(opts.values.tail);
  if (tail !== undefined && !(Number.isInteger(tail) && tail > 0 && tail <= 10_000))
    throw new UsageError('--tail must be an integer from 1 to 10000');

  // A name goes into an Engine API path: check it as Docker does before asking the engine.
  const swarmRef = parseSwarmRef(opts.positional[0]!);
  const checked = checkContainerRef(swarmRef?.ref ?? opts.positional[0]!);
  if (!checked.ok) throw new UsageError(checked.error.message);
  const engine = await connectWithFlags(opts.values, io.env);
  if (engine.kind !== 'connected') {
    io.stderr(`container-doctor explain: ${engine.message}\n  ${engine.remedy}\n`);
    return 3;
  }
  const ref = opts.positional[0];
  const options = { local: engine.version.local, logTail: tail };
  let r = swarmRef
    ? await explainSwarmRef(engine.docker, swarmRef, options)
    : await explainContainer(engine.docker, ref, options);
  if (r.kind === 'not-found' && !swarmRef) {
    // No such container: a service of that name, when this engine manages a swarm.
    const s = await explainSwarmRef(engine.docker, { kind: 'service', ref }, options);
    if (s.kind !== 'not-found' && s.kind !== 'not-a-manager') r = s;
  }
  if (r.kind === 'not-a-manager') {
    io.stderr(`container-doctor explain: ${r.message}\n`);
    return exitCodes.usage;
  }
  if (r.kind === 'not-found' && swarmRef) {
    io.stderr(`container-doctor explain: ${r.message} on ${engine.endpoint.label}\n`);
    return exitCodes.usage;
  }
  if (r.kind === 'not-found') {
    io.stderr(
      `container-doctor explain: no container named or with id '${ref}' on ${engine.endpoint.label} (docker ps -a lists them; on a swarm manager, services too: docker service ls)\n`,
    );
    return exitCodes.usage;
  }
  if (r.kind !== 'ok') {
    io.stderr(`container-doctor explain: ${r.message}\n`);
    return 3;
  }
  print(r.explanation, opts.format, io);
  return exitCodes.ok;
}

function print(x: Explanation, format: string, io: CliIo, origin?: string): void {
  if (format === 'json') io.stdout(JSON.stringify(explanationJson(x), null, 2) + '\n');
  else if (format === 'markdown') io.stdout(explanationMarkdown(x, origin));
  else io.stdout(explanationText(x));
}

/** A file's text, or stdin for "-"; a file that cannot be read is a usage error. */
async function readInput(path: string, io: CliIo): Promise<string> {
  if (path === '-') return io.readStdin();
  try {
    return await readFile(resolve(io.cwd, path), 'utf8');
  } catch (err) {
    throw new UsageError(
      `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
}

/** `explain --from`: captured evidence, no engine. */
async function explainFrom(opts: CommonOptions, io: CliIo): Promise<number> {
  if (opts.positional.length)
    throw new UsageError(
      `--from explains captured evidence: no CONTAINER (use --container to choose one)`,
    );
  if (!['text', 'json', 'markdown'].includes(opts.format))
    throw new UsageError(`--format must be text, json or markdown, not ${opts.format}`);
  const { from, events, logs, container } = opts.values;
  if ([events, logs].includes('-') && from === '-')
    throw new UsageError('only one input can be read from stdin');
  const r = explainCaptured({
    inspect: await readInput(from, io),
    events: events === undefined ? undefined : await readInput(events, io),
    logs: logs === undefined ? undefined : await readInput(logs, io),
    container,
    names: {
      inspect: from === '-' ? 'stdin' : from,
      events: events === '-' ? 'stdin' : events,
      logs: logs === '-' ? 'stdin' : logs,
    },
  });
  if (r.kind !== 'ok') throw new UsageError(r.message);
  print(r.explanation, opts.format, io, 'captured evidence (docker inspect, events, log tail)');
  return exitCodes.ok;
}

/** `explain pod/NAME`: a live pod container through the kubeconfig's API server. */
async function explainPodMain(opts: CommonOptions, io: CliIo): Promise<number> {
  if (!['text', 'json', 'markdown'].includes(opts.format))
    throw new UsageError(`--format must be text, json or markdown, not ${opts.format}`);
  for (const flag of ['events', 'logs'])
    if (opts.values[flag] !== undefined) throw new UsageError(`--${flag} goes with --from`);
  if (opts.values.processes !== undefined && opts.format === 'json')
    throw new UsageError('--processes prints a text tree: use --format text or markdown');
  const pod = opts.positional[0].slice('pod/'.length);
  // A DNS-1123 subdomain, as the API server requires of pod names; it goes into a URL path.
  if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(pod))
    throw new UsageError(`'${pod}' is not a pod name (lowercase letters, digits, '-' and '.')`);
  const tail = opts.values.tail === undefined ? 50 : Number(opts.values.tail);
  if (!(Number.isInteger(tail) && tail > 0 && tail <= 10_000))
    throw new UsageError('--tail must be an integer from 1 to 10000');
  const k8s = await import('../../runtime/kubernetes');
  const opened = await k8s.openKubernetes({
    kubeconfig: opts.values.kubeconfig && resolve(io.cwd, opts.values.kubeconfig),
    context: opts.values.context,
  });
  if (opened.kind !== 'ok') {
    io.stderr(`container-doctor explain: ${opened.message}\n`);
    return opened.kind === 'no-config' ? 3 : exitCodes.usage;
  }
  const session = opened.session;
  const namespace = opts.values.namespace ?? session.namespace;
  const r = await k8s.explainPod(
    session,
    { namespace, pod, container: opts.values.container },
    { logTail: tail },
  );
  if (r.kind !== 'ok') {
    io.stderr(`container-doctor explain: ${r.message}\n`);
    return r.kind === 'unreachable' ? 3 : exitCodes.usage;
  }
  print(r.explanation, opts.format, io, `pod ${namespace}/${pod} (context ${session.context})`);
  if (opts.values.processes === undefined) return exitCodes.ok;
  const container = r.evidence.kubernetes?.container ?? '';
  const ps = await k8s.podProcessTree(session, {
    namespace,
    pod,
    container,
    image: opts.values['debug-image'],
  });
  if (ps.kind !== 'ok') {
    io.stderr(`container-doctor explain: processes of ${pod}/${container}: ${ps.message}\n`);
    return exitCodes.ok;
  }
  const { renderTreeText } = await import('../../runtime/processes/tree');
  const v = ps.value;
  io.stdout(
    `\nProcesses of ${pod}/${container} (read by ephemeral container ${v.debugContainer}):\n${renderTreeText(v.tree)}\n${
      v.zombies.count ? `${v.zombies.count} zombie(s) unreaped\n` : ''
    }warning: ${v.warning}\n`,
  );
  return exitCodes.ok;
}
