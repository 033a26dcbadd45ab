import { ruleTester } from './tester';
import { shellPid1 } from './shell-pid1';

ruleTester(shellPid1, {
  valid: [
    { name: 'exec form', code: 'FROM debian:12\nCMD ["sleep", "1000"]\n' },
    {
      name: 'bash execs a single simple command (RHEL family)',
      code: 'FROM fedora:40\nCMD java -jar app.jar\n',
    },
    {
      name: 'BusyBox ash execs the last command, redirect included',
      code: 'FROM alpine:3.20\nCMD cd /app && node x.js > /dev/null\n',
    },
    { name: 'exec already there', code: 'FROM debian:12\nCMD cd /app && exec node x.js\n' },
    {
      name: 'BusyBox ash execs the last command of a { } group (measured)',
      code: 'FROM alpine:3.20\nCMD { echo starting; node x.js; }\n',
    },
    {
      name: 'BusyBox ash execs the last command of a ( ) subshell (measured)',
      code: 'FROM busybox:1.36\nCMD (cd /app; httpd -f)\n',
    },
    {
      name: 'exec inside a { } group replaces dash (measured)',
      code: 'FROM debian:12\nCMD { echo starting; exec node x.js; }\n',
    },
    {
      name: 'sh -c with exec',
      code: 'FROM debian:12\nENTRYPOINT ["sh", "-c", "exec node x.js"]\n',
    },
    {
      name: 'behind tini the shell is not PID 1',
      code: 'FROM debian:12\nENTRYPOINT ["tini", "--"]\nCMD node x.js | tee log\n',
    },
    {
      name: 'trap + loop handles TERM (measured)',
      code: `FROM debian:12\nCMD ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 0.1; done"]\n`,
    },
    {
      name: 'Windows image',
      code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD node x.js\n',
    },
    {
      name: 'suppressed',
      code: 'FROM debian:12\n# container-doctor-ignore shell-pid1\nCMD node x.js\n',
    },
    {
      name: "hadolint's DL3025 (use JSON notation for CMD) above the instruction",
      code: 'FROM debian:12\n# hadolint ignore=DL3008,DL3025\nCMD node x.js\n',
    },
    {
      name: "hadolint's global ignore of DL3025",
      code: '# hadolint global ignore=DL3025\nFROM debian:12\nCMD node x.js\n',
    },
    {
      name: "BuildKit's check=skip=JSONArgsRecommended parser directive",
      code: '# syntax=docker/dockerfile:1\n# check=skip=JSONArgsRecommended\nFROM debian:12\nCMD node x.js\n',
    },
    {
      name: "BuildKit's check=skip=all, with error=true beside it",
      code: '# check=skip=all;error=true\nFROM debian:12\nCMD node x.js\n',
    },
    {
      name: 'HEALTHCHECK CMD is run by the engine beside PID 1, never as PID 1',
      code: 'FROM debian:12\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nCMD ["nginx", "-g", "daemon off;"]\n',
    },
  ],
  invalid: [
    {
      name: 'dash stays for a { } group: exec inside the group',
      code: 'FROM debian:12\nCMD { echo starting; node x.js; }\n',
      errors: [
        { message: 'does not exec the last command inside a `{ }` group', severity: 'warning' },
      ],
      fix: 'Add exec',
      output: 'FROM debian:12\nCMD { echo starting; exec node x.js; }\n',
    },
    {
      name: 'bash stays for a ( ) subshell; exec inside it would replace only the fork: no fix',
      code: 'FROM fedora:40\nCMD (cd /app; node x.js)\n',
      errors: [{ message: 'does not exec the last command inside a `( )` subshell' }],
      output: null,
    },
    {
      name: 'dash stays for an if',
      code: 'FROM debian:12\nCMD if [ -f /x ]; then node a.js; else node b.js; fi\n',
      errors: [{ message: 'inside an `if`' }],
    },
    {
      name: 'unknown base: dash would stay, bash/ash would exec → information',
      code: 'FROM example.com/base\nCMD node x.js\n',
      errors: [{ message: 'depends on example.com/base', severity: 'info' }],
      output: 'FROM example.com/base\nCMD ["node", "x.js"]\n',
    },
    {
      name: 'dash keeps the shell: exec form',
      code: 'FROM node:20\nWORKDIR /app\n# start it\nCMD node server.js --port 3000\n',
      errors: [{ message: 'dash, which never execs', severity: 'warning', line: 4 }],
      fix: 'Use exec form',
      output:
        'FROM node:20\nWORKDIR /app\n# start it\nCMD ["node", "server.js", "--port", "3000"]\n',
    },
    {
      name: 'JSON escaping of quoted words',
      code: `FROM debian:12\nCMD printf 'a "b" \\\\ c'\n`,
      errors: [{}],
      fix: 'Use exec form',
      output: 'FROM debian:12\nCMD ["printf", "a \\"b\\" \\\\\\\\ c"]\n',
    },
    {
      name: 'variables and && keep their shell: add exec',
      code: 'FROM debian:12\nCMD cd /app && java $JAVA_OPTS -jar app.jar\n',
      errors: [{ message: 'java' }],
      output: 'FROM debian:12\nCMD cd /app && exec java $JAVA_OPTS -jar app.jar\n',
    },
    {
      name: 'bash keeps the shell with a redirection: add exec',
      code: 'FROM fedora:40\nCMD java -jar app.jar >> /var/log/app.log 2>&1\n',
      errors: [{ message: 'redirection' }],
      output: 'FROM fedora:40\nCMD exec java -jar app.jar >> /var/log/app.log 2>&1\n',
    },
    {
      name: 'exec-form sh -c without exec: add exec inside the JSON string',
      code: 'FROM debian:12\nENTRYPOINT ["sh", "-c", "cd /app && node \\"x y.js\\""]\n',
      errors: [{}],
      output: 'FROM debian:12\nENTRYPOINT ["sh", "-c", "cd /app && exec node \\"x y.js\\""]\n',
    },
    {
      name: 'continuation lines keep their comment (add exec, not exec form)',
      code: 'FROM debian:12\nCMD cd /app && \\\n# go\n  ./run --fast\n',
      errors: [{}],
      output: 'FROM debian:12\nCMD cd /app && \\\n# go\n  exec ./run --fast\n',
    },
    {
      name: 'shell form ENTRYPOINT with a CMD: exec form would change the pairing',
      code: 'FROM debian:12\nENTRYPOINT node server.js\nCMD ["--debug"]\n',
      errors: [{}],
      fix: 'Add exec',
      output: 'FROM debian:12\nENTRYPOINT exec node server.js\nCMD ["--debug"]\n',
    },
    {
      name: 'pipelines stay in every family: tini -g signals the whole group (measured)',
      code: 'FROM debian:12\nUSER app\nCMD ./server | tee /tmp/log\n',
      errors: [{ message: '`tini -g` signals the whole process group' }],
      fix: 'Add tini -g',
      output:
        'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*\nUSER app\nENTRYPOINT ["/usr/bin/tini", "-g", "--"]\nCMD ./server | tee /tmp/log\n',
    },
    {
      name: 'a trap keeps the shell under tini too: no fix, advice',
      code: "FROM debian:12\nCMD trap 'echo bye' TERM; ./server\n",
      errors: [{ message: 'An init in front does not help' }],
      output: null,
    },
    {
      name: 'dash with an assignment: X=1 exec keeps X in the environment (measured)',
      code: 'FROM debian:12\nCMD X=1 /app/serve.sh\n',
      errors: [{ message: 'dash' }],
      output: 'FROM debian:12\nCMD X=1 exec /app/serve.sh\n',
    },
    {
      name: 'SHELL form pipeline stays (bash -o pipefail)',
      code: 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD ./server | tee log\n',
      errors: [{ message: 'pipeline' }],
    },
    {
      name: 'CRLF file: edit keeps CRLF around it',
      code: 'FROM debian:12\r\nCMD node server.js\r\n',
      errors: [{}],
      fix: 'Use exec form',
      output: 'FROM debian:12\r\nCMD ["node", "server.js"]\r\n',
    },
    {
      name: 'a hadolint code that is not DL3025 does not hide it',
      code: 'FROM debian:12\n# hadolint ignore=DL3008\nCMD node x.js\n',
      errors: [{}],
    },
    {
      name: 'check= after a comment is no parser directive (BuildKit ignores it)',
      code: '# my image\n# check=skip=JSONArgsRecommended\nFROM debian:12\nCMD node x.js\n',
      errors: [{}],
    },
    {
      name: 'BuildKit check names are case-sensitive',
      code: '# check=skip=jsonargsrecommended\nFROM debian:12\nCMD node x.js\n',
      errors: [{}],
    },
    {
      name: 'HEALTHCHECK CMD in shell form beside a shell-form CMD: only the CMD is reported',
      code: 'FROM debian:12\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nCMD node x.js\n',
      errors: [{ line: 3 }],
    },
    {
      name: 'suppression of another rule does not hide this one',
      code: 'FROM debian:12\n# container-doctor-ignore pid1-no-reaper\nCMD node x.js\n',
      errors: [{}],
    },
  ],
});
