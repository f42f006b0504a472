import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { appendLines, LogWriter, isoLine } from '../harness/log-writer';
import { writeFleetProfile } from '../harness/profiles';
import { startServe, type RunningServe } from '../harness/serve';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';

const harness = canRunSshFleet();
const FAILURES_PER_HOST = 5;

test.describe('searching the stream', () => {
  test.skip(!harness.ok, harness.ok ? '' : harness.why);

  let fleet: SshFleet;
  let writers: LogWriter[] = [];
  let serve: RunningServe;

  test.beforeAll(async () => {
    fleet = await startSshFleet({ hosts: 3 });
    const profile = writeFleetProfile(fleet, { name: 'shop-checkout', environment: 'production' });
    fleet.hosts.forEach((h, i) => {
      const start = Date.now() - 60_000;
      appendLines(
        path.join(h.logDir, 'app.log'),
        Array.from({ length: FAILURES_PER_HOST }, (_, k) => {
          const ts = new Date(start + (k * 3 + i) * 1000).toISOString();
          return `${ts} ERROR checkout[${h.name}] order ${4700 + k * 3 + i} failed: card declined`;
        }),
      );
    });
    writers = fleet.hosts.map((h) =>
      new LogWriter(path.join(h.logDir, 'app.log'), { rate: 10, line: isoLine(h.name) }).start(),
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
    await expect(page.getByTestId('stream-row').first()).toBeVisible();
  }

  const total = FAILURES_PER_HOST * 3;

  test('a regex finds every match; Enter, Shift+Enter, n and N step through them', async ({ page }) => {
    await connect(page);
    const input = page.getByTestId('search-input');
    await page.keyboard.press('/');
    await expect(input).toBeFocused();
    await input.pressSequentially('/order \\d+ failed/');
    await expect(page.getByTestId('match-count')).toHaveText(`${total} matches`);
    const rows = page.getByTestId('stream-row');
    await expect(rows).toHaveCount(total);
    expect(
      await rows.evaluateAll((els) => els.every((e) => /order \d+ failed/.test(e.textContent ?? ''))),
    ).toBe(true);
    await expect(page.locator('[data-testid="stream-row"] .hl').first()).toHaveText(/order \d+ failed/);

    await input.press('Enter');
    await expect(page.getByTestId('match-position')).toHaveText(`${total} / ${total}`);
    const cursor = page.locator('[data-testid="stream-row"].cursor');
    await expect(cursor).toContainText(`order ${4700 + total - 1} failed`);
    await input.press('Shift+Enter');
    await expect(page.getByTestId('match-position')).toHaveText(`${total - 1} / ${total}`);
    await expect(cursor).toContainText(`order ${4700 + total - 2} failed`);

    await page.getByTestId('stream').focus();
    await page.keyboard.press('N');
    await expect(page.getByTestId('match-position')).toHaveText(`${total - 2} / ${total}`);
    await page.keyboard.press('n');
    await page.keyboard.press('n');
    await expect(page.getByTestId('match-position')).toHaveText(`${total} / ${total}`);
    await page.keyboard.press('n');
    await expect(page.getByTestId('match-position')).toHaveText(`1 / ${total}`);
    await expect(cursor).toContainText('order 4700 failed');
    await page.screenshot({ path: 'test-results/search-regex.png' });

    // Every line, matches highlighted: stepping still lands on matches.
    await page.getByTestId('matches-only').uncheck();
    await expect(page.locator('[data-testid="stream-row"][data-level="info"]').first()).toBeVisible();
    await page.getByTestId('next-match').click();
    await expect(page.getByTestId('match-position')).toHaveText(`2 / ${total}`);
    await expect(cursor).toContainText('order 4701 failed');
    await expect(page.locator('[data-testid="stream-row"].match')).toContainText('order 4701 failed');
  });

  test('a query that cannot be read shows where; history and saved searches come back', async ({ page }) => {
    await connect(page);
    const input = page.getByTestId('search-input');
    await input.fill('host:web-1 /unclosed');
    await input.press('Enter');
    await expect(page.getByTestId('search-error')).toContainText('unclosed /regex/ at character 11');

    await input.fill('host:web-2 declined');
    await input.press('Enter');
    await expect(page.getByTestId('match-count')).toHaveText(`${FAILURES_PER_HOST} matches`);
    await page.getByTestId('search-menu').click();
    await page.getByPlaceholder('Name this search').fill('web-2 declines');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('menuitem', { name: /web-2 declines/ })).toBeVisible();

    await page.reload();
    await expect(page.getByTestId('stream-row').first()).toBeVisible();
    await input.focus();
    await input.press('ArrowUp');
    await expect(input).toHaveValue('host:web-2 declined');
    await input.fill('');
    await page.getByTestId('search-menu').click();
    await page.getByRole('menuitem', { name: /web-2 declines/ }).click();
    await expect(page.getByTestId('match-count')).toHaveText(`${FAILURES_PER_HOST} matches`);
  });
});
