import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run } from '../harness/processes';
import { writeFleetProfile } from '../harness/profiles';
import { startServe, type RunningServe } from '../harness/serve';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';

const harness = canRunSshFleet();

test.describe('connecting in Chromium: host-key prompt, failures and retry', () => {
  test.skip(!harness.ok, harness.ok ? '' : harness.why);

  let fleet: SshFleet;
  let serve: RunningServe;
  let knownHosts: string;

  test.beforeAll(async () => {
    fleet = await startSshFleet({ hosts: 3 });
    for (const h of fleet.hosts)
      writeFileSync(path.join(h.logDir, 'app.log'), `${new Date().toISOString()} INFO ${h.name} ready\n`);
    const profile = writeFleetProfile(fleet, { name: 'checkout', environment: 'production' });
    knownHosts = path.join(fleet.home, '.ssh', 'known_hosts');
    // web-2 is not in known_hosts yet; web-3's sshd is down.
    const web2 = fleet.hosts[1];
    writeFileSync(
      knownHosts,
      readFileSync(knownHosts, 'utf8')
        .split('\n')
        .filter((line) => !line.startsWith(`[${web2.address}]:`))
        .join('\n'),
    );
    await fleet.hosts[2].stopSshd();
    serve = await startServe(['--profiles', path.dirname(profile)], fleet.env());
  });

  test.afterAll(async () => {
    await serve?.stop();
    await fleet?.stop();
  });

  test('shows the unknown key fingerprint, trusts it on click, reports the unreachable host and retries it', async ({
    page,
  }) => {
    await page.goto(serve.url);
    await page.getByTestId('connect').click();

    const dialog = page.getByTestId('prompt-dialog');
    await expect(dialog).toHaveAttribute('data-kind', 'hostKey');
    const pub = path.join(fleet.root, 'web-2.pub');
    writeFileSync(pub, `${fleet.hosts[1].hostPublicKey}\n`);
    const fingerprint = (await run('ssh-keygen', ['-l', '-f', pub])).split(' ')[1];
    await expect(page.getByTestId('prompt-fingerprint')).toContainText(fingerprint);
    await page.screenshot({ path: 'test-results/connect-host-key-prompt.png' });
    await page.getByTestId('prompt-accept').click();

    await expect(page.locator('[data-testid="host-chip"][data-host="web-2"]')).toHaveAttribute(
      'data-state',
      'live',
    );
    expect(readFileSync(knownHosts, 'utf8')).toContain(fleet.hosts[1].hostPublicKey);
    const web3 = page.locator('[data-testid="host-chip"][data-host="web-3"]');
    await expect(web3).toHaveAttribute('data-state', /reconnecting|failed/);
    await expect(web3).toHaveAttribute('title', /Connection refused by 127\.0\.1\.\d+:\d+ \(web-3\)/);
    await page.screenshot({ path: 'test-results/connect-host-down.png' });

    // Retry is pressed while the next automatic attempt is still seconds away, so it is the click that
    // brings web-3 back, not a scheduled attempt racing it (the backoff doubles from half a second).
    await expect(web3.locator('.state')).toHaveText(/reconnecting in ([4-9]|\d\d+)s/, { timeout: 60_000 });
    await fleet.hosts[2].startSshd();
    await web3.getByTestId('host-retry').click();
    await expect(web3).toHaveAttribute('data-state', 'live');
    await expect(page.locator('[data-testid="stream-row"][data-host="web-3"]').first()).toBeVisible();
  });
});
