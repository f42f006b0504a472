import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { LogWriter, isoLine } from '../harness/log-writer';
import { writeFleetProfile } from '../harness/profiles';
import { startServe, type RunningServe } from '../harness/serve';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';

const harness = canRunSshFleet();

test.describe('watching a profile: an OS notification when its error rate spikes in the background', () => {
  test.skip(!harness.ok, harness.ok ? '' : harness.why);

  let fleet: SshFleet;
  let serve: RunningServe;
  let writer: LogWriter | null = null;

  test.beforeAll(async () => {
    fleet = await startSshFleet({ hosts: 1 });
    // Two minutes of history at a steady one error and three info lines a second, read as the backlog.
    const now = Date.now();
    const history: string[] = [];
    for (let s = 120; s > 0; s--) {
      const at = new Date(now - s * 1000).toISOString();
      history.push(`${at} ERROR checkout[web-1] payment declined seq=${s}`);
      for (let i = 0; i < 3; i++) history.push(`${at} INFO checkout[web-1] request handled seq=${s}.${i}`);
    }
    writeFileSync(path.join(fleet.hosts[0].logDir, 'app.log'), `${history.join('\n')}\n`);
    writeFleetProfile(fleet, { name: 'payments', environment: 'production' });
    serve = await startServe(['--profiles', path.join(fleet.root, 'profiles')], fleet.env());
  });

  test.afterAll(async () => {
    await writer?.stop();
    await serve?.stop();
    await fleet?.stop();
  });

  test('notifies once when errors jump while the window is in the background, never before', async ({
    page,
  }) => {
    // The OS notification and the window being in the background, as the page sees them.
    await page.addInitScript(() => {
      const shown: { title: string; body?: string }[] = [];
      (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
      class RecordingNotification {
        static permission = 'default';
        static async requestPermission() {
          RecordingNotification.permission = 'granted';
          return 'granted';
        }
        onclick: (() => void) | null = null;
        constructor(title: string, options?: { body?: string }) {
          shown.push({ title, body: options?.body });
        }
      }
      Object.defineProperty(window, 'Notification', { value: RecordingNotification });
      document.hasFocus = () => false;
    });
    const shown = () =>
      page.evaluate(() => (window as unknown as { shownNotifications: unknown[] }).shownNotifications);

    // Each rate check is a getRates request on the host's WebSocket.
    let rateChecks = 0;
    page.on('websocket', (ws) =>
      ws.on('framesent', ({ payload }) => {
        if (String(payload).includes('"name":"getRates"')) rateChecks++;
      }),
    );
    await page.goto(serve.url);
    await expect(page.getByTestId('profile-picker')).toHaveValue('payments.yaml');
    await page.getByTestId('watch-toggle').click();
    await expect(page.getByTestId('watch-toggle')).toHaveAttribute('aria-pressed', 'true');
    await page.getByTestId('connect').click();
    await expect(page.locator('[data-testid="host-chip"][data-host="web-1"]')).toHaveAttribute(
      'data-state',
      'live',
    );

    // The steady history is no spike.
    writer = new LogWriter(path.join(fleet.hosts[0].logDir, 'app.log'), {
      rate: 2,
      line: isoLine('web-1', 'INFO'),
    }).start();
    const checksBefore = rateChecks;
    await expect.poll(() => rateChecks, { timeout: 30_000 }).toBeGreaterThanOrEqual(checksBefore + 2);
    expect(await shown()).toEqual([]);
    await writer.stop();

    // Thirty errors a second: once the 10 s step holding them is complete, one notification names the app.
    writer = new LogWriter(path.join(fleet.hosts[0].logDir, 'app.log'), {
      rate: 30,
      line: isoLine('web-1', 'ERROR'),
    }).start();
    await expect.poll(shown, { timeout: 45_000, intervals: [1000] }).toEqual([
      {
        title: 'Error spike in checkout',
        body: expect.stringMatching(/errors\/s \(usually 1\.0\/s\) — payments \/ production$/),
      },
    ]);
  });
});
