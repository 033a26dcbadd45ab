// explain --from a Kubernetes Pod or a List of the Pod and its Events. No API server can run
// on these machines: the fixtures replay documented Kubernetes API shapes (core/v1).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pod } from '../../../test/fixtures/explain/kubernetes/load';
import { classify } from './classify';
import { capturedEvidence } from './captured';
import { kubernetesEvidence, quantityBytes } from './kubernetes';

const dir = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'explain', 'kubernetes');
const explain = (name: string, container?: string) => classify(pod(name, container));

describe('explain --from Kubernetes: replays documented Kubernetes API shapes', () => {
  const cases: [string, string][] = [
    ['oom-crashloop.json', 'oom-killed'],
    ['liveness-probe.json', 'liveness-probe'],
    ['deleted-stop-timeout.json', 'stop-timeout'],
    ['deleted-stopped.json', 'stopped'],
    ['evicted.json', 'evicted'],
    ['image-pull.json', 'image-pull'],
    ['create-config-error.json', 'create-config-error'],
    ['start-error.json', 'command-not-found'],
    ['child-oom.json', 'completed'],
    ['crashloop-error.json', 'app-error'],
    ['completed.json', 'completed'],
  ];
  for (const [file, cause] of cases)
    test(`${file} → ${cause}`, () => assert.equal(explain(file, 'web').cause, cause));

  test('OOMKilled in CrashLoopBackOff: the last termination, the limit, the back-off', () => {
    const x = explain('oom-crashloop.json');
    assert.match(x.summary, /memory limit of 256 MiB/);
    assert.equal(x.restartCount, 5);
    assert.ok(x.evidence.some((e) => /crash-looping/.test(e.detail)));
    assert.ok(x.evidence.some((e) => /waiting: CrashLoopBackOff \(back-off 2m40s/.test(e.detail)));
  });
  test('pod deletion at the end of the grace period: the same fix as docker stop', () => {
    const x = explain('deleted-stop-timeout.json');
    assert.match(x.summary, /ignored SIGTERM for the whole 30 s grace period/);
    assert.equal(x.fixes[0].title, 'Make PID 1 handle SIGTERM');
    assert.match(x.fixes[0].detail, /PID 1 is `node server\.js`/);
  });
  test('OOMKilled with exit 0: a child, and which kernel rule applies', () => {
    const x = explain('child-oom.json');
    assert.ok(x.evidence.some((e) => /PID 1 was not what the OOM killer ended/.test(e.detail)));
    assert.ok(
      x.evidence.some((e) =>
        /Since Kubernetes 1\.28 a cgroup v2 node kills the whole container/.test(e.detail),
      ),
    );
  });
  test('StartError: the runtime message says what is missing', () => {
    assert.match(
      explain('start-error.json').summary,
      /"\/app\/server" does not exist in the image/,
    );
  });
  test('a Pod without its Events says what it could not see', () => {
    const x = explain('oom-crashloop.json');
    assert.ok(
      x.evidence.some((e) => /^the events: not given \(a Pod without its Events\)/.test(e.detail)),
    );
    assert.equal(x.confidence, 'medium');
  });
  test('YAML (kubectl get pod -o yaml) reads as JSON does', () => {
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    const a = capturedEvidence({ inspect: read('oom-crashloop.yaml') });
    const b = capturedEvidence({ inspect: read('oom-crashloop.json') });
    assert.equal(a.kind, 'ok');
    assert.deepEqual(a, b);
  });
  test('several containers: --container is required, and checked', () => {
    const value = JSON.parse(readFileSync(join(dir, 'liveness-probe.json'), 'utf8')) as unknown;
    const none = kubernetesEvidence(value, 'pods.json');
    assert.equal(none.kind, 'invalid');
    assert.match(
      none.kind === 'invalid' ? none.message : '',
      /2 containers \(web, log-shipper\): choose one with --container NAME/,
    );
    const wrong = kubernetesEvidence(value, 'pods.json', 'db');
    assert.match(wrong.kind === 'invalid' ? wrong.message : '', /no container 'db'/);
    assert.equal(classify(pod('liveness-probe.json', 'log-shipper')).cause, 'running');
  });
  test('bad Kubernetes input is a message', () => {
    const bad = (v: unknown) => {
      const r = kubernetesEvidence(v, 'x.json');
      assert.equal(r.kind, 'invalid');
      return r.kind === 'invalid' ? r.message : '';
    };
    assert.match(bad({ kind: 'List', items: [] }), /holds 0 Pods/);
    assert.match(bad({ kind: 'Pod', metadata: { name: 'a' }, status: {} }), /no containerStatuses/);
  });
  test('a log tail beside the Pod (kubectl logs --previous) is read; docker events are refused', () => {
    const inspect = readFileSync(join(dir, 'crashloop-error.json'), 'utf8');
    const logs = "2026-12-01T16:20:02.101Z Error: Cannot find module '/app/config.json'\n";
    const r = capturedEvidence({ inspect, logs });
    assert.equal(r.kind, 'ok');
    if (r.kind !== 'ok') return;
    assert.match(classify(r.evidence).summary, /Cannot find module/);
    const bad = capturedEvidence({ inspect, events: '' });
    assert.match(bad.kind === 'invalid' ? bad.message : '', /--events takes docker events/);
  });
  test('resource quantities', () => {
    assert.equal(quantityBytes('256Mi'), 256 * 1024 * 1024);
    assert.equal(quantityBytes('1G'), 1e9);
    assert.equal(quantityBytes('1.5Gi'), 1.5 * 1024 ** 3);
    assert.equal(quantityBytes(undefined), 0);
    assert.equal(quantityBytes('lots'), 0);
  });
});

describe('explain --from Kubernetes: runtime start messages', () => {
  const dir = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'explain', 'kubernetes');
  /** start-error.json with another terminated reason and message (the runtime's own words). */
  const withStart = (reason: string, message: string, exitCode: number) => {
    const v = JSON.parse(readFileSync(join(dir, 'start-error.json'), 'utf8')) as {
      items?: unknown[];
    } & Record<string, unknown>;
    const podOf = (
      v.kind === 'Pod' ? v : (v.items ?? []).find((i) => (i as { kind?: string }).kind === 'Pod')
    ) as {
      status: {
        containerStatuses: { state: Record<string, unknown>; lastState: Record<string, unknown> }[];
      };
    };
    for (const s of podOf.status.containerStatuses)
      for (const st of [s.state, s.lastState])
        if (st.terminated)
          st.terminated = { ...(st.terminated as object), reason, message, exitCode };
    const r = kubernetesEvidence(v, 'x.json', 'web');
    assert.equal(r.kind, 'ok');
    return r.kind === 'ok' ? classify(r.evidence) : assert.fail();
  };
  test('ContainerCannotRun: exec: "x": executable file not found in $PATH → command-not-found', () => {
    const x = withStart(
      'ContainerCannotRun',
      'OCI runtime create failed: runc create failed: unable to start container process: exec: "npm start": executable file not found in $PATH: unknown',
      127,
    );
    assert.equal(x.cause, 'command-not-found');
    assert.ok(x.evidence.some((e) => /reason ContainerCannotRun/.test(e.detail)));
  });
  test('StartError: permission denied → not-executable', () => {
    const x = withStart(
      'StartError',
      'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/app/run.sh": permission denied: unknown',
      128,
    );
    assert.equal(x.cause, 'not-executable');
  });
  test('terminated.signal is shown beside the exit code', () => {
    const v = JSON.parse(readFileSync(join(dir, 'oom-crashloop.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const s = (
      v.status as { containerStatuses: { lastState: { terminated: Record<string, unknown> } }[] }
    ).containerStatuses[0];
    s.lastState.terminated.signal = 9;
    const r = kubernetesEvidence(v, 'x.json');
    assert.equal(r.kind, 'ok');
    if (r.kind === 'ok')
      assert.ok(
        classify(r.evidence).evidence.some((e) => /exit code 137, signal 9/.test(e.detail)),
      );
  });
});
