import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LogWriter, isoLine } from '../harness/log-writer';
import { writeFleetProfile } from '../harness/profiles';
import { startServe, type RunningServe } from '../harness/serve';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';

const harness = canRunSshFleet();

/** Two applications on two hosts: api on web-1, worker on web-2. `typo` misspells web-2's address field. */
function incidentProfile(fleet: SshFleet, typo: boolean): string {
  return [
    'name: incident',
    'environments:',
    '  - name: production',
    '    hosts:',
    '      - name: web-1',
    '        address: web-1',
    '      - name: web-2',
    `        ${typo ? 'adress' : 'address'}: web-2`,
    '    applications:',
    '      - name: api',
    '        hosts: [web-1]',
    '        logs:',
    `          - path: ${path.join(fleet.viewDir, 'api.log')}`,
    '      - name: worker',
    '        hosts: [web-2]',
    '        logs:',
    `          - path: ${path.join(fleet.viewDir, 'worker.log')}`,
    '',
  ].join('\n');
}

test.describe('profiles in the UI, against real sshd hosts', () => {
  test.skip(!harness.ok, harness.ok ? '' : harness.why);

  let fleet: SshFleet;
  let serve: RunningServe;
  let profilesDir: string;
  let writers: LogWriter[] = [];

  test.beforeAll(async () => {
    fleet = await startSshFleet({ hosts: 2 });
    writers = [
      new LogWriter(path.join(fleet.hosts[0].logDir, 'api.log'), {
        rate: 10,
        line: isoLine('web-1', 'INFO'),
      }),
      new LogWriter(path.join(fleet.hosts[1].logDir, 'worker.log'), {
        rate: 10,
        line: isoLine('web-2', 'INFO'),
      }),
    ].map((w) => w.start());
    profilesDir = path.dirname(writeFleetProfile(fleet, { name: 'older', environment: 'test' }));
    serve = await startServe(['--profiles', profilesDir], fleet.env());
  });

  test.afterAll(async () => {
    await serve?.stop();
    await Promise.all(writers.map((w) => w.stop()));
    await fleet?.stop();
  });

  test('creates a profile with an error shown on its line, fixes and saves it, then Standby and Activate per application', async ({
    page,
  }) => {
    await page.goto(serve.url);
    await expect(page.getByTestId('profile-picker')).toHaveValue('older.yaml');

    await page.getByTestId('profile-new').click();
    const editor = page.getByTestId('profile-editor');
    await expect(editor).toBeVisible();
    await page.getByTestId('profile-file-name').fill('incident');
    const text = page.getByTestId('profile-editor-text');
    await text.fill(incidentProfile(fleet, true));

    // The misspelt field is on line 8 and its message is pinned there; the host it leaves without an
    // address starts on line 7. Saving is refused.
    const lineError = editor.getByTestId('editor-line-error');
    await expect(lineError.filter({ hasText: 'unknown field "adress"' })).toHaveAttribute('data-line', '8');
    await expect(lineError.filter({ hasText: 'address: is required' })).toHaveAttribute('data-line', '7');
    await expect(editor.locator('.number.bad')).toHaveText(['7', '8']);
    await expect(page.getByTestId('profile-save')).toBeDisabled();
    await editor.locator('[data-testid="profile-problem"][data-line="8"]').click();
    expect(
      await text.evaluate(
        (el: HTMLTextAreaElement) => el.value.slice(0, el.selectionStart).split('\n').length,
      ),
    ).toBe(8);

    // Fix it by typing, as a person would: the message goes away as soon as the field is right.
    await page.keyboard.press('End');
    for (let i = 0; i < 'adress: web-2'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.type('address: web-2');
    await expect(lineError).toHaveCount(0);
    await expect(page.getByTestId('profile-editor-status')).toHaveText('Valid');
    await page.getByTestId('profile-save').click();
    await expect(editor).toHaveCount(0);

    expect(readFileSync(path.join(profilesDir, 'incident.yaml'), 'utf8')).toBe(incidentProfile(fleet, false));
    await expect(page.getByTestId('profile-picker')).toHaveValue('incident.yaml');
    await expect(page.getByTestId('environment-picker')).toHaveValue('production');
    await expect(page.locator('[data-testid="application-option"]')).toHaveCount(2);

    await page.getByTestId('standby').click();
    const web1 = page.locator('[data-testid="host-chip"][data-host="web-1"]');
    const web2 = page.locator('[data-testid="host-chip"][data-host="web-2"]');
    await expect(web1).toHaveAttribute('data-state', 'standby');
    await expect(web2).toHaveAttribute('data-state', 'standby');
    await expect(page.getByTestId('activate')).toHaveCount(2);

    await page.locator('[data-testid="activate"][data-app="api"]').click();
    await expect(web1).toHaveAttribute('data-state', 'live');
    await expect(page.locator('[data-testid="stream-row"][data-host="web-1"]').first()).toBeVisible();
    await expect(web2).toHaveAttribute('data-state', 'standby');
    await expect(page.getByTestId('activate')).toHaveCount(1);

    await page.locator('[data-testid="activate"][data-app="worker"]').click();
    await expect(web2).toHaveAttribute('data-state', 'live');
    await expect(page.locator('[data-testid="stream-row"][data-host="web-2"]').first()).toBeVisible();
    await expect(page.getByTestId('activate')).toHaveCount(0);

    // Recently connected profiles come first in the picker.
    await expect(page.getByTestId('profile-picker').locator('optgroup[label="Recent"] option')).toHaveText([
      'incident',
    ]);
    await page.getByTestId('disconnect').click();
    await expect(page.getByTestId('host-chip')).toHaveCount(0);

    // The palette's "Connect profile…" lists the profiles and connects the chosen one.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('connect prof');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('palette')).toHaveAttribute('data-mode', 'profiles');
    await page.keyboard.type('inc');
    await expect(page.getByTestId('palette-item').first()).toHaveAttribute('data-command', 'incident.yaml');
    await page.keyboard.press('Enter');
    await expect(web1).toHaveAttribute('data-state', 'live');
    await expect(web2).toHaveAttribute('data-state', 'live');
    await page.getByTestId('disconnect').click();
  });

  test('edits an existing profile; the engine refuses a secret-named key even if typed', async ({ page }) => {
    await page.goto(serve.url);
    await page.getByTestId('profile-search').fill('old');
    await expect(page.getByTestId('profile-picker')).toHaveValue('older.yaml');
    await page.getByTestId('profile-edit').click();
    const text = page.getByTestId('profile-editor-text');
    const original = readFileSync(path.join(profilesDir, 'older.yaml'), 'utf8');
    await expect(text).toHaveValue(original);
    await text.fill(original.replace('name: older', 'name: older\ntoken: abc'));
    await expect(page.getByTestId('editor-line-error')).toHaveAttribute('data-line', '2');
    await expect(page.getByTestId('editor-line-error')).toContainText('looks like a secret');
    await expect(page.getByTestId('profile-save')).toBeDisabled();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('profile-editor')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('profile-editor')).toHaveCount(0);
    expect(readFileSync(path.join(profilesDir, 'older.yaml'), 'utf8')).toBe(original);
  });

  for (const colorScheme of ['dark', 'light'] as const) {
    test(`screenshot of the editor with a problem (${colorScheme})`, async ({ browser }) => {
      const context = await browser.newContext({ colorScheme, viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await page.goto(serve.url);
      await page.getByTestId('profile-new').click();
      await page.getByTestId('profile-file-name').fill('incident-2.yaml');
      await page.getByTestId('profile-editor-text').fill(incidentProfile(fleet, true));
      await expect(page.getByTestId('editor-line-error')).toHaveCount(2);
      await page.screenshot({ path: `test-results/profile-editor-${colorScheme}.png` });
      await context.close();
    });
  }
});
