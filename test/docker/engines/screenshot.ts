// Screenshot of the Containers view with two engines in the real workbench (code-server +
// Chromium) for the README: the lab's second engine as docker context "e2" (a swarm manager
// with a stack "shop" whose report service failed, a compose project and an exited job on it)
// above the host engine, each its own node with its state.
//   node scripts/build.mjs && node --import tsx test/docker/engines/screenshot.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { launchChromium, root, Scratch, startCodeServer, workbenchUrl } from '../../vscode/harness';
import { busyboxImage, labDocker } from '../lab';
import {
  copyImage,
  engine2,
  ENGINE2_SOCKET,
  ENGINES_LABEL,
  removeLabelled,
  requireLabEngines,
  writeDockerConfig,
} from './engines-lab';
import {
  removeService,
  requireSwarm,
  shTask,
  swarmBusybox,
  SWARM_TEST_LABEL,
} from '../swarm/swarm-lab';

async function run(create: Docker.ContainerCreateOptions, start = true): Promise<Docker.Container> {
  const c = await engine2().createContainer({
    ...create,
    Labels: { ...(create.Labels ?? {}), [ENGINES_LABEL]: String(process.pid) },
  });
  if (start) await c.start();
  return c;
}

async function main(): Promise<void> {
  const scratch = new Scratch('cdoc-engines-shot-');
  const services: string[] = [];
  try {
    await requireLabEngines();
    // A swarm stack on e2 (engine2 is the lab's single-node swarm manager).
    const swarm = await requireSwarm();
    const swarmImage = await swarmBusybox(swarm);
    for (const [name, script, replicas] of [
      ['web', 'sleep 100000', 2],
      ['report', 'echo "cannot reach db" >&2; exit 3', 1],
    ] as const) {
      const r = (await swarm.createService({
        Name: `shop_${name}`,
        Labels: { 'com.docker.stack.namespace': 'shop', [SWARM_TEST_LABEL]: '1' },
        TaskTemplate: { RestartPolicy: { Condition: 'none' }, ...shTask(swarmImage, script) },
        Mode: { Replicated: { Replicas: replicas } },
      } as never)) as { id?: string; ID?: string };
      services.push((r.id ?? r.ID)!);
    }
    const image = await busyboxImage();
    await copyImage(labDocker(), engine2(), image);
    const dockerConfig = scratch.path('docker');
    writeDockerConfig(dockerConfig, { e2: `unix://${ENGINE2_SOCKET}` });
    const folder = scratch.path('billing');
    writeFileSync(
      join(folder, 'compose.yaml'),
      'services:\n  api:\n    build: .\n  worker:\n    build: .\n',
    );
    writeFileSync(join(folder, 'Dockerfile'), `FROM ${image}\nCMD ["sleep", "100000"]\n`);
    const compose = (service: string): Record<string, string> => ({
      'com.docker.compose.project': 'billing',
      'com.docker.compose.service': service,
      'com.docker.compose.project.working_dir': folder,
    });
    await run({
      name: 'billing-api-1',
      Image: image,
      Cmd: ['sh', '-c', 'sleep 100000'],
      Labels: compose('api'),
    });
    await run({
      name: 'billing-worker-1',
      Image: image,
      Entrypoint: ['/sbin/tini', '--'],
      Cmd: ['sleep', '100000'],
      Labels: compose('worker'),
      HostConfig: { Memory: 128 * 1024 * 1024, MemorySwap: 128 * 1024 * 1024 },
    });
    const job = await run({ name: 'invoice-export', Image: image, Cmd: ['sh', '-c', 'exit 3'] });
    await job.wait();
    // e2 first, so its containers are in view above the host engine's.
    const settings = scratch.path('user-data', 'User');
    writeFileSync(
      join(settings, 'settings.json'),
      JSON.stringify({ 'containerDoctor.engines': ['e2', 'default'] }),
    );

    const server = await startCodeServer({
      scratch,
      onOutput: () => undefined,
      env: { DOCKER_CONFIG: dockerConfig },
    });
    const context = await launchChromium(scratch);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1500, height: 820 });
    await page.goto(workbenchUrl(server, folder, { extensionDevelopmentPath: root }));
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1500);
    await page
      .locator('.activitybar .action-item a[aria-label^="Container Doctor"]')
      .first()
      .click();
    const sidebar = await page.locator('.part.sidebar').boundingBox();
    if (sidebar) {
      const x = sidebar.x + sidebar.width - 1;
      const y = sidebar.y + sidebar.height / 2;
      await page.mouse.move(x, y);
      await page.waitForTimeout(300);
      await page.mouse.down();
      await page.mouse.move(x + 300, y, { steps: 15 });
      await page.mouse.move(x + 460, y, { steps: 15 });
      await page.mouse.up();
    }
    await page
      .locator('.monaco-list-row')
      .filter({ hasText: 'invoice-export' })
      .first()
      .waitFor({ timeout: 60_000 });
    // The stack "shop" open: its services with replicas and the failed job's state.
    const stack = page.locator('.monaco-list-row').filter({ hasText: /^shop/ }).first();
    await stack.waitFor({ timeout: 60_000 });
    await stack.click();
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(800);
    const host = page.locator('.monaco-list-row').filter({ hasText: 'current' }).first();
    await host.waitFor({ timeout: 60_000 });
    // Open the failing service too: its task exited 3. Then move the pointer and the focus
    // out of the tree, so no tooltip covers it.
    const report = page.locator('.monaco-list-row').filter({ hasText: 'shop_report' }).first();
    await report.waitFor({ timeout: 60_000 });
    await report.click();
    await page.keyboard.press('ArrowRight');
    await page.mouse.move(1200, 700);
    await page
      .locator('.part.editor')
      .first()
      .click({ position: { x: 400, y: 100 } });
    await page.waitForTimeout(1500);
    mkdirSync(join(root, 'media'), { recursive: true });
    await page.screenshot({ path: join(root, 'media', 'explorer-engines.png') });
    console.log('screenshot: media/explorer-engines.png');
    await context.close();
    await server.stop();
  } finally {
    for (const id of services) await removeService(engine2(), id);
    await removeLabelled(engine2());
    await scratch.cleanup();
  }
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
