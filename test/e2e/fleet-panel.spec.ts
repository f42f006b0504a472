import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { LogWriter } from '../harness/log-writer';
import { writeFleetProfile } from '../harness/profiles';
import { startServe, type RunningServe } from '../harness/serve';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';

const harness = canRunSshFleet();

/** Lines of a host: one in `errorEvery` is an ERROR. */
function mixedLine(host: string, errorEvery: number) {
  return (seq: number, now: Date) =>
    `${now.toISOString()} ${seq % errorEvery === 0 ? 'ERROR' : 'INFO'} checkout[${host}] request handled seq=${seq}`;
}

test.describe('the fleet panel in Chromium', () => {
  test.skip(!harness.ok, harness.ok ? '' : harness.why);

  let fleet: SshFleet;
  let writers: LogWriter[] = [];
  let serve: RunningServe;

  test.beforeAll(async () => {
    fleet = await startSshFleet({ hosts: 4 });
    // missing.log exists on no host: each host reports it as a diagnostic.
    const profile = writeFleetProfile(fleet, {
      name: 'shop-checkout',
      environment: 'production',
      files: ['app.log', 'missing.log'],
    });
    // web-4 is down for the whole run: it keeps reconnecting, so the panel keeps showing progress.
    await fleet.hosts[3].stopSshd();
    const errorEvery = [20, 2, 5, 10];
    writers = fleet.hosts.map((h, i) =>
      new LogWriter(path.join(h.logDir, 'app.log'), {
        rate: 20,
        line: mixedLine(h.name, errorEvery[i]),
      }).start(),
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
    for (const host of ['web-1', 'web-2', 'web-3'])
      await expect(page.locator(`[data-testid="host-chip"][data-host="${host}"]`)).toHaveAttribute(
        'data-state',
        'live',
      );
  }

  test('clicking a host in the tree filters the stream to it, and clicking again shows every host', async ({
    page,
  }) => {
    await connect(page);
    const app = page.locator('[data-testid="fleet-app"][data-app="checkout"]');
    await expect(app).toContainText('3/4');
    await expect(page.getByTestId('fleet-count')).toHaveText('3/4 connected');
    await expect(page.getByTestId('fleet-progress')).toContainText('1 still connecting');
    const web4 = page.locator('[data-testid="host-chip"][data-host="web-4"]');
    await expect(web4).toHaveAttribute('data-state', /reconnecting|connecting/);
    await expect(web4).toHaveAttribute('title', /refused/i);
    await expect(web4.locator('.state')).toHaveText(/^(reconnecting in \d+s|reconnecting|connecting)$/);

    const web3 = page.locator('[data-testid="host-chip"][data-host="web-3"]');
    await web3.getByTestId('host-filter').click();
    await expect(web3.getByTestId('host-filter')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('[data-testid="filter-chip"][data-filter="host:web-3"]')).toBeVisible();
    const rows = page.getByTestId('stream-row');
    await expect
      .poll(async () => new Set(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-host')))))
      .toEqual(new Set(['web-3']));

    await web3.getByTestId('host-filter').click();
    await expect(page.locator('[data-testid="filter-chip"][data-filter="host:web-3"]')).toHaveCount(0);
    for (const host of ['web-1', 'web-2'])
      await expect(page.locator(`[data-testid="stream-row"][data-host="${host}"]`).first()).toBeVisible();
  });

  for (const colorScheme of ['dark', 'light'] as const) {
    test(`shows per-host rates and a host drawer with metrics and sources (${colorScheme})`, async ({
      browser,
    }) => {
      const context = await browser.newContext({ colorScheme, viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await connect(page);

      // web-2 logs an error every other line: its rate shows errors once a 10 s bucket is complete.
      const web2 = page.locator('[data-testid="host-chip"][data-host="web-2"]');
      await expect(web2.getByTestId('host-rates').locator('.errors')).toBeVisible({ timeout: 40_000 });
      await expect(web2.getByTestId('host-rates')).toContainText('/s');
      await page.screenshot({ path: `test-results/fleet-panel-${colorScheme}.png` });

      await web2.getByTestId('host-details').click();
      const drawer = page.getByTestId('host-drawer');
      await expect(drawer).toHaveAttribute('data-host', 'web-2');
      await expect(drawer.getByTestId('drawer-state')).toHaveText('live');
      await expect(drawer.getByTestId('drawer-sources')).toContainText(path.join(fleet.viewDir, 'app.log'));
      await expect(drawer.getByTestId('drawer-diagnostics')).toContainText('missing.log does not exist yet');
      // The metrics probe reads /proc every 5 s: a line needs two samples, CPU a difference of two.
      await expect(drawer.locator('[data-testid="sparkline"][data-metric="load"] path')).toHaveAttribute(
        'd',
        /^M[\d. ]+L/,
        { timeout: 30_000 },
      );
      await expect(drawer.locator('[data-testid="sparkline"][data-metric="CPU"] .value')).toContainText('%');
      await expect(drawer.locator('[data-testid="sparkline"][data-metric="memory"] .value')).toContainText(
        '%',
      );
      await page.screenshot({ path: `test-results/host-drawer-${colorScheme}.png` });

      await drawer.getByTestId('drawer-terminal').click();
      await expect(page.getByTestId('terminal-tab')).toContainText('web-2');
      await drawer.getByTestId('host-drawer-close').click();
      await expect(drawer).toHaveCount(0);
      await context.close();
    });
  }
});
