import { ruleTester } from './tester';
import { initMisuse } from './init-misuse';

ruleTester(initMisuse, {
  valid: [
    {
      name: 'tini -- node',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache tini\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["node", "server.js"]\n',
    },
    { name: 'no init anywhere', code: 'FROM debian:12\nCMD ["java", "-jar", "a.jar"]\n' },
    {
      name: 'tini -g -- sh -c',
      code: 'FROM debian:12\nRUN apt-get install -y tini\nENTRYPOINT ["tini", "-g", "--"]\nCMD ./a | ./b\n',
    },
    {
      name: 'entrypoint script that execs tini',
      code: 'FROM debian:12\nRUN apt-get install -y tini\nCOPY e.sh /e.sh\nENTRYPOINT ["/e.sh"]\nCMD ["node", "x.js"]\n',
      files: { 'e.sh': '#!/bin/sh\nexec tini -- "$@"\n' },
    },
    {
      name: 'dumb-init used',
      code: 'FROM python:3.12\nRUN pip install dumb-init\nENTRYPOINT ["dumb-init", "--"]\nCMD ["python", "app.py"]\n',
    },
  ],
  invalid: [
    {
      name: 'tini installed, not used: wrap the ENTRYPOINT',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y tini\nENTRYPOINT ["node", "server.js"]\n',
      errors: [{ message: 'tini is installed (/usr/bin/tini) but not used', line: 2 }],
      output:
        'FROM debian:12\nRUN apt-get update && apt-get install -y tini\nENTRYPOINT ["/usr/bin/tini", "--", "node", "server.js"]\n',
    },
    {
      name: 'static tini copied in, not used; CMD only',
      code: 'FROM gcr.io/distroless/base-debian12\nCOPY --from=tools /tini /tini\nCMD ["/app"]\n',
      errors: [{ message: 'not used' }],
      output:
        'FROM gcr.io/distroless/base-debian12\nCOPY --from=tools /tini /tini\nENTRYPOINT ["/tini", "--"]\nCMD ["/app"]\n',
    },
    {
      name: 'tini without --',
      code: 'FROM alpine:3.20\nRUN apk add tini\nENTRYPOINT ["/sbin/tini", "node", "server.js"]\n',
      errors: [{ message: 'without `--`' }],
      output:
        'FROM alpine:3.20\nRUN apk add tini\nENTRYPOINT ["/sbin/tini", "--", "node", "server.js"]\n',
    },
    {
      name: 'tini alone in ENTRYPOINT, program in CMD, no --',
      code: 'FROM alpine:3.20\nRUN apk add tini\nENTRYPOINT ["/sbin/tini"]\nCMD ["node", "server.js"]\n',
      errors: [{ message: 'without `--`', line: 3 }],
      output:
        'FROM alpine:3.20\nRUN apk add tini\nENTRYPOINT ["/sbin/tini", "--"]\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'tini not the first element',
      code: 'FROM debian:12\nRUN apt-get install -y tini\nENTRYPOINT ["sh", "-c", "tini -- node server.js | tee log"]\n',
      errors: [{ message: 'is not PID 1' }],
    },
    {
      name: 'a pipeline under tini: the shell stays as its child (no fix: -g is not one)',
      code: 'FROM debian:12\nRUN apt-get install -y tini\nENTRYPOINT ["tini", "--"]\nCMD ./server | tee /var/log/s.log\n',
      errors: [{ message: '`tini -g` signals the whole process group', severity: 'warning' }],
      output: null,
    },
    {
      name: 'tini -- sh -c "uvicorn … $PORT": add exec inside the string',
      code: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y tini\nENTRYPOINT ["tini", "--"]\nCMD ["sh", "-c", "uvicorn app:app --port $PORT"]\n',
      errors: [{ message: "tini's child is a shell that stays" }],
      output:
        'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y tini\nENTRYPOINT ["tini", "--"]\nCMD ["sh", "-c", "exec uvicorn app:app --port $PORT"]\n',
    },
    {
      name: 'tini -- script without exec: add exec in the script',
      code: 'FROM debian:12\nRUN apt-get install -y tini\nCOPY run.sh /run.sh\nENTRYPOINT ["tini", "--", "/run.sh"]\n',
      files: { 'run.sh': '#!/bin/sh\ncd /app\n./server\n' },
      errors: [{ message: 'run.sh' }],
      filesOutput: { 'run.sh': '#!/bin/sh\ncd /app\nexec ./server\n' },
    },
  ],
});
