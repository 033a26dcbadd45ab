// The explorer's Swarm section in the real extension host, against the lab's swarm manager
// (the second engine, unix:///run/cd-lab/engine2.sock): a stack's services with their
// tasks, the loose service outside it, and Explain Exit on a service whose task exited 3.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { api, busyboxOnEngine2, ENGINE2_SOCKET } from './engine-api';
import { extensionId } from './util';

const SWARM_SOCKET = ENGINE2_SOCKET;

interface Item {
  id?: string;
  label: string;
  description?: string;
  contextValue?: string;
  children?: Item[];
}

/** Tree item ids start with the engine's name (`<engine>/swarm/...`). */
function isId(item: Item, id: string): boolean {
  return item.id === id || (item.id?.endsWith(`/${id}`) ?? false);
}

function find(items: Item[] | undefined, id: string): Item | undefined {
  for (const i of items ?? []) {
    if (isId(i, id)) return i;
    const inner = find(i.children, id);
    if (inner) return inner;
  }
  return undefined;
}

async function waitFor<T>(fn: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('Swarm section (the lab swarm manager)', function () {
  this.timeout(120_000);
  const suffix = randomBytes(4).toString('hex');
  const stack = `swarm-ui-${suffix}`;
  const services: string[] = [];
  const config = () => vscode.workspace.getConfiguration('containerDoctor');

  before(async () => {
    // A lab engine that is missing fails the suite: scripts/lab-services.sh starts it.
    await api(SWARM_SOCKET, 'GET', '/_ping');
    await vscode.extensions.getExtension(extensionId)?.activate();
    const image = await busyboxOnEngine2();
    const create = async (name: string, script: string, labels: Record<string, string>) => {
      const { ID } = await api<{ ID: string }>(SWARM_SOCKET, 'POST', '/services/create', {
        Name: name,
        Labels: { ...labels, 'org.container-doctor.swarm-test': '1' },
        TaskTemplate: {
          ContainerSpec: { Image: image, Command: ['sh', '-c', script] },
          RestartPolicy: { Condition: 'none' },
        },
        Mode: { Replicated: { Replicas: 1 } },
      });
      services.push(ID);
      return ID;
    };
    const inStack = { 'com.docker.stack.namespace': stack };
    await create(`${stack}_web`, 'sleep 600', inStack);
    await create(`${stack}_job`, 'echo "cannot reach db" >&2; exit 3', inStack);
    await config().update(
      'docker.host',
      `unix://${SWARM_SOCKET}`,
      vscode.ConfigurationTarget.Global,
    );
    // The configured engine alone: its sections at the root, as a one-engine user sees them.
    await config().update('engines', 'current', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await config().update('docker.host', undefined, vscode.ConfigurationTarget.Global);
    await config().update('engines', undefined, vscode.ConfigurationTarget.Global);
    for (const id of services)
      await api(SWARM_SOCKET, 'DELETE', `/services/${id}`).catch(() => undefined);
  });

  it('shows the stack with its services and tasks, and explains the failed one', async () => {
    const jobId = services[1]!;
    // The failed task appears through the container events (no polling): wait for it.
    const snap = await waitFor(
      async () => {
        const s = (await vscode.commands.executeCommand('containerDoctor.explorer.snapshot')) as {
          items: Item[];
        };
        const job = find(s.items, `swarm/service/${jobId}`);
        return job?.children?.some((t) => /^failed/.test(t.description ?? '')) ? s : undefined;
      },
      90_000,
      'the failed task of the job service in the Swarm section',
    );
    const section = snap.items.find((i) => isId(i, 'swarm'));
    assert.ok(section, 'a Swarm section at the root');
    assert.ok(snap.items[0] && isId(snap.items[0], 'swarm'), 'first');
    const stackItem = find(section.children, `swarm/stack/${stack}`);
    assert.ok(stackItem, 'the stack groups its services');
    assert.deepEqual(
      stackItem.children?.map((c) => c.label),
      [`${stack}_job`, `${stack}_web`],
    );
    const job = find(stackItem.children, `swarm/service/${jobId}`)!;
    assert.equal(job.contextValue, 'swarmService-failing');
    const task = job.children![0]!;
    assert.match(task.label, new RegExp(`^${stack}_job\\.1 `));
    assert.match(
      task.description ?? '',
      /^failed \(desired shutdown\) · task: non-zero exit \(3\) · node /,
    );
    assert.match(task.contextValue ?? '', /^swarmTask-failed$/);

    const r = (await vscode.commands.executeCommand('containerDoctor.explorer.explainSwarm', {
      kind: 'service',
      serviceId: jobId,
    })) as {
      explanation: { cause: string; exitCode: number; service?: { name: string } };
      markdown: string;
      html: string;
    };
    assert.equal(r.explanation.cause, 'app-error');
    assert.equal(r.explanation.exitCode, 3);
    assert.equal(r.explanation.service?.name, `${stack}_job`);
    assert.match(r.markdown, /task: non-zero exit \(3\)/);
    assert.match(r.markdown, /cannot reach db/);
    assert.match(r.html, new RegExp(`Why service <code>${stack}_job</code>'s task ended`));
    assert.match(r.html, /task: non-zero exit \(3\)/);
  });
});
