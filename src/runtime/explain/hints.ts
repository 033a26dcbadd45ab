// What a container's last log lines say about its death, as data: each hint is a
// pattern that field reports and lab reproductions have shown (docs/causes/), with
// the fix an expert would propose. Pure; the classifier picks from the matches.
import type { ExplainEvidence, LogLine } from './types';

export type HintId =
  | 'poll-gave-up'
  | 'java-native-thread'
  | 'fork-failed'
  | 'java-heap'
  | 'node-heap'
  | 'address-in-use'
  | 'permission-denied'
  | 'missing-library'
  | 'crlf-shebang'
  | 'exec-missing-interpreter'
  | 'exec-format'
  | 'command-not-found'
  | 'segfault';

export interface LogHint {
  id: HintId;
  /** The log line that matched (trimmed to a sensible length). */
  line: string;
  title: string;
  fix: { title: string; detail: string };
}

interface HintRule {
  id: HintId;
  pattern: RegExp;
  title: string;
  fix: (e: ExplainEvidence) => { title: string; detail: string };
}

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

const rules: HintRule[] = [
  {
    id: 'crlf-shebang',
    // bash: "/bin/sh^M: bad interpreter"; the raw CR, or the literal ^M caret form.
    pattern: /(\r|\^M)\s*: bad interpreter|\/(ba|da)?sh\r/,
    title:
      'The script has Windows line endings (CRLF): its shebang names "/bin/sh\\r", which does not exist',
    fix: () => ({
      title: 'Convert the script to LF line endings',
      detail:
        'Save it with LF endings (and add `*.sh text eol=lf` to .gitattributes so Git on Windows does not convert it back), or `RUN sed -i "s/\\r$//" script.sh` in the Dockerfile.',
    }),
  },
  {
    id: 'exec-missing-interpreter',
    // runc after its stat of the path succeeded: the file exists, what it names does not.
    pattern: /^exec (\S+): no such file or directory$/,
    title:
      'The file exists but cannot be started: its interpreter (the #! line) is missing, or the script has CRLF line endings, or a dynamic binary lacks its loader',
    fix: () => ({
      title: 'Check the first line of the program Docker runs',
      detail:
        'A CRLF shebang (`#!/bin/sh\\r`) or an interpreter the image lacks (bash in an Alpine/BusyBox image, a glibc binary on musl) both give this. Convert to LF endings, install the interpreter, or change the shebang.',
    }),
  },
  {
    id: 'exec-format',
    pattern: /exec format error/i,
    title:
      'The program is not a valid executable for this machine (wrong CPU architecture, or a script without a #! line)',
    fix: () => ({
      title: 'Build the image for this platform, or add a shebang',
      detail:
        'Use `docker buildx build --platform linux/amd64` (or arm64) matching the host, or start the script with `#!/bin/sh`.',
    }),
  },
  {
    id: 'command-not-found',
    pattern: /: not found$|command not found|executable file not found/i,
    title: 'A command the container runs does not exist in the image',
    fix: () => ({
      title: 'Install the program or correct its path',
      detail:
        'Check CMD/ENTRYPOINT and the scripts they run; PATH inside the image may differ from your machine.',
    }),
  },
  {
    id: 'poll-gave-up',
    // Seed 000: "Server failed to start in 240 seconds!" after "Waiting for server startup....".
    pattern:
      /(fail(ed)? to start|did not start|not started|gave up|giving up|timed? ?out)\b.{0,60}\b\d+\s*(s|sec|secs|seconds)\b|waiting for .{0,40}(startup|to start|ready).{0,5}\.{3,}/i,
    title:
      'A start script polled the service and gave up: the script, not the service, chose the exit status',
    fix: () => ({
      title: 'Make the service itself the container command',
      detail:
        'Run the program in the foreground as PID 1 (`exec java -jar app.jar` or exec-form CMD) instead of a wrapper that backgrounds it and polls; express readiness as a HEALTHCHECK, which does not kill the container.',
    }),
  },
  {
    id: 'java-native-thread',
    pattern: /unable to create (new )?native thread/i,
    title:
      'The JVM could not start another thread: threads are bounded by the pids limit and by memory (an unbounded thread pool exhausts them)',
    fix: (e) => ({
      title: 'Bound the thread pool, then set limits',
      detail: `Give the executor a maximum size; ${
        e.hostConfig.pidsLimit
          ? `the pids limit is ${e.hostConfig.pidsLimit}: raise it only if the thread count is legitimate`
          : 'set a pids limit (`--pids-limit`) and a memory limit so one service cannot take the host down'
      }.`,
    }),
  },
  {
    id: 'fork-failed',
    pattern: /can't fork|cannot fork|fork: retry|fork failed|Resource temporarily unavailable/i,
    title: 'A process could not fork: the container reached its pids limit (zombies count too)',
    fix: (e) => ({
      title: 'Find what holds the PIDs',
      detail: `${
        e.hostConfig.pidsLimit ? `The pids limit is ${e.hostConfig.pidsLimit}. ` : ''
      }Unreaped zombies count against it: run an init (\`--init\` or tini) as PID 1 so orphans are reaped, and bound whatever spawns processes.`,
    }),
  },
  {
    id: 'java-heap',
    pattern: /java\.lang\.OutOfMemoryError: (Java heap space|GC overhead limit exceeded|Metaspace)/,
    title:
      'The JVM ran out of heap: its -Xmx (or MaxRAMPercentage share of the limit) is too small for the load',
    fix: (e) => ({
      title: 'Size the heap from the container limit',
      detail: `Use -XX:MaxRAMPercentage=75 instead of a fixed -Xmx${
        e.hostConfig.memory ? ` (the limit is ${mib(e.hostConfig.memory)})` : ''
      }, or find the leak with -XX:+HeapDumpOnOutOfMemoryError.`,
    }),
  },
  {
    id: 'node-heap',
    pattern: /JavaScript heap out of memory|Reached heap limit/,
    title: "Node's V8 heap reached its limit",
    fix: (e) => ({
      title: 'Raise the heap limit within the container limit, or fix the leak',
      detail: `Set NODE_OPTIONS=--max-old-space-size=<MiB> below the container limit${
        e.hostConfig.memory ? ` (${mib(e.hostConfig.memory)})` : ''
      }; recent Node sizes the heap from the cgroup limit by itself.`,
    }),
  },
  {
    id: 'address-in-use',
    pattern: /address already in use|EADDRINUSE|bind\(\) to .* failed/i,
    title:
      'The program could not listen: the address is already in use (another process in the same network namespace, or a previous instance)',
    fix: () => ({
      title: 'Free the port or change it',
      detail:
        'With --network host or a shared network namespace, another process holds it; otherwise a second server in this container does (a start script launching it twice).',
    }),
  },
  {
    id: 'missing-library',
    pattern:
      /error while loading shared libraries|cannot open shared object file|Error loading shared library/i,
    title: 'A shared library the program needs is not in the image',
    fix: () => ({
      title: 'Install the library in the final stage',
      detail:
        'Multi-stage builds often copy a binary without its libraries; install the package in the runtime stage, or build statically (musl vs glibc mismatch is common with Alpine).',
    }),
  },
  {
    id: 'permission-denied',
    pattern: /permission denied|EACCES/i,
    title: 'The program was refused access to a file, directory or port',
    fix: (e) => ({
      title: 'Check ownership and the user it runs as',
      detail: `It runs as ${e.config.user || e.image?.user || 'root'}; a volume's owner, a file without the x bit (use \`COPY --chmod=755\`) or a port below 1024 for a non-root user all give this.`,
    }),
  },
  {
    id: 'segfault',
    pattern: /segmentation fault|SIGSEGV|core dumped/i,
    title: 'The program crashed (segmentation fault)',
    fix: () => ({
      title: 'Find the crashing code',
      detail:
        'Native extensions and libraries built for another libc are the usual suspects; run it with core dumps enabled (`--ulimit core=-1`).',
    }),
  },
];

const MAX_LINE = 300;

/** The hints the log tail supports, most specific first, each once. */
export function logHints(e: ExplainEvidence, lines: LogLine[] = e.logs.lines): LogHint[] {
  const out: LogHint[] = [];
  for (const rule of rules) {
    // The most recent matching line is the one closest to the death.
    for (let i = lines.length - 1; i >= 0; i--) {
      const text = lines[i].text;
      if (!rule.pattern.test(text)) continue;
      out.push({
        id: rule.id,
        line: text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}…` : text,
        title: rule.title,
        fix: rule.fix(e),
      });
      break;
    }
  }
  return out;
}
