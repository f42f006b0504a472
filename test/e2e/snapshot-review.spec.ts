import { expect, test, type Page } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LogWriter, isoLine } from '../harness/log-writer';
import { writeFleetProfile } from '../harness/profiles';
import { startServe, type RunningServe } from '../harness/serve';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';

const harness = canRunSshFleet();

/** Drops a file on the page as a person would from their file manager (dragenter, dragover, drop). */
async function dropFile(page: Page, file: string): Promise<void> {
  const base64 = readFileSync(file).toString('base64');
  const dataTransfer = await page.evaluateHandle(`(() => {
    const bytes = Uint8Array.from(atob('${base64}'), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], '${path.basename(file)}', { type: 'application/octet-stream' }));
    return transfer;
  })()`);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await page.dispatchEvent('body', 'dragover', { dataTransfer });
  await expect(page.getByTestId('snapshot-drop')).toBeVisible();
  await page.dispatchEvent('body', 'drop', { dataTransfer });
}

test.describe.serial('snapshots in Chromium: marks, export, review, drop and demo', () => {
  test.skip(!harness.ok, harness.ok ? '' : harness.why);

  let fleet: SshFleet;
  let writers: LogWriter[];
  let serve: RunningServe | undefined;
  let exported = '';

  test.beforeAll(async () => {
    fleet = await startSshFleet({ hosts: 2 });
    writeFleetProfile(fleet, { name: 'checkout', environment: 'production' });
    writers = fleet.hosts.map((h) => {
      const info = isoLine(h.name);
      const error = isoLine(h.name, 'ERROR');
      return new LogWriter(path.join(h.logDir, 'app.log'), {
        rate: 30,
        line: (seq, now) => (seq % 6 === 3 ? `${error(seq, now)} upstream timed out` : info(seq, now)),
      }).start();
    });
    mkdirSync(path.join(fleet.home, 'Downloads'), { recursive: true });
  });

  test.afterEach(async () => {
    await serve?.stop();
    serve = undefined;
  });

  test.afterAll(async () => {
    await Promise.all((writers ?? []).map((w) => w.stop()));
    await fleet?.stop();
  });

  test('marks the incident, writes a note, and exports the window with progress', async ({ page }) => {
    serve = await startServe(['--profiles', path.join(fleet.root, 'profiles')], fleet.env());
    await page.goto(serve.url);
    await page.getByTestId('connect').click();
    await expect(page.locator('[data-testid="stream-row"]').first()).toBeVisible();

    await page.locator('body').press('Shift+Digit1');
    await expect(page.getByTestId('mark-incident-start')).toHaveClass(/placed/);
    await expect(
      page.locator('[data-testid="stream-row"]', { hasText: 'upstream timed out' }).first(),
    ).toBeVisible();
    await page.locator('body').press('Shift+Digit2');
    await expect(page.getByTestId('mttd')).toContainText(/MTTD \d/);
    await page.getByTestId('incident-note-input').fill('checkout pool exhausted on web-2');
    await page.getByTestId('incident-note-input').press('Enter');
    await expect(page.getByTestId('incident-note')).toContainText('checkout pool exhausted');
    // A note on a line, written in the stream's context view, becomes one of the incident's notes.
    await page.getByTestId('incident-note-input').press('Escape');
    await page.keyboard.press('Space');
    await expect(page.getByTestId('follow-toggle')).toContainText('Paused');
    // Clicked by its time: the middle of a row may be its host, app or level (a click there filters) or,
    // once hovered, its bookmark button. Clicked again if the list scrolled under the pointer: the first
    // such row may lie in the rows drawn above the view, which the click scrolls into it.
    await expect(async () => {
      await page
        .locator('[data-testid="stream-row"]', { hasText: 'upstream timed out' })
        .first()
        .click({ position: { x: 4, y: 8 } });
      await expect(page.locator('[data-testid="stream-row"][aria-selected="true"]')).toContainText(
        'upstream timed out',
        { timeout: 2000 },
      );
    }).toPass({ timeout: 20_000 });
    await page.keyboard.press('c');
    const lineNote = page.getByTestId('context-view').locator('.note-editor input');
    await lineNote.fill('first timeout here');
    await lineNote.press('Enter');
    await expect(page.getByTestId('incident-note').filter({ hasText: 'first timeout here' })).toContainText(
      /web-\d · /,
    );
    await page.keyboard.press('Escape');

    await page.locator('body').press('Control+Shift+KeyE');
    const dialog = page.getByTestId('export-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('window-last15').check();
    await dialog.getByTestId('export-start').click();
    await expect(dialog.getByTestId('export-progress')).toBeVisible();
    await expect(dialog.getByTestId('export-result')).toBeVisible();
    await expect(dialog.locator('progress')).toHaveAttribute('value', '100');
    exported = (await dialog.getByTestId('export-path').textContent())!.trim();
    expect(path.dirname(exported)).toBe(path.join(fleet.home, 'Downloads'));
    expect(existsSync(exported)).toBe(true);
    await page.screenshot({ path: 'test-results/snapshot-export-done.png' });
  });

  for (const colorScheme of ['dark', 'light'] as const) {
    test(`serve --snapshot opens the recording read-only with its banner, stream and heatmap (${colorScheme})`, async ({
      browser,
    }) => {
      serve = await startServe(
        ['--snapshot', exported, '--profiles', path.join(fleet.root, 'empty-profiles')],
        fleet.env(),
      );
      const context = await browser.newContext({ colorScheme, viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await page.goto(serve.url);

      const banner = page.getByTestId('review-banner');
      await expect(banner).toContainText(`Reviewing snapshot ${path.basename(exported)}`);
      await expect(banner).toContainText('read-only, recorded');
      await expect(
        page.locator('[data-testid="stream-row"]', { hasText: 'upstream timed out' }).first(),
      ).toBeVisible();
      await expect(page.locator('[data-testid="stream-row"][data-host="web-2"]').first()).toBeVisible();
      await expect(page.getByTestId('heatmap')).toBeVisible();
      await expect(page.getByTestId('heatmap-hottest')).toContainText('Most errors');
      await expect(page.getByTestId('mttd')).toContainText(/MTTD \d/);
      await expect(page.getByTestId('mark-resolved')).toBeDisabled();
      await expect(page.getByTestId('incident-note').filter({ hasText: 'first timeout here' })).toBeVisible();
      await expect(page.getByTestId('incident-note').filter({ hasText: 'checkout pool' })).toBeVisible();
      await page.screenshot({ path: `test-results/snapshot-review-${colorScheme}.png` });

      await page.getByTestId('review-close').click();
      await expect(banner).toBeHidden();
      await context.close();
    });
  }

  test('a snapshot dropped in the browser is uploaded and opened; the demo card opens the demo', async ({
    page,
  }) => {
    serve = await startServe(['--profiles', path.join(fleet.root, 'empty-profiles')], {
      ...fleet.env(),
      WATCHFLOOR_DEMO_SNAPSHOT: exported,
    });
    await page.goto(serve.url);
    await expect(page.getByTestId('demo-card')).toBeVisible();
    await page.screenshot({ path: 'test-results/snapshot-demo-card.png' });

    await dropFile(page, exported);
    await expect(page.getByTestId('review-banner')).toContainText('Reviewing snapshot upload-');
    await expect(
      page.locator('[data-testid="stream-row"]', { hasText: 'upstream timed out' }).first(),
    ).toBeVisible();
    await page.getByTestId('review-close').click();

    await expect(page.getByTestId('demo-card')).toBeVisible();
    await page.getByTestId('demo-open').click();
    await expect(page.getByTestId('review-banner')).toContainText(
      `Reviewing snapshot ${path.basename(exported)}`,
    );
    await expect(page.getByTestId('heatmap')).toBeVisible();
  });
});
