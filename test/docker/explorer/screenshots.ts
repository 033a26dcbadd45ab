// Screenshot of the container explorer in the real workbench (code-server + Chromium)
// for the README: a compose project whose web container's PID 1 never reaps (zombies,
// expanded), a worker under tini, and an exited container.
//   node scripts/build.mjs && node --import tsx test/docker/explorer/screenshots.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { launchChromium, root, Scratch, startCodeServer, workbenchUrl } from '../../vscode/harness';
import { busyboxImage, labDocker } from '../lab';

const SHOT_LABEL = 'org.container-doctor.explorer-shot';

async function cleanup(): Promise<void> {
  const d = labDocker();
  const list = await d.listContainers({ all: true, filters: { label: [SHOT_LABEL] } });
  await Promise.all(
    list.map((c) =>
      d
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}

async function run(create: Docker.ContainerCreateOptions, start = true): Promise<Docker.Container> {
  const c = await labDocker().createContainer({
    ...create,
    Labels: { ...(create.Labels ?? {}), [SHOT_LABEL]: '1' },
  });
  if (start) await c.start();
  return c;
}

async function main(): Promise<void> {
  const scratch = new Scratch('cdoc-explorer-shots-');
  try {
    await cleanup();
    const image = await busyboxImage();
    const folder = scratch.path('shop');
    writeFileSync(
      join(folder, 'compose.yaml'),
      'services:\n  web:\n    build: .\n  worker:\n    build: .\n',
    );
    writeFileSync(join(folder, 'Dockerfile'), `FROM ${image}\nCMD ["sleep", "100000"]\n`);
    const compose = (service: string): Record<string, string> => ({
      'com.docker.compose.project': 'shop',
      'com.docker.compose.service': service,
      'com.docker.compose.project.working_dir': folder,
      'com.docker.compose.project.config_files': join(folder, 'compose.yaml'),
    });
    await run({
      name: 'shop-web-1',
      Image: image,
      Cmd: [
        'sh',
        '-c',
        'for i in 1 2 3 4 5; do (sleep 0.2 &); done; sleep 100000 & exec sleep 100000',
      ],
      Labels: compose('web'),
    });
    await run({
      name: 'shop-worker-1',
      Image: image,
      Entrypoint: ['/sbin/tini', '--'],
      Cmd: ['sleep', '100000'],
      Labels: compose('worker'),
      HostConfig: { Memory: 256 * 1024 * 1024, MemorySwap: 256 * 1024 * 1024 },
    });
    const job = await run({ name: 'nightly-report', Image: image, Cmd: ['sh', '-c', 'exit 3'] });
    await job.wait();
    await new Promise((r) => setTimeout(r, 800));

    const server = await startCodeServer({ scratch, onOutput: () => undefined });
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
    // A wider sidebar, so descriptions (state, badges) are readable: drag its edge.
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
    const web = page.locator('.monaco-list-row').filter({ hasText: 'shop-web-1' }).first();
    await web.waitFor({ timeout: 30_000 });
    await web.click();
    await page.keyboard.press('ArrowRight');
    await page
      .locator('.monaco-list-row')
      .filter({ hasText: 'unreaped' })
      .first()
      .waitFor({ timeout: 30_000 });
    const label = web.locator('.label-name').first();
    const lb = await label.boundingBox();
    if (lb) {
      await page.mouse.move(lb.x + 5, lb.y + lb.height / 2);
      await page.mouse.move(lb.x + 20, lb.y + lb.height / 2, { steps: 5 });
    }
    await page
      .locator('.monaco-hover, .workbench-hover')
      .first()
      .waitFor({ state: 'visible', timeout: 8_000 })
      .catch(() => console.log('(no hover appeared)'));
    await page.waitForTimeout(1000);
    mkdirSync(join(root, 'media'), { recursive: true });
    await page.screenshot({ path: join(root, 'media', 'explorer.png') });
    console.log('explorer screenshot: media/explorer.png');
    await context.close();
  } finally {
    await cleanup();
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
