import { ruleTester } from './tester';
import { pid1NoReaper } from './pid1-no-reaper';

const APT =
  'RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*';

ruleTester(pid1NoReaper, {
  valid: [
    {
      name: 'node alone, no child processes expected',
      code: 'FROM node:20\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'npm behind tini',
      code: 'FROM node:20\nRUN apt-get update && apt-get install -y tini\nENTRYPOINT ["tini", "--"]\nCMD ["npm", "start"]\n',
    },
    {
      name: 'bash reaps (domain.md)',
      code: 'FROM debian:12\nRUN apt-get install -y chromium\nCMD ["bash", "-c", "node a.js | tee log"]\n',
    },
    { name: 'nginx reaps its workers', code: 'FROM nginx\n' },
    {
      name: 'sh script PID 1 with background jobs: dash reaps while it waits (measured)',
      code: 'FROM debian:12\nCOPY run.sh /run.sh\nCMD ["/run.sh"]\n',
      files: { 'run.sh': '#!/bin/sh\nworker &\nserver\n' },
    },
  ],
  invalid: [
    {
      name: 'npm as PID 1 (seed 002)',
      code: 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["npm", "start"]\n',
      errors: [
        {
          message: 'npm starts the app through another process layer',
          severity: 'warning',
          line: 4,
        },
      ],
      output: `FROM node:20\nWORKDIR /app\nCOPY . .\n${APT}\nENTRYPOINT ["/usr/bin/tini", "--", "docker-entrypoint.sh"]\nCMD ["npm", "start"]\n`,
    },
    {
      name: 'Puppeteer in package.json, node as PID 1',
      code: 'FROM node:20-slim\nWORKDIR /app\nCOPY package.json .\nRUN npm ci\nCMD ["node", "shot.js"]\n',
      files: { 'package.json': '{"dependencies":{"puppeteer":"^22.0.0"}}' },
      errors: [{ message: 'Chromium/Puppeteer (package.json)' }],
    },
    {
      name: 'Chromium installed with apt',
      code: 'FROM python:3.12\nRUN apt-get update && apt-get install -y chromium\nCMD ["python", "crawl.py"]\n',
      errors: [{ message: 'Chromium/Puppeteer (line 2)' }],
    },
    {
      name: 'entrypoint script that backgrounds work',
      code: 'FROM debian:12\nCOPY run.sh /run.sh\nCMD ["/run.sh"]\n',
      files: { 'run.sh': '#!/bin/sh\nworker &\nexec server\n' },
      errors: [],
    },
    {
      name: 'sh script on an unknown base with background jobs (which sh, so reaping, unknown → info)',
      code: 'FROM example.com/base\nCOPY run.sh /run.sh\nENTRYPOINT ["/run.sh"]\n',
      files: { 'run.sh': '#!/bin/sh\nworker &\nserver\n' },
      errors: [{ message: 'starts background processes', severity: 'info' }],
    },
  ],
});
