// Screenshots of the diagnoses in the real workbench (code-server + Chromium) for the README:
// a container whose docker stop ended in SIGKILL, explained, with its fix linked to the
// workspace Dockerfile through its compose labels; and the host audit.
//   node scripts/build.mjs && node --import tsx test/docker/diagnoses/screenshots.ts
// CDOC_SHOTS_NO_LABELS=1: a container without compose labels (the Dockerfile is then found by
// its CMD matching the image's), and the pictures go to test-results/ instead of media/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, root, Scratch, startCodeServer, workbenchUrl } from '../../vscode/harness';
import { buildImage, busyboxImage } from '../lab';
import { cleanupDiagnoses, runContainer, waitExited } from './scenarios';

async function command(page: Page, title: string): Promise<void> {
  // The palette knows the extension's commands once the extension host has scanned it.
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    try {
      await page
        .locator('.quick-input-list .monaco-list-row')
        .filter({ hasText: title })
        .first()
        .waitFor({ timeout: 5_000 });
      await page.keyboard.press('Enter');
      return;
    } catch (err) {
      await page.keyboard.press('Escape');
      if (attempt >= 8) throw err;
    }
  }
}

const noLabels = process.env.CDOC_SHOTS_NO_LABELS === '1';
const shotsDir = join(root, noLabels ? 'test-results' : 'media');

async function main(): Promise<void> {
  const scratch = new Scratch('cdoc-shots-');
  try {
    const folder = scratch.path('shop');
    const dockerfile = `FROM ${await busyboxImage()}\nWORKDIR /srv\nCMD echo "listening on :8080"; sleep 100000\n`;
    writeFileSync(join(folder, 'Dockerfile'), dockerfile);
    writeFileSync(join(folder, 'compose.yaml'), 'services:\n  web:\n    build: .\n');
    const image = await buildImage({ Dockerfile: dockerfile });
    await cleanupDiagnoses();
    const c = await runContainer({
      Image: image,
      name: 'shop-web-1',
      Labels: noLabels
        ? {}
        : {
            'com.docker.compose.project': 'shop',
            'com.docker.compose.service': 'web',
            'com.docker.compose.project.working_dir': folder,
            'com.docker.compose.project.config_files': join(folder, 'compose.yaml'),
          },
    } as never);
    await new Promise((r) => setTimeout(r, 500));
    await c.stop({ t: 3 });
    await waitExited(c);

    const server = await startCodeServer({ scratch, onOutput: () => undefined });
    const context = await launchChromium(scratch);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(workbenchUrl(server, folder, { extensionDevelopmentPath: root }));
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(2000);
    await command(page, 'Container Doctor: Explain Container Exit');
    const row = page
      .locator('.quick-input-list .monaco-list-row')
      .filter({ hasText: 'shop-web-1' });
    await row.first().waitFor({ timeout: 20_000 });
    await row.first().click();
    const frame = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
    await frame.locator('#cause').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(800);
    mkdirSync(shotsDir, { recursive: true });
    await page.screenshot({ path: join(shotsDir, 'diagnoses-explain.png') });
    const link = await frame.locator('a[data-action="open-location"]').count();
    console.log(`explain report shown; ${link} fix(es) linked to the Dockerfile`);
    if (link !== 1) throw new Error('the fix was not linked to the workspace Dockerfile');

    await command(page, 'Container Doctor: Audit Docker Host');
    await page.waitForTimeout(500);
    const audit = page.frameLocator('iframe.webview').last().frameLocator('iframe#active-frame');
    await audit.locator('#host').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(shotsDir, 'diagnoses-audit.png') });
    console.log('audit report shown');
    await context.close();
  } finally {
    await cleanupDiagnoses();
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
