// Compose rules against real containers. There is no compose CLI on these machines, so the
// test maps the few service keys involved to the Engine API the way compose documents them
// (`init: true` → HostConfig.Init, `mem_limit` / `deploy.resources.limits.memory` →
// HostConfig.Memory, `command` → Cmd) and runs the service's image built from the context.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { analyzeFile } from '../../../src/analysis/index';
import type { FileAnalysis } from '../../../src/analysis/types';
import { hostProcStatus, labDocker, registerLabCleanup } from '../lab';
import { nodeServer } from './apps';
import {
  APP_ROOT,
  applyFix,
  contextOf,
  findingOf,
  labBases,
  programName,
  runApp,
  runningPrograms,
  type AppFiles,
  PROMPT_MS,
} from './harness';
import type Docker from 'dockerode';

registerLabCleanup();

const COMPOSE = 'compose.yaml';

function analyseCompose(files: AppFiles): FileAnalysis {
  return analyzeFile(`${APP_ROOT}/${COMPOSE}`, files[COMPOSE], contextOf(files));
}

interface Service {
  command?: string[] | string;
  init?: boolean;
  mem_limit?: string | number;
  deploy?: { resources?: { limits?: { memory?: string | number } } };
}

/** Compose's `${VAR:?message}` (and `${VAR}`) interpolation, from `env`; throws like compose when required and unset. */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(/\$\{(\w+)(?::\?([^}]*))?\}/g, (_, name: string, message?: string) => {
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (message !== undefined)
      throw new Error(`required variable ${name} is missing a value: ${message}`);
    return '';
  });
}

function bytes(v: string | number): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)([bkmg]?)b?$/i.exec(v.trim());
  assert.ok(m, `memory value ${v}`);
  return Number(m[1]) * 1024 ** ' kmg'.indexOf((m[2] || ' ').toLowerCase());
}

/** The container create options for a service, as compose maps these keys. */
function createOptions(service: Service): Partial<Docker.ContainerCreateOptions> {
  const memory = service.mem_limit ?? service.deploy?.resources?.limits?.memory;
  const command = service.command;
  return {
    ...(command ? { Cmd: typeof command === 'string' ? command.split(/\s+/) : command } : {}),
    HostConfig: {
      ...(service.init ? { Init: true } : {}),
      ...(memory !== undefined ? { Memory: bytes(memory), MemorySwap: bytes(memory) } : {}),
    },
  };
}

function service(files: AppFiles, env: Record<string, string> = {}): Service {
  const doc = parse(interpolate(files[COMPOSE], env)) as { services: Record<string, Service> };
  return doc.services['web'];
}

function app(debian: string, compose: string): AppFiles {
  return {
    Dockerfile: [`FROM ${debian}`, 'COPY server.js /app/server.js', ''].join('\n'),
    'server.js': nodeServer(false),
    [COMPOSE]: compose,
  };
}

/** The memory limit of a running container's cgroup (v1), read on the host. */
async function cgroupMemoryLimit(id: string): Promise<number> {
  const info = await labDocker().getContainer(id).inspect();
  const pid = info.State.Pid;
  assert.ok(hostProcStatus(pid));
  const line = readFileSync(`/proc/${pid}/cgroup`, 'utf8')
    .split('\n')
    .find((l) => /:memory:/.test(l));
  assert.ok(line, 'no memory cgroup (cgroup v2 host?)');
  const path = line.split(':')[2];
  return Number(readFileSync(`/sys/fs/cgroup/memory${path}/memory.limit_in_bytes`, 'utf8'));
}

describe('compose: compose-node-without-init, compose-no-memory-limit', () => {
  test('a node service without init ignores docker stop; init: true makes it prompt', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const files = app(
      bases.debian,
      ['services:', '  web:', '    build: .', '    command: ["node", "/app/server.js"]', ''].join(
        '\n',
      ),
    );
    const finding = findingOf(analyseCompose(files), 'compose-node-without-init');
    const m = await runApp(files, { create: createOptions(service(files)) });
    assert.equal(programName(m.pid1), 'node');
    assert.equal(m.stop.exitCode, 137);

    const fix = finding.fixes.find((f) => f.preferred) ?? finding.fixes[0];
    assert.ok(fix, 'no fix');
    const after = applyFix(files, fix);
    assert.equal(service(after).init, true, after[COMPOSE]);
    assert.ok(
      !analyseCompose(after).findings.some((f) => f.rule === 'compose-node-without-init'),
      after[COMPOSE],
    );
    const m2 = await runApp(after, { create: createOptions(service(after)) });
    assert.deepEqual(runningPrograms(m2).slice(0, 2), ['docker-init', 'node']);
    assert.equal(m2.stop.exitCode, 143);
    assert.ok(m2.stop.ms < PROMPT_MS);
  });

  test('a service without a memory limit runs unlimited; the fix asks for a value and applies it', async (t) => {
    const bases = await labBases(t);
    if (!bases) return;
    const files = app(
      bases.debian,
      [
        'services:',
        '  web:',
        '    build: .',
        '    init: true',
        '    command: ["node", "/app/server.js"]',
        '',
      ].join('\n'),
    );
    const finding = findingOf(analyseCompose(files), 'compose-no-memory-limit');
    const fix = finding.fixes[0];
    assert.ok(fix, 'no fix');
    const after = applyFix(files, fix);
    // The placeholder is not a number we invented: without a value compose refuses it.
    assert.throws(() => service(after), /required variable \w+ is missing a value/);
    const variable = /\$\{(\w+):\?/.exec(after[COMPOSE])?.[1];
    assert.ok(variable, after[COMPOSE]);
    assert.ok(
      !analyseCompose(after).findings.some((f) => f.rule === 'compose-no-memory-limit'),
      after[COMPOSE],
    );

    // Before: no limit (the kernel's "unlimited", a huge number). After, with 256m chosen: 256 MiB.
    const image = await runApp(files, {
      create: createOptions(service(files)),
      readyText: 'READY',
      inspect: async (c) => {
        assert.ok((await cgroupMemoryLimit(c.id)) > 2 ** 60);
      },
    });
    assert.equal(image.stop.exitCode, 143);
    const chosen = service(after, { [variable]: '256m' });
    await runApp(after, {
      create: createOptions(chosen),
      inspect: async (c) => {
        assert.equal(await cgroupMemoryLimit(c.id), 256 * 1024 * 1024);
      },
    });
  });
});
