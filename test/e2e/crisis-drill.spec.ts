import { expect, test } from '@playwright/test';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { canRunCrisisDrill, DRILL, startCrisisDrill, type CrisisDrill } from '../harness/crisis-drill';
import { HostClient } from '../harness/host-client';
import { run } from '../harness/processes';
import { startServe, type RunningServe } from '../harness/serve';
import { waitFor } from '../harness/wait-for';

const harness = canRunCrisisDrill();
const ROOT = path.resolve(__dirname, '../..');
const SHOTS = path.join(ROOT, 'test-results');
/** Where the incident window is exported; `npm run demo:record` points it at resources/demo.wfsnap. */
const SNAPSHOT = path.resolve(
  ROOT,
  process.env.WATCHFLOOR_DRILL_SNAPSHOT ?? path.join('test-results', 'crisis-drill.wfsnap'),
);
/** Fewer 5xx a second than this, two seconds running, is recovered. */
const RECOVERED_BELOW = 2;

test.describe('crisis drill: HAProxy in front of saturated backends, tailed over sshd, scaled from a suggestion', () => {
  test.skip(!harness.ok, harness.ok ? '' : harness.why);

  let drill: CrisisDrill;
  let serve: RunningServe;
  let client: HostClient;

  test.beforeAll(async () => {
    test.setTimeout(60_000);
    mkdirSync(SHOTS, { recursive: true });
    drill = await startCrisisDrill();
    serve = await startServe([drill.profileFile], drill.serveEnv());
    client = await HostClient.connect(serve.url);
  });

  test.afterAll(async () => {
    client?.close();
    await drill?.load.stop();
    await serve?.stop();
    await drill?.stop();
  });

  test('the forecast and a suggestion appear, "Scale to 4" enables servers, the error rate falls', async ({
    page,
  }) => {
    test.setTimeout(150_000);
    const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, name) });
    await page.goto(serve.url);
    for (const host of ['lb', 'web-1', 'web-2', 'web-3', 'web-4']) {
      await expect(page.locator(`[data-testid="host-chip"][data-host="${host}"]`)).toHaveAttribute(
        'data-state',
        'live',
      );
    }
    expect((await drill.pool()).map((s) => s.status)).toEqual(['UP', 'MAINT', 'MAINT', 'MAINT']);
    // The drill lasts about a minute: the shortest span shows it across the charts.
    await page.getByTestId('span-5min').click();

    // The calm: one backend carries the traffic until checkout's errors/s has a forecast.
    drill.load.steady(DRILL.calmRps);
    await waitFor(
      async () =>
        (await client.request('getForecasts', { app: 'checkout' })).some(
          (f) => f.metric === 'errors_per_sec',
        ),
      { what: 'a forecast of checkout errors/s during the calm', timeoutMs: 40_000, intervalMs: 500 },
    );

    // The surge: past one backend's capacity it answers 503.
    drill.load.rampTo(DRILL.peakRps, DRILL.rampMs);
    const onset = await waitFor(() => drill.load.firstServerErrorAt, {
      what: 'the first 5xx answer',
      timeoutMs: 30_000,
    });
    const crossing = page.getByTestId('forecast-crossing').filter({ hasText: 'checkout' });
    await expect(crossing).toContainText(
      new RegExp(`errors_per_sec (cross|is already at or above) ${DRILL.errorThreshold}`),
      {
        timeout: 45_000,
      },
    );
    const forecastAt = Date.now();
    const forecastText = await crossing.first().innerText();
    await shot('crisis-1-errors-climbing.png');

    const card = page.locator('[data-testid="suggestion-card"][data-app="checkout"]');
    await expect(card).toBeVisible({ timeout: 45_000 });
    const suggestedAt = Date.now();
    const reason = await card.locator('.reason').innerText();
    await expect(card).toContainText('1 → 4');
    await expect(card).toContainText(/errors_per_sec/);
    const scale = card.getByTestId('suggestion-scale');
    await expect(scale).toHaveText('Scale to 4');
    await shot('crisis-2-suggestion.png');

    const clickedAt = Date.now();
    const before = drill.load.serverErrorsPerSec(clickedAt - 5000, clickedAt);
    await scale.click();
    const dialog = page.getByTestId('action-confirm');
    await expect(dialog).toBeVisible();
    const preview = page.getByTestId('action-preview');
    for (const server of ['web2', 'web3', 'web4']) await expect(preview).toContainText(`checkout/${server}`);
    await shot('crisis-3-confirm.png');
    await page.getByTestId('action-execute').click();
    const confirmedAt = Date.now();
    await expect(page.getByTestId('action-result')).toContainText(/checkout 1 → 4: .*verified/, {
      timeout: 20_000,
    });

    // HAProxy itself, on its socket: every server of the pool is out of maintenance.
    await expect
      .poll(async () => (await drill.pool()).map((s) => s.status), { timeout: 10_000 })
      .toEqual(['UP', 'UP', 'UP', 'UP']);

    const recovered = await waitFor(() => drill.load.calmSince(confirmedAt, RECOVERED_BELOW), {
      what: `fewer than ${RECOVERED_BELOW} 5xx/s for two seconds`,
      timeoutMs: 30_000,
      intervalMs: 200,
    });
    await waitFor(() => Date.now() >= recovered + 6000, {
      what: 'five seconds after recovery',
      timeoutMs: 10_000,
    });
    const after = drill.load.serverErrorsPerSec(recovered, recovered + 5000);
    expect(before).toBeGreaterThan(DRILL.errorThreshold / 2);
    expect(after).toBeLessThan(RECOVERED_BELOW);
    expect(drill.backends.slice(1).every((b) => b.served > 0)).toBe(true);
    await page.getByTestId('audit-toggle').click();
    await expect(page.getByTestId('audit-log')).toContainText(/checkout/);
    await shot('crisis-4-recovered.png');

    // The incident's marks, then the window from before the onset to after recovery, verified.
    await client.request('addMark', { kind: 'incident-start', at: onset });
    await client.request('addMark', { kind: 'detected', at: suggestedAt });
    await client.request('addMark', { kind: 'mitigated', at: confirmedAt });
    await client.request('addMark', { kind: 'resolved', at: recovered });
    const exported = await client.request('exportSnapshot', {
      from: onset - 20_000,
      to: recovered + 5000,
      file: SNAPSHOT,
    });
    const verify = await run(process.execPath, [
      path.join(ROOT, 'bin/watchfloor.js'),
      'snapshot',
      'verify',
      SNAPSHOT,
    ]);
    expect(verify).toContain(': ok —');

    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const load = (at: number) => drill.load.rate(at).toFixed(0);
    console.log(
      [
        `[crisis-drill] timeline (error onset = first 5xx at ${load(onset)} req/s scheduled):`,
        `  onset → forecast crossing shown ${s(forecastAt - onset)}: ${forecastText}`,
        `  onset → suggestion card         ${s(suggestedAt - onset)}: ${reason}`,
        `  onset → "Scale to 4" clicked    ${s(clickedAt - onset)} (confirmed at ${s(confirmedAt - onset)})`,
        `  onset → recovered               ${s(recovered - onset)} (< ${RECOVERED_BELOW} 5xx/s two seconds running)`,
        `  5xx/s: ${before.toFixed(1)} in the 5 s before the click, ${after.toFixed(1)} in the 5 s after recovery (load ${load(clickedAt)} → ${load(recovered + 5000)} req/s)`,
        `  backends served/rejected: ${drill.backends.map((b) => `${b.name} ${b.served}/${b.rejected}`).join(', ')}`,
        `  snapshot ${path.relative(ROOT, SNAPSHOT)}: ${exported.summary.lines} lines, ${exported.summary.events} events, ${exported.summary.marks} marks, MTTD ${s(exported.summary.mttdMs ?? NaN)}, MTTR ${s(exported.summary.mttrMs ?? NaN)}, ${(statSync(SNAPSHOT).size / 1024).toFixed(0)} KiB`,
      ].join('\n'),
    );
  });
});
