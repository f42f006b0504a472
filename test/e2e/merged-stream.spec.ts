import { expect, test } from '@playwright/test';
import path from 'node:path';
import { LogWriter, isoLine, pinoLine } from '../harness/log-writer';
import { writeFleetProfile } from '../harness/profiles';
import { startServe, type RunningServe } from '../harness/serve';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';

const harness = canRunSshFleet();

test.describe('the merged stream in Chromium', () => {
  test.skip(!harness.ok, harness.ok ? '' : harness.why);

  let fleet: SshFleet;
  let writers: LogWriter[] = [];
  let serve: RunningServe;

  test.beforeAll(async () => {
    fleet = await startSshFleet({ hosts: 3 });
    const profile = writeFleetProfile(fleet, { name: 'shop-checkout', environment: 'production' });
    writers = fleet.hosts.map((h, i) =>
      new LogWriter(path.join(h.logDir, 'app.log'), {
        rate: 20,
        // web-3 writes JSON (Pino) lines, the others text.
        line: i === 2 ? pinoLine(h.name) : isoLine(h.name, i === 1 ? 'WARN' : 'INFO'),
      }).start(),
    );
    serve = await startServe(['--profiles', path.dirname(profile)], fleet.env());
  });

  test.afterAll(async () => {
    await serve?.stop();
    await Promise.all(writers.map((w) => w.stop()));
    await fleet?.stop();
  });

  for (const colorScheme of ['dark', 'light'] as const) {
    test(`picks a profile, connects and shows lines of all three hosts (${colorScheme})`, async ({
      browser,
    }) => {
      const context = await browser.newContext({ colorScheme, viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await page.goto(serve.url);
      await expect(page.getByTestId('profile-picker')).toHaveValue('shop-checkout.yaml');
      await page.getByTestId('connect').click();

      const chips = page.getByTestId('host-chip');
      await expect(chips).toHaveCount(3);
      for (const host of ['web-1', 'web-2', 'web-3']) {
        await expect(page.locator(`[data-testid="host-chip"][data-host="${host}"]`)).toHaveAttribute(
          'data-state',
          'live',
        );
        await expect(page.locator(`[data-testid="stream-row"][data-host="${host}"]`).first()).toBeVisible();
      }
      await expect(page.locator('[data-testid="stream-row"][data-level="warn"]').first()).toBeVisible();
      // A JSON line's row shows its text first, then its other fields; its time and level have columns.
      await expect(
        page.locator('[data-testid="stream-row"][data-host="web-3"]').first().locator('.message'),
      ).toHaveText(/^request handled seq=\d+ {2}pid=4242 hostname=web-3$/);
      await expect(page.locator('[data-testid="stream-row"][data-host="web-3"]').first()).toHaveAttribute(
        'data-level',
        'info',
      );
      // The charts follow the stream within a refresh: every host has its row in the heatmap.
      await expect(page.getByTestId('heatmap')).toHaveAttribute('data-rows', '3');
      await page.screenshot({ path: `test-results/merged-stream-${colorScheme}.png` });
      await context.close();
    });
  }
});
