// Screenshot of the explorer's Swarm section in the real workbench (code-server + Chromium)
// for the README: a stack "shop" on the lab's swarm manager with a web service (2 replicas
// running), a worker OOM-killed by its memory limit, and a job whose task exited 3.
//   node scripts/build.mjs && node --import tsx test/docker/swarm/screenshots.ts
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, root, Scratch, startCodeServer, workbenchUrl } from '../../vscode/harness';
import {
  SWARM_SOCKET,
  SWARM_TEST_LABEL,
  removeService,
  requireSwarm,
  shTask,
  swarmBusybox,
} from './swarm-lab';

const MiB = 1024 * 1024;

async function main(): Promise<void> {
  const scratch = new Scratch('cdoc-swarm-shots-');
  const swarm = await requireSwarm();
  const ids: string[] = [];
  try {
    const image = await swarmBusybox(swarm);
    const create = async (
      name: string,
      template: Record<string, unknown>,
      replicas = 1,
    ): Promise<void> => {
      const r = (await swarm.createService({
        Name: `shop_${name}`,
        Labels: { 'com.docker.stack.namespace': 'shop', [SWARM_TEST_LABEL]: '1' },
        TaskTemplate: { RestartPolicy: { Condition: 'none' }, ...template },
        Mode: { Replicated: { Replicas: replicas } },
      } as never)) as { id?: string; ID?: string };
      ids.push((r.id ?? r.ID)!);
    };
    await create('web', shTask(image, 'sleep 100000'), 2);
    await create('worker', {
      ...shTask(image, 'x=a; while :; do x=$x$x; done'),
      Resources: { Limits: { MemoryBytes: 16 * MiB } },
    });
    await create('report', shTask(image, 'echo "cannot reach db" >&2; exit 3'));
    await new Promise((r) => setTimeout(r, 12_000));

    const folder = scratch.path('shop');
    mkdirSync(folder, { recursive: true });
    const server = await startCodeServer({
      scratch,
      onOutput: () => undefined,
      env: { DOCKER_HOST: `unix://${SWARM_SOCKET}` },
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
      await page.mouse.move(x + 560, y, { steps: 15 });
      await page.mouse.up();
    }
    // Expand the three services (their tasks), then the worker's task (its container).
    for (const name of ['shop_worker', 'shop_report', 'shop_web']) {
      const row = page.locator('.monaco-list-row').filter({ hasText: name }).first();
      await row.waitFor({ timeout: 30_000 });
      await row.click();
      await page.keyboard.press('ArrowRight');
      await page.waitForTimeout(500);
    }
    // The OOM-killed task's container, with its badges.
    const task = page.locator('.monaco-list-row').filter({ hasText: 'shop_worker.1' }).first();
    await task.click();
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(1500);
    mkdirSync(join(root, 'media'), { recursive: true });
    await page.screenshot({ path: join(root, 'media', 'explorer-swarm.png') });
    console.log('swarm screenshot: media/explorer-swarm.png');
    await context.close();
  } finally {
    for (const id of ids) await removeService(swarm, id);
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
