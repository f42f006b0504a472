import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { appendLines, LogWriter, isoLine } from '../harness/log-writer';
import { writeFleetProfile } from '../harness/profiles';
import { startServe, type RunningServe } from '../harness/serve';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';

const harness = canRunSshFleet();

test.describe('filtering the merged stream by clicking', () => {
  test.skip(!harness.ok, harness.ok ? '' : harness.why);

  let fleet: SshFleet;
  let writers: LogWriter[] = [];
  let serve: RunningServe;

  test.beforeAll(async () => {
    fleet = await startSshFleet({ hosts: 3 });
    const profile = writeFleetProfile(fleet, { name: 'shop-checkout', environment: 'production' });
    for (const h of fleet.hosts) {
      appendLines(path.join(h.logDir, 'app.log'), [
        `${new Date().toISOString()} ERROR checkout[${h.name}] payment declined upstream=${h.name}`,
      ]);
    }
    writers = fleet.hosts.map((h) =>
      new LogWriter(path.join(h.logDir, 'app.log'), { rate: 20, line: isoLine(h.name, 'INFO') }).start(),
    );
    serve = await startServe(['--profiles', path.dirname(profile)], fleet.env());
  });

  test.afterAll(async () => {
    await serve?.stop();
    await Promise.all(writers.map((w) => w.stop()));
    await fleet?.stop();
  });

  async function connect(page: Page): Promise<void> {
    await page.goto(serve.url);
    await expect(page.getByTestId('profile-picker')).toHaveValue('shop-checkout.yaml');
    await page.getByTestId('connect').click();
    // Connecting again replaces the previous session; its rows may still be on screen until the new one shows.
    await expect(page.getByTestId('connect')).toHaveText('Reconnect');
    for (const host of ['web-1', 'web-2', 'web-3'])
      await expect(page.locator(`[data-testid="stream-row"][data-host="${host}"]`).first()).toBeVisible();
  }

  test('clicking a host shows only its lines, with a removable chip', async ({ page }) => {
    await connect(page);
    await page.keyboard.press('Space');
    await expect(page.getByTestId('follow-toggle')).toContainText('Paused');
    await page.locator('[data-testid="stream-row"][data-host="web-2"] .host').last().click();
    const chip = page.locator('[data-testid="filter-chip"][data-filter="host:web-2"]');
    await expect(chip).toBeVisible();
    const rows = page.getByTestId('stream-row');
    await expect(rows.first()).toHaveAttribute('data-host', 'web-2');
    await expect
      .poll(async () => new Set(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-host')))))
      .toEqual(new Set(['web-2']));
    await expect(page.getByTestId('view-count')).toContainText(' of ');
    await page.screenshot({ path: 'test-results/stream-filtered-host.png' });

    await chip.getByRole('button').click();
    await expect(chip).toHaveCount(0);
    for (const host of ['web-1', 'web-3'])
      await expect(page.locator(`[data-testid="stream-row"][data-host="${host}"]`).first()).toBeVisible();

    // From the keyboard: h filters by the current line's host.
    const number = await page
      .locator('[data-testid="stream-row"][data-host="web-3"]')
      .first()
      .getAttribute('data-number');
    const web3 = page.locator(`[data-testid="stream-row"][data-number="${number}"]`);
    await web3.locator('.message').click();
    await expect(web3).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('h');
    await expect(page.locator('[data-testid="filter-chip"][data-filter="host:web-3"]')).toBeVisible();
  });

  test('errors only, level and app filters, context, bookmarks, selection and copy', async ({ browser }) => {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await connect(page);

    await page.keyboard.press('e');
    await expect(page.locator('[data-testid="filter-chip"][data-filter="level:>=error"]')).toBeVisible();
    const errors = page.locator('[data-testid="stream-row"][data-level="error"]');
    await expect(errors).toHaveCount(3);
    await expect(page.locator('[data-testid="stream-row"][data-level="info"]')).toHaveCount(0);

    await errors.first().click();
    await errors.nth(2).click({ modifiers: ['Shift'] });
    await expect(page.locator('[data-testid="stream-row"][aria-selected="true"]')).toHaveCount(3);
    await page.keyboard.press('Control+c');
    await expect
      .poll(() => page.evaluate('navigator.clipboard.readText()'))
      .toMatch(/payment declined upstream=web-\d\n.*payment declined upstream=web-\d\n.*upstream=web-\d$/);

    await page.keyboard.press('c');
    await expect(page.getByTestId('context-view')).toBeVisible();
    await expect(page.getByTestId('context-row').first()).toBeVisible();
    await page.getByTestId('line-note-input').fill('first failure');
    await page.getByTestId('line-note-input').press('Enter');
    await expect(page.locator('[data-testid="stream-row"] .note').first()).toContainText('first failure');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('context-view')).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-testid="stream-row"][aria-selected="true"]')).toHaveCount(0);

    await page.keyboard.press('e');
    await expect(page.locator('[data-testid="stream-row"][data-level="info"]').first()).toBeVisible();
    await context.close();
  });

  test('pausing keeps the view still and counts new lines; the pill jumps back', async ({ page }) => {
    await connect(page);
    await expect(page.getByTestId('follow-toggle')).toContainText('Following');
    const scroller = page.getByTestId('stream');
    await expect.poll(() => page.getByTestId('view-count').textContent()).toMatch(/[1-9]\d* lines/);
    await scroller.hover();
    await page.mouse.wheel(0, -400);
    await expect(page.getByTestId('follow-toggle')).toContainText('Paused');
    await expect(page.getByTestId('new-lines')).toBeVisible();
    await page.getByTestId('new-lines').click();
    await expect(page.getByTestId('follow-toggle')).toContainText('Following');
    await expect(page.getByTestId('new-lines')).toHaveCount(0);
  });

  test('a rotation is shown inline as a marker, distinct from log lines (dark and light)', async ({
    browser,
  }) => {
    const page = await browser.newPage();
    await connect(page);
    // A line written after connecting proves the new session's follower has the file open, so it sees the rename.
    const token = `before-rotation-${Date.now()}`;
    appendLines(path.join(fleet.hosts[0].logDir, 'app.log'), [`${new Date().toISOString()} INFO ${token}`]);
    await expect(page.locator('[data-testid="stream-row"]', { hasText: token })).toBeVisible();
    // Quiet writers keep the marker in view.
    for (const w of writers) w.pause();
    writers[0].rotateByRename(5);
    writers[0].write(5);
    const marker = page.locator('[data-testid="stream-row"][data-marker="rotation"]');
    await expect(marker.first()).toBeVisible({ timeout: 30_000 });
    await expect(marker.first()).toContainText('Rotated');
    await expect(marker.first().locator('.marker-band')).toHaveCSS('font-style', 'normal');
    await page.keyboard.press('Space');
    await page.close();
    for (const colorScheme of ['dark', 'light'] as const) {
      const context = await browser.newContext({ colorScheme, viewport: { width: 1440, height: 900 } });
      const themed = await context.newPage();
      await themed.goto(serve.url);
      await expect(
        themed.locator('[data-testid="stream-row"][data-marker="rotation"]').first(),
      ).toBeVisible();
      await themed.keyboard.press('Space');
      await themed.screenshot({ path: `test-results/stream-markers-${colorScheme}.png` });
      await context.close();
    }
  });
});
