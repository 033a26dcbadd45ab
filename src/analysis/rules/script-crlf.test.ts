import { ruleTester } from './tester';
import { scriptCrlf } from './script-crlf';

const crlf = (s: string): string => s.replace(/\n/g, '\r\n');
const entry = '#!/bin/sh\nset -e\necho starting\nexec node /app/server.js "$@"\n';

ruleTester(scriptCrlf, {
  valid: [
    {
      name: 'LF script',
      code: 'FROM node:20\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n',
      files: { 'entrypoint.sh': entry },
    },
    {
      name: 'a CRLF Dockerfile with an LF script',
      code: crlf(
        'FROM node:20\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\n',
      ),
      files: { 'entrypoint.sh': entry },
    },
    {
      name: 'a CRLF script that is copied but not run',
      code: 'FROM node:20\nCOPY tools.sh /tools.sh\nCMD ["node", "/app/server.js"]\n',
      files: { 'tools.sh': crlf(entry) },
    },
    {
      name: 'a python script whose body is CRLF but whose shebang line is not: python reads it fine',
      code: 'FROM python:3.12\nCOPY app.py /app/app.py\nCMD ["/app/app.py"]\n',
      files: { 'app.py': '#!/usr/bin/env python3\nimport time\r\ntime.sleep(1)\r\n' },
    },
    {
      name: 'suppressed',
      code: 'FROM node:20\nCOPY entrypoint.sh /entrypoint.sh\n# container-doctor-ignore script-crlf\nENTRYPOINT ["/entrypoint.sh"]\n',
      files: { 'entrypoint.sh': crlf(entry) },
    },
  ],
  invalid: [
    {
      name: 'exec form: the kernel looks for /bin/sh\\r (measured: exit 1)',
      code: 'FROM node:20\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["--port", "3000"]\n',
      files: { 'entrypoint.sh': crlf(entry) },
      errors: [
        {
          message:
            'asks the kernel for the interpreter `/bin/sh\\r`, which does not exist, so the container cannot start (measured in exec form: exit 1',
          severity: 'error',
          line: 3,
        },
      ],
      output:
        'FROM node:20\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["--port", "3000"]\n',
      filesOutput: { 'entrypoint.sh': entry },
    },
    {
      name: 'shell form: /bin/sh -c reports not found (measured: exit 127)',
      code: 'FROM debian:12\nWORKDIR /app\nCOPY start.sh .\nCMD ./start.sh\n',
      files: { 'start.sh': crlf('#!/usr/bin/env bash\nexec sleep 1000\n') },
      errors: [
        {
          message: `makes \`/usr/bin/env\` look for the program \`bash\\r\`, which does not exist, so the container cannot start (measured with \`#!/usr/bin/env bash\`: exit 127, "/usr/bin/env: 'bash\\r': No such file or directory")`,
          severity: 'error',
          line: 4,
        },
      ],
      filesOutput: { 'start.sh': '#!/usr/bin/env bash\nexec sleep 1000\n' },
    },
    {
      name: 'shell form with a /bin/sh shebang: /bin/sh -c reports not found (measured: exit 127)',
      code: 'FROM debian:12\nWORKDIR /app\nCOPY start.sh .\nCMD ./start.sh\n',
      files: { 'start.sh': crlf('#!/bin/sh\nexec sleep 1000\n') },
      errors: [
        {
          message:
            '`/bin/sh\\r`, which does not exist, so the container cannot start (measured through `/bin/sh -c`: exit 127, "start.sh: not found")',
        },
      ],
      filesOutput: { 'start.sh': '#!/bin/sh\nexec sleep 1000\n' },
    },
    {
      name: 'run as sh SCRIPT: each command keeps a trailing carriage return',
      code: 'FROM alpine:3.20\nCOPY run.sh /run.sh\nCMD ["sh", "/run.sh"]\n',
      files: { 'run.sh': crlf('#!/bin/sh\nexec sleep 1000\n') },
      errors: [{ message: "keeps each line's carriage return", severity: 'error' }],
      filesOutput: { 'run.sh': '#!/bin/sh\nexec sleep 1000\n' },
    },
    {
      name: 'a shebang with an option: not claimed as measured',
      code: 'FROM debian:12\nCOPY run.sh /run.sh\nENTRYPOINT ["/run.sh"]\n',
      files: { 'run.sh': crlf('#!/bin/sh -e\nexec sleep 1000\n') },
      errors: [{ message: 'passes `-e\\r` to `/bin/sh` (not measured here' }],
      filesOutput: { 'run.sh': '#!/bin/sh -e\nexec sleep 1000\n' },
    },
    {
      name: 'a python script by its shebang: env looks for python3\\r',
      code: 'FROM python:3.12\nCOPY app.py /app/app.py\nCMD ["/app/app.py"]\n',
      files: { 'app.py': crlf('#!/usr/bin/env python3\nimport time\ntime.sleep(1)\n') },
      errors: [{ message: 'look for the program `python3\\r`', severity: 'error' }],
      filesOutput: { 'app.py': '#!/usr/bin/env python3\nimport time\ntime.sleep(1)\n' },
    },
    {
      name: 'a CRLF script behind tini',
      code: 'FROM debian:12\nCOPY entrypoint.sh /entrypoint.sh\nENTRYPOINT ["/usr/bin/tini", "--", "/entrypoint.sh"]\n',
      files: { 'entrypoint.sh': crlf(entry) },
      errors: [{ message: 'the container cannot start. Convert', severity: 'error' }],
      filesOutput: { 'entrypoint.sh': entry },
    },
  ],
});
