import { expect, test, type Locator, type Page } from '@playwright/test';
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

/** Times (epoch ms) and hosts of the stream rows on screen. */
async function visibleRows(page: Page): Promise<{ host: string; ts: number }[]> {
  return page.getByTestId('stream-row').evaluateAll((els) =>
    els
      .filter((e) => e.getAttribute('data-host'))
      .map((e) => ({
        host: e.getAttribute('data-host') ?? '',
        ts: Date.parse(e.querySelector('.time')?.getAttribute('title') ?? ''),
      })),
  );
}

/** The heatmap's data attributes, read at once (the live chart moves on by a bucket every 10 s). */
async function heatmapState(heatmap: Locator): Promise<Record<string, string>> {
  return heatmap.evaluate((el) => ({ ...(el as HTMLElement).dataset }) as Record<string, string>);
}

/** The time range a drill-down's `since:… until:…` filter chip keeps, [from, to) in epoch ms. */
async function chipRange(page: Page): Promise<{ from: number; to: number } | null> {
  const filters = await page
    .locator('[data-testid="filter-chip"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-filter') ?? ''));
  for (const filter of filters) {
    const range = /^since:(\S+) until:(\S+)$/.exec(filter);
    if (range) return { from: Date.parse(range[1]), to: Date.parse(range[2]) + 1 };
  }
  return null;
}

/** The page point at the centre of a heatmap cell, from the chart's plot geometry. */
async function cellPoint(heatmap: Locator, row: number, column: number): Promise<{ x: number; y: number }> {
  const box = (await heatmap.boundingBox())!;
  const [x, y, width, height] = (await heatmap.getAttribute('data-plot'))!.split(',').map(Number);
  const rows = Number(await heatmap.getAttribute('data-rows'));
  const columns = Number(await heatmap.getAttribute('data-columns'));
  return {
    x: box.x + x + ((column + 0.5) / columns) * width,
    y: box.y + y + ((row + 0.5) / rows) * height,
  };
}

test.describe('the error heatmap in Chromium', () => {
  test.skip(!harness.ok, harness.ok ? '' : harness.why);

  let fleet: SshFleet;
  let writers: LogWriter[] = [];
  let serve: RunningServe;

  test.beforeAll(async () => {
    fleet = await startSshFleet({ hosts: 3 });
    const profile = writeFleetProfile(fleet, { name: 'shop-checkout', environment: 'production' });
    // web-2 errs on every other line, web-3 on every fifth, web-1 on every twentieth.
    const errorEvery = [20, 2, 5];
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

  async function connect(page: Page): Promise<Locator> {
    await page.addInitScript({
      content: `window.cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) =>
          window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber));`,
    });
    await page.goto(serve.url);
    await expect(page.getByTestId('profile-picker')).toHaveValue('shop-checkout.yaml');
    await page.getByTestId('connect').click();
    for (const host of ['web-1', 'web-2', 'web-3'])
      await expect(page.locator(`[data-testid="stream-row"][data-host="${host}"]`).first()).toBeVisible();
    const heatmap = page.getByTestId('heatmap');
    await expect(heatmap).toHaveAttribute('data-rows', '3');
    return heatmap;
  }

  test("shows the hottest host; clicking its cell shows only that host's lines of that interval", async ({
    page,
  }) => {
    const heatmap = await connect(page);
    await expect(heatmap).toHaveAttribute('data-hottest-host', 'web-2', { timeout: 30_000 });
    // web-2 writes 10 errors a second: a complete 10 s bucket holds about 100.
    await expect
      .poll(async () => Number(await heatmap.getAttribute('data-hottest-errors')), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(80);
    const state = await heatmapState(heatmap);
    const row = Number(state.hottestRow);
    const column = Number(state.hottestColumn);
    const bucketMs = Number(state.bucketMs);
    const clickedFrom = Number(state.from) + column * bucketMs;

    const point = await cellPoint(heatmap, row, column);
    await page.mouse.move(point.x, point.y);
    await expect(page.getByTestId('heatmap-tip')).toContainText('web-2');
    await page.screenshot({ path: 'test-results/heatmap-hover.png' });
    await page.mouse.click(point.x, point.y);

    await expect(page.locator('[data-testid="filter-chip"][data-filter="host:web-2"]')).toBeVisible();
    await expect(page.locator('[data-testid="filter-chip"][data-filter^="since:"]')).toBeVisible();
    const interval = (await chipRange(page))!;
    // One bucket, the one clicked (or the next, had the live chart moved on between reading and clicking).
    expect(interval.to - interval.from).toBe(bucketMs);
    expect([clickedFrom, clickedFrom + bucketMs]).toContain(interval.from);
    await expect
      .poll(async () => {
        const rows = await visibleRows(page);
        return (
          rows.length > 0 &&
          rows.every((r) => r.host === 'web-2' && r.ts >= interval.from && r.ts < interval.to)
        );
      })
      .toBe(true);
    const rows = await visibleRows(page);
    // 20 lines a second over a 10 s bucket.
    expect(rows.length).toBeGreaterThan(20);
    const violations = await page.evaluate(
      () => (globalThis as unknown as { cspViolations: string[] }).cspViolations,
    );
    expect(violations, 'the charts run under script-src self').toEqual([]);
  });

  for (const colorScheme of ['dark', 'light'] as const) {
    test(`brushing a range zooms the charts and the stream to it (${colorScheme})`, async ({ browser }) => {
      const context = await browser.newContext({ colorScheme, viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      const heatmap = await connect(page);
      await page.getByTestId('span-5min').click();
      await expect(heatmap).toHaveAttribute('data-hottest-host', 'web-2', { timeout: 30_000 });
      await expect(page.getByTestId('rate-chart')).toBeVisible();
      await page.screenshot({ path: `test-results/heatmap-${colorScheme}.png` });

      const state = await heatmapState(heatmap);
      const row = Number(state.hottestRow);
      const column = Number(state.hottestColumn);
      const start = await cellPoint(heatmap, row, Math.max(0, column - 3));
      const end = await cellPoint(heatmap, row, column);
      await page.mouse.move(start.x, start.y);
      await page.mouse.down();
      await page.mouse.move((start.x + end.x) / 2, start.y, { steps: 4 });
      await page.mouse.move(end.x, end.y, { steps: 4 });
      await page.mouse.up();

      await expect(page.getByTestId('zoom-range')).toBeVisible();
      // The zoom label shows at once; the chart's cells for the range arrive from the engine after it.
      let zoomed: Record<string, string> = {};
      await expect
        .poll(
          async () => {
            zoomed = await heatmapState(heatmap);
            const columns = Number(zoomed.columns);
            return columns > 0 && columns <= 6;
          },
          { timeout: 10_000 },
        )
        .toBe(true);
      const zoomFrom = Number(zoomed.from);
      const zoomTo = zoomFrom + Number(zoomed.columns) * Number(zoomed.bucketMs);
      await expect
        .poll(async () => {
          const rows = await visibleRows(page);
          return rows.length > 0 && rows.every((r) => r.ts >= zoomFrom && r.ts <= zoomTo);
        })
        .toBe(true);
      await page.screenshot({ path: `test-results/heatmap-zoomed-${colorScheme}.png` });

      await page.getByTestId('zoom-reset').click();
      await expect(page.getByTestId('zoom-range')).toHaveCount(0);
      await context.close();
    });
  }
});
