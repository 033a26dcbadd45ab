// Views, grouping, badges, PID 1 judgement, the memory swap rule and Dockerfile lookup,
// on inspect responses captured from the real daemon (20.10).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  computeBadges,
  describeState,
  findDockerfileCandidates,
  groupContainers,
  parseMemory,
  planMemoryUpdate,
  viewFromInspect,
  type ContainerView,
  type InspectLike,
} from './index';
import { judgePid1FromConfig, judgePid1Measured, judgePid1OfView } from './pid1';

const load = (name: string): InspectLike =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as InspectLike;

describe('viewFromInspect', () => {
  test('a running container with --init and limits', () => {
    const v = viewFromInspect(load('inspect-running-init-limited'));
    assert.equal(v.running, true);
    assert.equal(v.init, true);
    assert.equal(v.memoryBytes, 64 * 1024 * 1024);
    assert.equal(v.memorySwapBytes, 128 * 1024 * 1024);
    assert.equal(v.exitCode, undefined);
    assert.match(describeState(v, v.startedAtMs! + 125_000), /^up 2m$/);
    assert.deepEqual(computeBadges(v, { pid1: judgePid1OfView(v) }), []);
  });
  test('an exited compose container without limits: exit code, project, badges', () => {
    const v = viewFromInspect(load('inspect-exited-compose'));
    assert.equal(v.running, false);
    assert.equal(v.exitCode, 3);
    assert.equal(v.composeProject, 'shop');
    assert.equal(v.init, false);
    assert.match(describeState(v, v.finishedAtMs! + 7_200_000), /^exited 3 \(2h 0m ago\)$/);
    const kinds = computeBadges(v, { pid1: judgePid1OfView(v) }).map((b) => b.kind);
    assert.deepEqual(kinds, ['pid1-sigterm', 'no-memory-limit']);
  });
});

const view = (over: Partial<ContainerView>): ContainerView => ({
  ...viewFromInspect(load('inspect-exited-compose')),
  composeProject: undefined,
  ...over,
});

describe('groupContainers', () => {
  test('running first, grouped by compose project, loose containers last among peers', () => {
    const groups = groupContainers([
      view({ name: 'old', running: false }),
      view({ name: 'shop-db', composeProject: 'shop', running: false }),
      view({ name: 'shop-web', composeProject: 'shop', running: true }),
      view({ name: 'api', running: true }),
      view({ name: 'zeta-job', composeProject: 'zeta', running: false }),
    ]);
    assert.deepEqual(
      groups.map((g) => [g.project, g.containers.map((c) => c.name)]),
      [
        ['shop', ['shop-web', 'shop-db']],
        [undefined, ['api', 'old']],
        ['zeta', ['zeta-job']],
      ],
    );
  });
});

describe('badges', () => {
  test('zombies, restarts and OOM carry their source in the tooltip', () => {
    const badges = computeBadges(view({ restartCount: 3, oomKilled: true, memoryBytes: 1 << 30 }), {
      zombies: { count: 5, source: 'host /proc' },
      oomEventsSeen: 1,
    });
    assert.deepEqual(
      badges.map((b) => b.label),
      ['5 zombies', '3 restarts', 'OOM'],
    );
    assert.match(badges[0].tooltip, /host \/proc/);
    assert.match(badges[2].tooltip, /sticky/);
    assert.match(badges[2].tooltip, /1 oom event/);
  });
});

describe('PID 1 judgement', () => {
  test('from config', () => {
    assert.equal(judgePid1FromConfig({ Cmd: ['npm', 'start'] }, false).reaps, 'no');
    assert.equal(judgePid1FromConfig({ Cmd: ['npm', 'start'] }, true).reaps, 'yes');
    const tini = judgePid1FromConfig(
      { Entrypoint: ['/usr/bin/tini', '--'], Cmd: ['node', 'x.js'] },
      null,
    );
    assert.deepEqual([tini.program, tini.handlesSigterm, tini.reaps], ['tini', 'yes', 'yes']);
    const java = judgePid1FromConfig({ Cmd: ['java', '-jar', 'app.jar'] }, false);
    assert.deepEqual([java.handlesSigterm, java.reaps], ['yes', 'no']);
    const shell = judgePid1FromConfig({ Cmd: ['/bin/sh', '-c', 'node server.js'] }, false, {
      image: 'node:20-bookworm',
    });
    assert.equal(shell.handlesSigterm, 'no');
    assert.match(shell.reason, /dash/);
    // Image unknown: dash stays, bash and ash exec node; both end in SIGKILL.
    const either = judgePid1FromConfig({ Cmd: ['/bin/sh', '-c', 'node server.js'] }, false);
    assert.equal(either.handlesSigterm, 'no');
    assert.match(either.reason, /Either way/);
    assert.equal(judgePid1FromConfig({ Cmd: ['/app/server'] }, false).handlesSigterm, 'unknown');
  });
  test('measured SigCgt overrides the table', () => {
    // Measured 2026-12-03 on the lab's Debian image (dash): both have TERM in SigCgt; the
    // trap with a foreground `sleep 1000` ran only after the grace period (3.7 s, exit 137),
    // the trap in a loop stopped in 0.6 s with exit 0.
    const trappedLoop = judgePid1Measured(
      ['sh', '-c', "trap 'exit 0' TERM; while :; do sleep 0.1; done"],
      { handler: true },
    );
    assert.equal(trappedLoop.handlesSigterm, 'yes');
    assert.equal(trappedLoop.basis, 'host-proc');
    const trappedForeground = judgePid1Measured(['sh', '-c', "trap 'exit 0' TERM; sleep 1000"], {
      handler: true,
    });
    assert.equal(trappedForeground.handlesSigterm, 'no');
    const unknownProgram = judgePid1Measured(['/app/server'], { handler: false });
    assert.equal(unknownProgram.handlesSigterm, 'no');
    assert.match(unknownProgram.sigtermEvidence ?? '', /SigCgt/);
    // tini: no handler in SigCgt, but waiting in sigtimedwait (measured: stops in 0.1 s).
    const tini = judgePid1Measured(['/sbin/tini', '--', 'sleep', '1000'], {
      handler: false,
      blocked: false,
      inSigwait: true,
    });
    assert.equal(tini.handlesSigterm, 'yes');
    assert.match(tini.sigtermEvidence ?? '', /sigtimedwait/);
    // Caught between two waits: the table still knows tini takes signals.
    const between = judgePid1Measured(['/sbin/tini', '--', 'sleep', '1000'], { handler: false });
    assert.equal(between.handlesSigterm, 'yes');
    const blocked = judgePid1Measured(['/app/server'], { handler: false, blocked: true });
    assert.equal(blocked.handlesSigterm, 'yes');
    assert.match(
      computeBadges(view({ running: true }), { pid1: unknownProgram }).find(
        (b) => b.kind === 'pid1-sigterm',
      )?.tooltip ?? '',
      /no SIGTERM handler installed/,
    );
  });
});

describe('memory update: the swap rule', () => {
  const MiB = 1024 * 1024;
  test('parses docker memory syntax', () => {
    assert.equal(parseMemory('512m'), 512 * MiB);
    assert.equal(parseMemory('2g'), 2048 * MiB);
    assert.equal(parseMemory('1.5G'), 1536 * MiB);
    assert.equal(parseMemory('2048MiB'), 2048 * MiB);
    assert.equal(parseMemory('lots'), undefined);
  });
  test('a limit above an existing memory-swap is refused unless swap is chosen too', () => {
    const current = { memoryBytes: 64 * MiB, memorySwapBytes: 128 * MiB };
    const keep = planMemoryUpdate(current, 256 * MiB, { kind: 'keep' });
    assert.equal(keep.ok, false);
    assert.match(keep.ok ? '' : keep.reason, /memory\+swap/);
    const both = planMemoryUpdate(current, 256 * MiB, { kind: 'no-swap' });
    assert.deepEqual(both.ok && [both.Memory, both.MemorySwap], [256 * MiB, 256 * MiB]);
    const unlimited = planMemoryUpdate(current, 2048 * MiB, { kind: 'unlimited' });
    assert.deepEqual(unlimited.ok && unlimited.MemorySwap, -1);
    assert.equal(planMemoryUpdate(current, 100 * MiB, { kind: 'keep' }).ok, true);
  });
  test('minimum and swap below memory', () => {
    const none = { memoryBytes: 0, memorySwapBytes: 0 };
    assert.equal(planMemoryUpdate(none, 4 * MiB, { kind: 'no-swap' }).ok, false);
    assert.equal(planMemoryUpdate(none, 64 * MiB, { kind: 'bytes', bytes: 32 * MiB }).ok, false);
  });
});

describe('findDockerfileCandidates', () => {
  const files: Record<string, string> = {
    '/w/shop/compose.yaml':
      'services:\n  web:\n    build:\n      context: ./web\n      dockerfile: Dockerfile.prod\n  db:\n    image: postgres\n',
    '/w/shop/web/Dockerfile.prod': 'FROM node',
    '/w/api/Dockerfile': 'FROM python',
  };
  const lookup = {
    readText: (p: string) => files[p],
    exists: (p: string) => p in files,
    workspaceFolders: ['/w/shop', '/w/api'],
  };
  test('compose labels: working dir + config file + service build context', () => {
    const c = findDockerfileCandidates(
      {
        'com.docker.compose.project.working_dir': '/w/shop',
        'com.docker.compose.project.config_files': 'compose.yaml',
        'com.docker.compose.service': 'web',
      },
      lookup,
    );
    assert.deepEqual(
      c.map((x) => x.path),
      ['/w/shop/web/Dockerfile.prod'],
    );
  });
  test('an image-only service has no Dockerfile', () => {
    const c = findDockerfileCandidates(
      {
        'com.docker.compose.project.working_dir': '/w/shop',
        'com.docker.compose.project.config_files': '/w/shop/compose.yaml',
        'com.docker.compose.service': 'db',
      },
      lookup,
    );
    assert.deepEqual(c, []);
  });
  test('org.opencontainers.image.source naming a workspace folder', () => {
    const c = findDockerfileCandidates(
      { 'org.opencontainers.image.source': 'https://github.com/acme/api.git' },
      lookup,
    );
    assert.deepEqual(
      c.map((x) => x.path),
      ['/w/api/Dockerfile'],
    );
  });
});

describe('heap against the limit (inspect captured from the lab engine)', () => {
  const captured = (name: string): InspectLike => {
    const raw = JSON.parse(
      readFileSync(join(__dirname, '..', 'memory', 'fixtures', `${name}.json`), 'utf8'),
    ) as InspectLike;
    return { ...raw, State: { Status: 'running', Running: true, Pid: 1 } };
  };
  test('a JVM heap above the limit gets a badge naming both numbers and the fix', () => {
    const v = viewFromInspect(captured('inspect-java-heap-over-limit'));
    const badge = computeBadges(v).find((b) => b.kind === 'heap-over-limit');
    assert.equal(badge?.label, 'heap above limit');
    assert.match(badge?.tooltip ?? '', /exit 137/);
    assert.match(badge?.tooltip ?? '', /Fix: set /);
  });
  test('no heap cap above the limit: no badge', () => {
    const v = viewFromInspect(captured('inspect-node-options-no-limit'));
    assert.equal(
      computeBadges(v).find((b) => b.kind === 'heap-over-limit'),
      undefined,
    );
  });
});
