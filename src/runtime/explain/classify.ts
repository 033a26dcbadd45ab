// The pure classifier: evidence → one cause, with the evidence that decided it, a
// timeline and fixes. Exit code 137 alone can mean five things (domain.md §4); the
// events (kill with signal, oom, die, stop), their timing, the sticky OOMKilled flag,
// the daemon's own start time and the log tail tell them apart.
import { logHints, type LogHint } from './hints';
import type {
  CauseId,
  Confidence,
  ContainerEvent,
  ExplainEvidence,
  ExplainFix,
  Explanation,
} from './types';

const SIGNALS: Record<number, string> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  3: 'SIGQUIT',
  4: 'SIGILL',
  5: 'SIGTRAP',
  6: 'SIGABRT',
  7: 'SIGBUS',
  8: 'SIGFPE',
  9: 'SIGKILL',
  10: 'SIGUSR1',
  11: 'SIGSEGV',
  12: 'SIGUSR2',
  13: 'SIGPIPE',
  14: 'SIGALRM',
  15: 'SIGTERM',
  24: 'SIGXCPU',
  25: 'SIGXFSZ',
  31: 'SIGSYS',
};

export function signalName(n: number): string {
  return SIGNALS[n] ?? `signal ${n}`;
}

/** A kill event's signal as a number ("15", "SIGTERM", "TERM" all → 15). */
export function signalNumber(raw: string | undefined): number | undefined {
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw);
  const name = raw.toUpperCase().startsWith('SIG') ? raw.toUpperCase() : `SIG${raw.toUpperCase()}`;
  const hit = Object.entries(SIGNALS).find(([, v]) => v === name);
  return hit ? Number(hit[0]) : undefined;
}

const isZero = (t: string | undefined) => !t || t.startsWith('0001-01-01');
const ms = (t: string) => Date.parse(t);
const secs = (a: number) =>
  a < 1000 ? `${Math.max(0, Math.round(a))} ms` : `${(a / 1000).toFixed(a < 10_000 ? 1 : 0)} s`;
const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

/** The events of the latest run: after the last `start` (or after StartedAt when starts are gone). */
function latestRun(e: ExplainEvidence): { events: ContainerEvent[]; hasStart: boolean } {
  const items = e.events.items;
  let lastStart = -1;
  for (let i = items.length - 1; i >= 0; i--)
    if (items[i].action === 'start') {
      lastStart = i;
      break;
    }
  if (lastStart >= 0) return { events: items.slice(lastStart), hasStart: true };
  if (isZero(e.state.startedAt)) return { events: items, hasStart: false };
  const started = ms(e.state.startedAt);
  return { events: items.filter((ev) => ms(ev.time) >= started - 1000), hasStart: false };
}

function shellForm(e: ExplainEvidence): boolean {
  const prog = e.container.path.split('/').pop() ?? '';
  return ['sh', 'bash', 'dash', 'ash'].includes(prog) && e.container.args[0] === '-c';
}

function pid1Text(e: ExplainEvidence): string {
  const argv = [e.container.path, ...e.container.args].join(' ');
  return argv.length > 120 ? `${argv.slice(0, 120)}…` : argv;
}

function eventText(ev: ContainerEvent, stopSignal: string): string {
  switch (ev.action) {
    case 'kill': {
      const n = signalNumber(ev.attributes.signal);
      return `kill: Docker sent ${n ? signalName(n) : ev.attributes.signal} (docker stop/kill/rm -f)`;
    }
    case 'oom':
      return 'oom: the kernel OOM killer killed a process of the container (memory limit reached)';
    case 'die':
      return `die: the main process exited with ${ev.attributes.exitCode ?? '?'}`;
    case 'stop':
      return `stop: the stop request completed (stop signal ${stopSignal})`;
    case 'start':
      return 'start';
    case 'create':
      return 'create';
    case 'restart':
      return 'restart';
    default:
      return ev.action;
  }
}

interface Verdict {
  cause: CauseId;
  confidence: Confidence;
  summary: string;
  evidence: { source: string; detail: string }[];
  fixes: ExplainFix[];
}

const fixFor = {
  initOrExec: (e: ExplainEvidence): ExplainFix => ({
    title: 'Make PID 1 handle SIGTERM',
    detail: shellForm(e)
      ? `PID 1 is \`${pid1Text(e)}\`: a shell that does not forward SIGTERM. Use the exec form (\`CMD ["prog", "arg"]\`) or \`exec prog\` at the end of the script, and put an init in front (\`docker run --init\`, or \`ENTRYPOINT ["tini", "--"]\`) so the program gets the signal.`
      : `PID 1 is \`${pid1Text(e)}\`, which installed no SIGTERM handler (the kernel drops unhandled signals to PID 1). Run it behind an init (\`docker run --init\`, \`init: true\` in compose, or \`ENTRYPOINT ["tini", "--"]\`), or handle SIGTERM in the program.`,
    anchor: 'command',
  }),
  memoryLimit: (e: ExplainEvidence): ExplainFix => ({
    title: e.hostConfig.memory
      ? 'Raise the memory limit, or find what grows'
      : 'Set a memory limit',
    detail: e.hostConfig.memory
      ? `The limit is ${mib(e.hostConfig.memory)}${
          e.hostConfig.memorySwap > 0 ? ` (memory+swap ${mib(e.hostConfig.memorySwap)})` : ''
        }. If the usage is legitimate: \`docker update --memory <new> --memory-swap <new> ${e.container.name}\`; for the JVM size the heap from the limit (-XX:MaxRAMPercentage=75) rather than -Xmx.`
      : `Without a limit a leak competes with the whole host (seed 001). \`docker update --memory 2g --memory-swap -1 ${e.container.name}\`.`,
  }),
};

function withHints(v: Verdict, hints: LogHint[], take = 3): Verdict {
  for (const h of hints.slice(0, take)) {
    v.evidence.push({ source: 'logs', detail: `${h.title}: "${h.line}"` });
    v.fixes.push({ title: h.fix.title, detail: h.fix.detail });
  }
  return v;
}

function lastLogLine(e: ExplainEvidence): string | undefined {
  const stderr = e.logs.lines.filter((l) => l.stream === 'stderr');
  const pick = (stderr.length ? stderr : e.logs.lines).at(-1);
  return pick?.text;
}

/** Start failures: the runtime could not exec PID 1, or the daemon could not set the container up. */
function startFailure(e: ExplainEvidence): Verdict {
  const err = e.state.error;
  const exec = /exec: "([^"]*)": (.*?)(: unknown)?$/.exec(err);
  const what = exec?.[1] ?? e.container.path;
  const evidence = [{ source: 'state', detail: `Error: ${err}` }];
  if (/executable file not found|no such file or directory/.test(exec?.[2] ?? '')) {
    return {
      cause: 'command-not-found',
      confidence: 'high',
      summary: `The container never started: "${what}" does not exist in the image (exit ${e.state.exitCode}).`,
      evidence,
      fixes: [
        {
          title: 'Correct the command',
          detail: `Check ENTRYPOINT/CMD: \`${what}\` is not ${
            what.includes('/') ? 'a file in the image' : "on the image's PATH"
          }. A CMD in JSON form with a typo falls back to shell form; a multi-stage build may not have copied it.`,
          anchor: 'command',
        },
      ],
    };
  }
  if (/permission denied|exec format error/.test(exec?.[2] ?? '')) {
    const format = /exec format error/.test(err);
    return {
      cause: 'not-executable',
      confidence: 'high',
      summary: format
        ? `The container never started: "${what}" is not an executable for this machine (exec format error).`
        : `The container never started: "${what}" is not executable (permission denied).`,
      evidence,
      fixes: [
        format
          ? {
              title: 'Build for this platform, or add a shebang',
              detail:
                'The binary is for another CPU architecture, or a script lacks its `#!` line.',
              anchor: 'command',
            }
          : {
              title: 'Give the file its x bit',
              detail: `\`COPY --chmod=755 ${what} ${what}\` or \`RUN chmod +x ${what}\`; a volume mounted noexec gives the same error.`,
              anchor: 'command',
            },
      ],
    };
  }
  const port = /Bind for ([^ ]+) failed: port is already allocated|address already in use/.exec(
    err,
  );
  return {
    cause: 'start-failed',
    confidence: err ? 'high' : 'low',
    summary: err
      ? port
        ? `The container never started: host port ${port[1] ?? ''} is already taken by another container or process.`.replace(
            '  ',
            ' ',
          )
        : `The container never started: ${err}`
      : 'The container was created but never started.',
    evidence: err
      ? evidence
      : [{ source: 'state', detail: `Status ${e.state.status}, never started` }],
    fixes: port
      ? [
          {
            title: 'Free the port or publish another one',
            detail: `\`docker ps --filter publish=${(port[1] ?? '').split(':').pop()}\` shows the container holding it; change \`-p\` (ports: in compose) for one of them.`,
          },
        ]
      : err
        ? [{ title: 'Fix what the daemon reports', detail: err }]
        : [{ title: 'Start it', detail: `docker start ${e.container.name}` }],
  };
}

/** Exits after a run, from the latest run's events and the state. */
function exitVerdict(e: ExplainEvidence, hints: LogHint[]): Verdict {
  const exit = e.state.exitCode;
  const { events, hasStart } = latestRun(e);
  const die = [...events].reverse().find((ev) => ev.action === 'die');
  const kills = events.filter(
    (ev) => ev.action === 'kill' && (!die || BigInt(ev.timeNano) <= BigInt(die.timeNano)),
  );
  const stopped = events.some((ev) => ev.action === 'stop');
  const oomEvents = events.filter((ev) => ev.action === 'oom');
  const hostOom = e.kernel.oomLines.find((l) =>
    /constraint=CONSTRAINT_(NONE|CPUSET|MEMORY_POLICY)/.test(l.text),
  );
  const cgroupOomLine = e.kernel.oomLines.find((l) => /CONSTRAINT_MEMCG/.test(l.text));
  const sig = exit > 128 && exit <= 128 + 64 ? exit - 128 : undefined;
  const stopSignal = e.config.stopSignal ?? e.image?.stopSignal ?? 'SIGTERM';
  const evidence: { source: string; detail: string }[] = [
    {
      source: 'state',
      detail: `ExitCode ${exit}, OOMKilled ${e.state.oomKilled}, started ${e.state.startedAt}, finished ${e.state.finishedAt}`,
    },
  ];
  const eventsKnown = hasStart || die !== undefined;
  const runMs = isZero(e.state.finishedAt)
    ? undefined
    : ms(e.state.finishedAt) - ms(e.state.startedAt);

  // 1. The daemon went away while the container ran: it started under an earlier dockerd
  //    and ended within moments of the current one starting (without live-restore the new
  //    daemon kills what it finds; its memory of earlier events is gone).
  const daemonStart = e.engine.daemonStartedAt ? ms(e.engine.daemonStartedAt) : undefined;
  if (
    daemonStart !== undefined &&
    ms(e.state.startedAt) < daemonStart &&
    !isZero(e.state.finishedAt)
  ) {
    const gap = ms(e.state.finishedAt) - daemonStart;
    // Without live-restore a starting dockerd stops what the old one left running (kill with
    // the stop signal, SIGKILL after the stop timeout), before its API even listens: kills in
    // the first seconds of the new daemon are its own.
    const restoreKills = kills.filter(
      (k) => ms(k.time) >= daemonStart - 1000 && ms(k.time) <= daemonStart + 15_000,
    );
    const requested = kills.some((k) => !restoreKills.includes(k) && ms(k.time) >= daemonStart);
    if (!requested && gap > -30_000 && gap < 120_000) {
      evidence.push({
        source: 'daemon',
        detail: `dockerd started at ${e.engine.daemonStartedAt} (host /proc), after this run started${
          gap >= 0 ? `; the run ended ${secs(gap)} later` : `; the run ended ${secs(-gap)} before`
        }`,
      });
      if (restoreKills.length) {
        const sigs = restoreKills
          .map((k) => signalName(signalNumber(k.attributes.signal) ?? 0))
          .join(', then ');
        evidence.push({
          source: 'events',
          detail: `the new daemon stopped it while starting up (${sigs}, from ${restoreKills[0].time}); no earlier events survive`,
        });
      } else
        evidence.push({
          source: 'events',
          detail:
            'no events of this run from before the restart survive: the daemon keeps events in memory only',
        });
      if (e.engine.liveRestore === false)
        evidence.push({
          source: 'daemon',
          detail: 'live-restore is off: a restarting daemon stops the containers it finds running',
        });
      if (e.state.oomKilled)
        evidence.push({
          source: 'state',
          detail: 'OOMKilled is true: a process of it was OOM-killed during its life',
        });
      return {
        cause: 'daemon-restart',
        confidence: restoreKills.length || gap >= -1000 ? 'high' : 'medium',
        summary: `The Docker daemon died or restarted while the container ran and took it down (exit ${exit}); the daemon's events from before its restart are lost.`,
        evidence,
        fixes: [
          {
            title: 'Find out why dockerd restarted',
            detail:
              '`journalctl -u docker` and the kernel log around that time: a host out of memory kills dockerd too (seed 001: an unbounded service took the host down).',
          },
          {
            title: 'Keep containers across daemon restarts',
            detail:
              'Set `"live-restore": true` in /etc/docker/daemon.json; give services a restart policy (`always`; measured here, `unless-stopped` did not bring back a container the restarting daemon stopped).',
          },
        ],
      };
    }
    if (!hasStart)
      evidence.push({
        source: 'daemon',
        detail: `dockerd restarted at ${e.engine.daemonStartedAt}, after this run: its events are gone`,
      });
  }

  // Trap: OOMKilled is sticky and container-wide. With exit ≠ 137 it was a child.
  const childOom = e.state.oomKilled && (exit !== 137 || kills.length > 0);
  const oomAt = oomEvents[0]?.time ?? cgroupOomLine?.time;
  const oomNote = () => {
    const at = oomAt;
    evidence.push({
      source: 'state',
      detail: `OOMKilled is true but PID 1 was not what the OOM killer ended: a child process was OOM-killed${
        at ? ` at ${at}` : ' (time unknown: the oom event is gone)'
      }, and the container lived on`,
    });
  };

  // 2. A request through Docker: docker stop (kill stopsignal, maybe kill 9, die, stop) or docker kill.
  if (kills.length > 0) {
    const first = kills[0];
    const firstSig = signalNumber(first.attributes.signal);
    const kill9 = kills.find((k, i) => i > 0 && signalNumber(k.attributes.signal) === 9);
    for (const k of kills)
      evidence.push({ source: 'events', detail: `${k.time} ${eventText(k, stopSignal)}` });
    if (die)
      evidence.push({
        source: 'events',
        detail: `${die.time} die exitCode=${die.attributes.exitCode}`,
      });
    if (childOom) oomNote();
    if (stopped || (kill9 && firstSig !== 9)) {
      if (kill9 && exit === 137) {
        const grace = ms(kill9.time) - ms(first.time);
        evidence.push({
          source: 'events',
          detail: `stop: ${signalName(firstSig ?? 15)} at ${first.time}, SIGKILL ${secs(grace)} later when the grace period ran out`,
        });
        return {
          cause: 'stop-timeout',
          confidence: 'high',
          summary: `A stop was requested; PID 1 (\`${pid1Text(e)}\`) ignored ${signalName(firstSig ?? 15)} for the whole ${secs(grace)} grace period and was SIGKILLed (exit 137).`,
          evidence,
          fixes: [
            fixFor.initOrExec(e),
            {
              title: 'Only if shutdown is really slow: a longer grace period',
              detail: `\`docker stop -t 30\`, \`--stop-timeout 30\` or compose \`stop_grace_period: 30s\`; it does not help a PID 1 that ignores the signal.`,
            },
          ],
        };
      }
      const took = die ? ms(die.time) - ms(first.time) : undefined;
      return {
        cause: 'stopped',
        confidence: 'high',
        summary: `A stop was requested (${signalName(firstSig ?? 15)}) and PID 1 exited in time${
          took !== undefined ? `, ${secs(took)} later` : ''
        }, with ${exit}${
          e.state.oomKilled
            ? `; OOMKilled reads true only because a child process was OOM-killed${oomAt ? ` at ${oomAt}` : ''} while PID 1 lived on`
            : ''
        }.`,
        evidence,
        fixes: e.state.oomKilled
          ? [fixFor.memoryLimit(e)]
          : [
              {
                title: 'Nothing to fix in the container',
                detail:
                  'Someone or something asked Docker to stop it (docker stop, compose down, an orchestrator, a deploy script). Check who, if it was unexpected.',
              },
            ],
      };
    }
    const n = firstSig ?? 0;
    return {
      cause: 'killed',
      confidence: 'high',
      summary: `It was killed through Docker with ${signalName(n)} (docker kill${n === 9 ? ' or docker rm -f' : ` -s ${signalName(n).replace(/^SIG/, '')}`}), without a stop request; exit ${exit}.`,
      evidence,
      fixes: [
        {
          title: 'Find who sent it',
          detail:
            'Scripts, orchestrators and `docker kill` callers; prefer `docker stop` so the program can shut down cleanly.',
        },
      ],
    };
  }

  // 3. The cgroup OOM killer ended PID 1.
  if (e.state.oomKilled && exit === 137 && !hostOom) {
    if (oomEvents[0]) evidence.push({ source: 'events', detail: `${oomEvents[0].time} oom` });
    if (cgroupOomLine) evidence.push({ source: 'kernel', detail: cgroupOomLine.text });
    const killedLine = e.kernel.oomLines.find((l) => /killed process/i.test(l.text));
    if (killedLine) evidence.push({ source: 'kernel', detail: killedLine.text });
    return withHints(
      {
        cause: 'oom-killed',
        confidence: oomEvents.length || cgroupOomLine ? 'high' : 'medium',
        summary: `The kernel's OOM killer ended it: the container reached its memory limit${
          e.hostConfig.memory ? ` of ${mib(e.hostConfig.memory)}` : ''
        } (exit 137, OOMKilled).`,
        evidence,
        fixes: [fixFor.memoryLimit(e)],
      },
      hints,
      2,
    );
  }

  // 4. SIGKILL from outside Docker: the host OOM killer or kill -9 on the host.
  if (sig === 9) {
    if (hostOom) evidence.push({ source: 'kernel', detail: hostOom.text });
    evidence.push({
      source: 'events',
      detail: eventsKnown
        ? 'no kill or stop request through Docker, no oom event for the container'
        : 'the events of this run are gone: a docker stop or kill cannot be ruled out',
    });
    if (childOom) oomNote();
    return {
      cause: 'sigkill-external',
      confidence: hostOom ? 'high' : eventsKnown ? 'high' : 'low',
      summary: hostOom
        ? 'The host (not the container) ran out of memory and the kernel OOM killer SIGKILLed its PID 1 (exit 137).'
        : "PID 1 was SIGKILLed from outside Docker (exit 137): `kill -9` on the host, or the host's OOM killer; Docker did not send it.",
      evidence,
      fixes: [
        {
          title: 'Check the host kernel log',
          detail:
            '`dmesg -T | grep -i -E "killed process|out of memory"` around the finish time; a host OOM kill names the process. Otherwise look for tools that kill -9 (monitoring, watchdogs, systemd units).',
        },
        fixFor.memoryLimit(e),
      ],
    };
  }

  if (childOom && exit !== 137) oomNote();

  // 5. Start-time exec problems that show as an exit with the reason only in the logs.
  const byId = (id: LogHint['id']) => hints.find((h) => h.id === id);
  const execHint =
    byId('crlf-shebang') ?? byId('exec-missing-interpreter') ?? byId('exec-format') ?? undefined;
  if (exit === 126 || execHint || (exit === 127 && byId('permission-denied'))) {
    const h = execHint ?? byId('permission-denied');
    return withHints(
      {
        cause: 'not-executable',
        confidence: h ? 'high' : 'medium',
        summary: h
          ? `The command could not be executed: ${h.title.charAt(0).toLowerCase()}${h.title.slice(1)} (exit ${exit}).`
          : `The command was found but could not be executed (exit 126: permissions or exec format).`,
        evidence,
        fixes: h
          ? []
          : [
              {
                title: 'Give the file its x bit',
                detail: '`COPY --chmod=755` or `RUN chmod +x`; check the architecture with `file`.',
                anchor: 'command',
              },
            ],
      },
      h ? [h] : [],
    );
  }
  if (exit === 127) {
    const h = byId('command-not-found');
    return withHints(
      {
        cause: 'command-not-found',
        confidence: h ? 'high' : 'medium',
        summary: `A command was not found (exit 127)${h ? `: "${h.line}"` : ''}.`,
        evidence,
        fixes: [],
      },
      h
        ? [h]
        : [
            {
              id: 'command-not-found',
              line: '',
              title: 'exit 127 means "command not found"',
              fix: {
                title: 'Check CMD/ENTRYPOINT and PATH',
                detail:
                  'A shell-form CMD or a script calls a program the image lacks; a CRLF shebang gives 127 too.',
              },
            },
          ],
    );
  }

  // 6. A signal the program died of, not sent through Docker.
  if (sig !== undefined) {
    const name = signalName(sig);
    const own = [4, 6, 7, 8, 11, 31].includes(sig);
    evidence.push({
      source: 'events',
      detail: eventsKnown ? 'no kill request through Docker' : 'the events of this run are gone',
    });
    // A runtime that gave up (heap exhausted, …) aborts; as PID 1 without a SIGABRT handler
    // the kernel drops the signal and glibc's abort() falls through to a fault: SIGSEGV
    // (measured here: node out of heap as PID 1 exits 139). The log says the real reason.
    const why = hints.find((h) =>
      ['node-heap', 'java-heap', 'java-native-thread', 'missing-library', 'segfault'].includes(
        h.id,
      ),
    );
    const fixes: ExplainFix[] = own
      ? [
          {
            title: sig === 6 ? 'Read the abort message' : 'Find the crash',
            detail:
              sig === 6
                ? 'SIGABRT comes from abort(): an assertion, a C++ exception nobody caught, a JVM crash (hs_err_pid*.log), glibc detecting heap corruption.'
                : 'Native code crashed: run with core dumps (`--ulimit core=-1`) and check native modules built against another libc.',
          },
        ]
      : [
          {
            title: 'Find the sender',
            detail:
              'Something outside Docker sent it: a host script, systemd, a supervisor in the container.',
          },
        ];
    const ordered = why ? [why, ...hints.filter((h) => h !== why)] : hints;
    return withHints(
      {
        cause: 'signal',
        confidence: own ? 'high' : eventsKnown ? 'medium' : 'low',
        summary: why
          ? `The program died of ${name} (exit ${exit} = 128 + ${sig}) after ${why.title.charAt(0).toLowerCase()}${why.title.slice(1)}: "${why.line}"${
              sig === 11 && why.id !== 'segfault'
                ? '; its abort() ended in SIGSEGV because PID 1 without a handler does not receive SIGABRT'
                : ''
            }.`
          : own
            ? `The program died of ${name} of its own making (exit ${exit} = 128 + ${sig}): a crash, not a request.`
            : `The program died of ${name} (exit ${exit} = 128 + ${sig}), not sent through Docker: from a process on the host or in the container, or the program itself.`,
        evidence,
        fixes: why ? [] : fixes,
      },
      ordered,
    );
  }

  // 7. Exit 0: the main process ended by itself.
  if (exit === 0) {
    const short = runMs !== undefined && runMs < 5000;
    return withHints(
      {
        cause: 'completed',
        confidence: eventsKnown ? 'high' : 'medium',
        summary: `The main process ended by itself with 0 after ${
          runMs !== undefined ? secs(runMs) : 'its run'
        }, without a stop request${
          short ? ': for a service this usually means it backgrounded or daemonised itself' : ''
        }.`,
        evidence,
        fixes: [
          {
            title: 'For a service: keep it in the foreground',
            detail:
              'PID 1 must be the long-running program: no `&` or `nohup` in the start script, foreground flags (`nginx -g "daemon off;"`, `httpd -DFOREGROUND`, `redis-server --daemonize no`), and `exec` it at the end of the script.',
            anchor: 'command',
          },
        ],
      },
      hints,
    );
  }

  // 8. The program chose its status.
  const poll = byId('poll-gave-up');
  const last = lastLogLine(e);
  if (!hints.length && last) evidence.push({ source: 'logs', detail: `last line: "${last}"` });
  if (!e.logs.lines.length) evidence.push({ source: 'logs', detail: 'the log tail is empty' });
  return withHints(
    {
      cause: 'app-error',
      confidence: hints.length ? 'high' : 'medium',
      summary: poll
        ? `The start script gave up waiting for the service and exited with ${exit} (seed 000): "${poll.line}".`
        : hints.length
          ? `The program exited with ${exit}: ${hints[0].title.charAt(0).toLowerCase()}${hints[0].title.slice(1)}.`
          : `The program chose to exit with ${exit}${last ? `; its last words: "${last}"` : ''}.`,
      evidence,
      fixes: hints.length
        ? []
        : [
            {
              title: 'Read the logs',
              detail: `\`docker logs --tail 200 ${e.container.name}\`: the program says why it exits with ${exit}.`,
            },
          ],
    },
    hints,
  );
}

function runningVerdict(e: ExplainEvidence): Verdict {
  const oom = e.events.items.filter((ev) => ev.action === 'oom');
  const dies = e.events.items.filter((ev) => ev.action === 'die');
  const evidence = [
    {
      source: 'state',
      detail: `Running since ${e.state.startedAt}, RestartCount ${e.restartCount}, OOMKilled ${e.state.oomKilled}`,
    },
  ];
  for (const d of dies.slice(-5))
    evidence.push({
      source: 'events',
      detail: `${d.time} a run died with ${d.attributes.exitCode}`,
    });
  if (oom.length)
    evidence.push({
      source: 'events',
      detail: `${oom.length} oom event(s), the last at ${oom.at(-1)?.time}`,
    });
  const parts = [`It is running (since ${e.state.startedAt})`];
  if (e.restartCount)
    parts.push(`restarted ${e.restartCount} time(s) by its ${e.restartPolicy.name} policy`);
  if (oom.length || e.state.oomKilled)
    parts.push(
      `a process of it was OOM-killed${oom.length ? ` ${oom.length} time(s), last at ${oom.at(-1)?.time}` : ''} while PID 1 survived`,
    );
  const fixes: ExplainFix[] = [];
  if (oom.length || e.state.oomKilled) fixes.push(fixFor.memoryLimit(e));
  if (e.restartCount)
    fixes.push({
      title: 'Explain the earlier exits',
      detail:
        'Only the latest run is in the state; the events above show the exit codes of the runs the daemon still remembers.',
    });
  return {
    cause: 'running',
    confidence: 'high',
    summary: `${parts.join('; ')}.`,
    evidence,
    fixes,
  };
}

function timeline(e: ExplainEvidence): { time: string; event: string }[] {
  const stopSignal = e.config.stopSignal ?? e.image?.stopSignal ?? 'SIGTERM';
  const out: { time: string; event: string; order: number }[] = [];
  const push = (time: string | undefined, event: string) => {
    if (time && !isZero(time)) out.push({ time, event, order: Date.parse(time) });
  };
  push(e.container.created, 'created');
  push(e.state.startedAt, 'latest run started (State.StartedAt)');
  for (const ev of e.events.items)
    if (ev.action !== 'create') push(ev.time, eventText(ev, stopSignal));
  for (const l of e.kernel.oomLines)
    push(l.time, `kernel: ${l.text.length > 160 ? `${l.text.slice(0, 160)}…` : l.text}`);
  if (!e.state.running || e.state.restarting)
    push(e.state.finishedAt, `latest run finished with ${e.state.exitCode} (State.FinishedAt)`);
  if (e.engine.daemonStartedAt && ms(e.engine.daemonStartedAt) > ms(e.container.created))
    push(e.engine.daemonStartedAt, 'dockerd (re)started');
  return out.sort((a, b) => a.order - b.order).map(({ time, event }) => ({ time, event }));
}

/** Evidence → explanation. Pure and deterministic. */
export function classify(e: ExplainEvidence): Explanation {
  const hints = logHints(e);
  let v: Verdict;
  const neverStarted = isZero(e.state.startedAt);
  if ((e.state.running && !e.state.restarting) || e.state.paused) v = runningVerdict(e);
  else if (neverStarted || (e.state.error && !e.state.running)) v = startFailure(e);
  else {
    v = exitVerdict(e, hints);
    const { hasStart } = latestRun(e);
    if (
      !hasStart &&
      !e.events.items.some((ev) => ev.action === 'die') &&
      v.cause !== 'daemon-restart'
    )
      v.evidence.push({
        source: 'events',
        detail:
          'no events of this run: the daemon keeps only its most recent events in memory (about 256, measured here) and none across a restart, so a stop, kill or oom cannot be ruled out from events',
      });
  }

  if (e.state.restarting || (e.restartCount > 0 && v.cause !== 'running'))
    v.evidence.push({
      source: 'state',
      detail: `restart policy ${e.restartPolicy.name}, RestartCount ${e.restartCount}${
        e.state.restarting ? ': it is crash-looping' : ''
      }; the state describes the latest run only`,
    });
  if (e.config.env && Object.keys(e.config.env).length)
    v.evidence.push({
      source: 'config',
      detail: Object.entries(e.config.env)
        .map(([k, val]) => `${k}=${val}`)
        .join(' '),
    });
  for (const g of e.gaps) v.evidence.push({ source: 'gaps', detail: g });
  if (e.gaps.some((g) => g.startsWith('the events')) && v.confidence === 'high')
    v.confidence = 'medium';

  return {
    container: { id: e.container.id, name: e.container.name, image: e.container.image },
    cause: v.cause,
    confidence: v.confidence,
    summary: v.summary,
    exitCode: e.state.exitCode,
    restartCount: e.restartCount,
    evidence: v.evidence,
    timeline: timeline(e),
    fixes: v.fixes,
  };
}
