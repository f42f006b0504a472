import { expect, test } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeFleetProfile } from '../harness/profiles';
import { startServe, type RunningServe } from '../harness/serve';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';

const harness = canRunSshFleet();

test.describe('the terminal in Chromium', () => {
  test.skip(!harness.ok, harness.ok ? '' : harness.why);

  let fleet: SshFleet;
  let serve: RunningServe;

  test.beforeAll(async () => {
    fleet = await startSshFleet({ hosts: 2 });
    for (const h of fleet.hosts)
      writeFileSync(path.join(h.logDir, 'app.log'), `${new Date().toISOString()} INFO ${h.name} ready\n`);
    const profile = writeFleetProfile(fleet, { name: 'terminal' });
    serve = await startServe([profile], fleet.env());
  });

  test.afterAll(async () => {
    await serve?.stop();
    await fleet?.stop();
  });

  test('opens a shell on the host over its connection, runs hostname, and closes cleanly', async ({
    page,
  }) => {
    await page.goto(serve.url);
    const chip = page.locator('[data-testid="host-chip"][data-host="web-2"]');
    await expect(chip).toHaveAttribute('data-state', 'live');
    await chip.getByTestId('host-terminal').click();
    const terminal = page.getByTestId('terminal');
    await expect(terminal).toBeVisible();
    await terminal.click();
    await page.keyboard.type('hostname\n');
    // A row of its own that reads exactly the host's name: the output of `hostname`, not the echo of the command.
    await expect(terminal.locator('.xterm-rows > div').filter({ hasText: /^\s*web-2\s*$/ })).toHaveCount(1);
    await page.screenshot({ path: 'test-results/terminal.png' });
    await page.getByRole('button', { name: 'Close terminal on web-2' }).click();
    await expect(page.getByTestId('terminal')).toHaveCount(0);
  });
});
