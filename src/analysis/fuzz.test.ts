// Fuzz: thousands of random and mutated Dockerfiles per run. No rule and no part of the
// model may throw (strict mode: nothing is swallowed), every fix must apply and re-analyse
// without throwing, and no file may take more than a second (a hang guard, not a
// performance assertion: performance is measured in bench/). The seed is printed on failure;
// FUZZ_SEED=<n> replays a run, FUZZ_RUNS=<n> changes its size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile } from './dockerfile/analyze';
import { applyEdits } from './fixes/apply';
import { parseShell } from '../model/shell/ast';
import { contextOf, loadFixtures } from './testing/fixtures';
import { seededRandom } from './testing/random';

const SEED = Number(process.env.FUZZ_SEED ?? 20261122);
const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);

const images = [
  'node:20',
  'node:20-alpine',
  'python:3.12-slim',
  'debian:12',
  'ubuntu:24.04',
  'alpine',
  'busybox',
  'fedora:40',
  'registry.access.redhat.com/ubi9/ubi-minimal',
  'gcr.io/distroless/nodejs20-debian12',
  'scratch',
  'nginx',
  'redis',
  'postgres:16',
  'eclipse-temurin:8u151-jre',
  'openjdk:7',
  'example.com/x/y:1',
  '${BASE}',
  'base',
  'mcr.microsoft.com/windows/nanoserver',
  'php:8-fpm',
  'httpd',
  '',
  'a:b:c@sha256:00',
  'FROM',
];
const words = [
  'node',
  'server.js',
  'npm',
  'start',
  'yarn',
  'python',
  '-m',
  'gunicorn',
  'java',
  '-jar',
  'app.jar',
  '-Xmx512m',
  '-XX:+UseCGroupMemoryLimitForHeap',
  '--max-old-space-size=4096',
  'tini',
  '--',
  '-g',
  'dumb-init',
  'sh',
  '-c',
  'bash',
  '/start.sh',
  './run.sh',
  'exec',
  '"$@"',
  '$VAR',
  '${X:-y}',
  '&&',
  '||',
  '|',
  ';',
  '&',
  '>',
  '2>&1',
  '<<EOF',
  'EOF',
  "'quoted arg'",
  '"dq $X"',
  '\\',
  '`',
  '(',
  ')',
  '{',
  '}',
  'if',
  'then',
  'fi',
  'while',
  'do',
  'done',
  'trap',
  "'exit 0'",
  'TERM',
  'sleep',
  '1000',
  'wait',
  'kill',
  '#',
  '世界',
  '\t',
  'chromium',
  'puppeteer',
  'apk',
  'add',
  'apt-get',
  'install',
  '[',
  ']',
  '"',
  ',',
  '=',
  'JAVA_OPTS=-Xmx1g',
  'NODE_OPTIONS="--max-old-space-size=1"',
  '/sbin/init',
  'systemd',
];
const keywords = [
  'FROM',
  'RUN',
  'CMD',
  'ENTRYPOINT',
  'SHELL',
  'ENV',
  'ARG',
  'COPY',
  'ADD',
  'USER',
  'WORKDIR',
  'STOPSIGNAL',
  'ONBUILD',
  'HEALTHCHECK',
  'LABEL',
  'EXPOSE',
  'VOLUME',
  'MAINTAINER',
  'cmd',
  'entrypoint',
  'BOGUS',
  '#',
  '# escape=`',
  '# container-doctor-ignore',
  '# syntax=docker/dockerfile:1',
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function randomArgs(r: () => number): string {
  const n = Math.floor(r() * 8);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(pick(r, words));
  if (r() < 0.3) return JSON.stringify(parts);
  if (r() < 0.1) return '[' + parts.map((p) => `"${p}"`).join(',');
  return parts.join(r() < 0.1 ? ' \\\n  ' : ' ');
}

function randomDockerfile(r: () => number): string {
  const lines: string[] = [];
  if (r() < 0.2) lines.push(pick(r, ['# escape=`', '# escape=\\', '# syntax=docker/dockerfile:1']));
  if (r() < 0.3) lines.push('ARG BASE=' + pick(r, images));
  const n = 1 + Math.floor(r() * 14);
  for (let i = 0; i < n; i++) {
    const kw = i === 0 && r() < 0.8 ? 'FROM' : pick(r, keywords);
    if (kw === 'FROM')
      lines.push(
        `FROM ${pick(r, images)}${r() < 0.3 ? ' AS ' + pick(r, ['base', 'build', 'tini', 'x']) : ''}`,
      );
    else if (kw === 'RUN' && r() < 0.2) lines.push('RUN <<EOF\n' + randomArgs(r) + '\nEOF');
    else if (kw === 'STOPSIGNAL')
      lines.push('STOPSIGNAL ' + pick(r, ['SIGINT', '15', 'SIGQUIT', 'RTMIN+3', '', 'bogus']));
    else lines.push(`${kw} ${randomArgs(r)}`);
  }
  const eol = r() < 0.2 ? '\r\n' : '\n';
  return lines.join(eol) + (r() < 0.8 ? eol : '');
}

function mutate(r: () => number, text: string): string {
  let s = text;
  const edits = 1 + Math.floor(r() * 6);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(r() * (s.length + 1));
    const op = r();
    if (op < 0.3) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 10));
    else if (op < 0.6)
      s =
        s.slice(0, at) +
        pick(r, [...words, '\n', '\r\n', '"', '\\\n', '[', ']', '\u0000', '\uffff']) +
        s.slice(at);
    else if (op < 0.8) {
      const lines = s.split('\n');
      const k = Math.floor(r() * lines.length);
      lines.splice(k, 0, lines[Math.floor(r() * lines.length)] ?? '');
      s = lines.join('\n');
    } else s = s.slice(0, at) + String.fromCharCode(Math.floor(r() * 0x3000)) + s.slice(at);
  }
  return s;
}

test(`fuzz: ${RUNS} random and mutated Dockerfiles (seed ${SEED})`, () => {
  const r = seededRandom(SEED);
  const fixtures = loadFixtures();
  // The shell parser loads on its first use (tens of ms, far more on a loaded machine): load
  // it here, so that the hang guard times analyses, not that one-time load.
  parseShell('x && y');
  for (let i = 0; i < RUNS; i++) {
    const fx = pick(r, fixtures);
    const files = { ...fx.files };
    if (r() < 0.3) for (const k of Object.keys(files)) files[k] = mutate(r, files[k]!);
    const text = r() < 0.5 ? randomDockerfile(r) : mutate(r, fx.dockerfile);
    const started = performance.now();
    try {
      const a = analyzeDockerfile('/ctx/Dockerfile', text, contextOf(files), {}, true);
      for (const f of a.findings)
        for (const fix of f.fixes) {
          const fixed = applyEdits(
            text,
            fix.edits.filter((e) => e.path === '/ctx/Dockerfile'),
          );
          analyzeDockerfile('/ctx/Dockerfile', fixed, contextOf(files), {}, true);
        }
    } catch (e) {
      assert.fail(
        `seed ${SEED}, case ${i} threw: ${(e as Error)?.stack ?? String(e)}\n--- input ---\n${text}`,
      );
    }
    const ms = performance.now() - started;
    assert.ok(
      ms < 1000,
      `seed ${SEED}, case ${i} took ${ms.toFixed(0)} ms (hang guard)\n--- input ---\n${text}`,
    );
  }
});
