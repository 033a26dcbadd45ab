import { ruleTester } from './tester';
import { pid1IgnoresSigterm } from './pid1-ignores-sigterm';

const APT =
  'RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*';

ruleTester(pid1IgnoresSigterm, {
  valid: [
    {
      name: 'tini -- node',
      code: 'FROM node:20\nRUN apt-get update && apt-get install -y tini\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'exec-form nginx (inherited)',
      code: 'FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n',
    },
    {
      name: 'java handles TERM',
      code: 'FROM eclipse-temurin:21\nCMD ["java", "-jar", "/app.jar"]\n',
    },
    {
      name: 'node app with a SIGTERM handler',
      code: 'FROM node:20\nWORKDIR /app\nCOPY server.js .\nCMD ["node", "server.js"]\n',
      files: { 'server.js': "process.on('SIGTERM', () => process.exit(0));\n" },
    },
    {
      name: 'python with STOPSIGNAL SIGINT',
      code: 'FROM python:3.12\nSTOPSIGNAL SIGINT\nCMD ["python", "app.py"]\n',
    },
    { name: 'gunicorn handles TERM', code: 'FROM python:3.12\nCMD ["gunicorn", "app:app"]\n' },
    {
      name: 'a shell left as PID 1 is shell-pid1, not this rule',
      code: 'FROM debian:12\nCMD node x.js\n',
    },
    {
      name: 'script that execs a TERM-handling program',
      code: 'FROM debian:12\nCOPY run.sh /run.sh\nENTRYPOINT ["/run.sh"]\n',
      files: { 'run.sh': '#!/bin/sh\nexec java -jar /app.jar\n' },
    },
    { name: 'unknown program', code: 'FROM debian:12\nCMD ["/app/server"]\n' },
    {
      name: 'interactive default of a base image (bash)',
      code: 'FROM debian:12\nRUN apt-get update\n',
    },
    { name: 'interactive python REPL', code: 'FROM python:3.12\nRUN pip install requests\n' },
    { name: 'interactive shell, exec form', code: 'FROM alpine\nCMD ["sh"]\n' },
  ],
  invalid: [
    {
      name: 'exec-form node on the official image: add tini (wraps the inherited entrypoint)',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n',
      files: { 'server.js': 'require("http").createServer().listen(3000)\n' },
      errors: [
        {
          message: 'node runs as PID 1 and ignores SIGTERM (server.js installs no handler)',
          severity: 'warning',
          line: 5,
        },
      ],
      output: `FROM node:20\nWORKDIR /app\nCOPY . .\n${APT}\nUSER node\nENTRYPOINT ["/usr/bin/tini", "--", "docker-entrypoint.sh"]\nCMD ["node", "server.js"]\n`,
    },
    {
      name: 'exec-form ENTRYPOINT is wrapped, not replaced',
      code: 'FROM alpine:3.20\n# the app\nENTRYPOINT [ "node",  "server.js" ]\n',
      errors: [{ message: 'node' }],
      output:
        'FROM alpine:3.20\nRUN apk add --no-cache tini\n# the app\nENTRYPOINT [ "/sbin/tini", "--", "node",  "server.js" ]\n',
    },
    {
      name: 'python: STOPSIGNAL SIGINT alternative',
      code: 'FROM python:3.12-slim\nCMD ["python", "app.py"]\n',
      errors: [{ message: 'STOPSIGNAL SIGINT' }],
      fix: 'Add STOPSIGNAL',
      output: 'FROM python:3.12-slim\nCMD ["python", "app.py"]\nSTOPSIGNAL SIGINT\n',
    },
    {
      name: 'distroless: static tini from a builder stage',
      code: 'FROM node:20 AS build\nRUN npm ci\nFROM gcr.io/distroless/nodejs20-debian12\nCOPY --from=build /app /app\nCMD ["/app/server.js"]\n',
      errors: [{ message: 'node' }],
      output:
        'FROM node:20 AS build\nRUN npm ci\nFROM debian:bookworm-slim AS tini-static\n' +
        'RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*\n\n' +
        'FROM gcr.io/distroless/nodejs20-debian12\nCOPY --from=build /app /app\n' +
        'COPY --from=tini-static /usr/bin/tini-static /tini\nENTRYPOINT ["/tini", "--", "/nodejs/bin/node"]\nCMD ["/app/server.js"]\n',
    },
    {
      name: 'entrypoint script without exec: add exec to its last line',
      code: 'FROM debian:12\nCOPY start.sh /usr/local/bin/start.sh\nENTRYPOINT ["start.sh"]\n',
      files: { 'start.sh': '#!/bin/sh\nset -e\ncd /app\n./server --port 80\n' },
      errors: [{ message: 'start.sh stays PID 1' }],
      filesOutput: { 'start.sh': '#!/bin/sh\nset -e\ncd /app\nexec ./server --port 80\n' },
    },
    {
      name: 'sleep as PID 1 (measured: full grace period)',
      code: 'FROM debian:12\nCMD ["sleep", "infinity"]\n',
      errors: [{ message: 'sleep runs as PID 1' }],
    },
    {
      name: 'base image unknown: information, not warning',
      code: 'FROM example.com/node-base\nCMD ["node", "server.js"]\n',
      errors: [{ severity: 'info' }],
      output: null,
    },
    {
      name: 'shell-form ENTRYPOINT that bash execs: wrap as tini -- sh -c',
      code: 'FROM fedora:40\nENTRYPOINT node server.js\n',
      errors: [{}],
      output:
        'FROM fedora:40\nRUN dnf install -y tini && dnf clean all\nENTRYPOINT ["/usr/bin/tini", "--", "/bin/sh", "-c", "node server.js"]\n',
    },
  ],
});
