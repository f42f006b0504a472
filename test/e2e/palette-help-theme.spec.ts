import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServe, type RunningServe } from '../harness/serve';

// The desktop conventions in Chromium through the headless host: the command palette, the shortcuts
// overlay and the theme. Nothing here connects, so a profile pointing nowhere is enough.

const PROFILE = `name: quiet
environments:
  - name: staging
    hosts:
      - name: app-1
        address: app-1.invalid
    applications:
      - name: api
        hosts: [app-1]
        logs:
          - path: /var/log/api.log
`;

let root: string;
let serve: RunningServe;

test.beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'wf-palette-'));
  const profiles = path.join(root, 'profiles');
  mkdirSync(profiles);
  writeFileSync(path.join(profiles, 'quiet.yaml'), PROFILE);
  serve = await startServe(['--profiles', profiles], { ...process.env, HOME: root });
});

test.afterAll(async () => {
  await serve?.stop();
  rmSync(root, { recursive: true, force: true });
});

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

for (const colorScheme of ['dark', 'light'] as const) {
  test(`Ctrl+K opens the palette, filters fuzzily, runs a command from the keyboard (${colorScheme})`, async ({
    browser,
  }) => {
    const context = await browser.newContext({ colorScheme, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(serve.url);
    await expect(page.getByTestId('profile-picker')).toHaveValue('quiet.yaml');
    await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);

    await page.keyboard.press('Control+k');
    const palette = page.getByTestId('palette');
    await expect(palette).toBeVisible();
    await expect(page.getByTestId('palette-input')).toBeFocused();
    for (const title of ['Connect profile…', 'Open profile editor', 'Toggle theme']) {
      await expect(palette.getByTestId('palette-item').filter({ hasText: title })).toHaveCount(1);
    }
    await page.screenshot({ path: `test-results/palette-${colorScheme}.png` });
    await page.keyboard.type('tgth');
    await expect(palette.getByTestId('palette-item').first()).toHaveAttribute('data-command', 'theme.toggle');

    const before = await background(page);
    await page.keyboard.press('Enter');
    await expect(palette).toHaveCount(0);
    const other = colorScheme === 'dark' ? 'light' : 'dark';
    await expect(page.locator('html')).toHaveAttribute('data-theme', other);
    expect(await background(page)).not.toBe(before);

    // The choice outlives a reload; "Follow the system theme" gives it back.
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', other);
    await page.keyboard.press('Control+k');
    await page.keyboard.type('follow system');
    await page.keyboard.press('Enter');
    await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);
    expect(await background(page)).toBe(before);

    // Arrow keys move through the list; Escape closes and gives the focus back.
    await page.keyboard.press('Control+k');
    await page.keyboard.press('ArrowDown');
    await expect(palette.locator('[aria-selected="true"]')).toHaveCount(1);
    await page.keyboard.press('Escape');
    await expect(palette).toHaveCount(0);
    await context.close();
  });

  test(`? shows every registered shortcut by group (${colorScheme})`, async ({ browser }) => {
    const context = await browser.newContext({ colorScheme, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(serve.url);
    await expect(page.getByTestId('profile-picker')).toHaveValue('quiet.yaml');
    await page.locator('body').click({ position: { x: 700, y: 500 } });
    await page.keyboard.press('?');
    const help = page.getByTestId('help-overlay');
    await expect(help).toBeVisible();
    await expect(help.locator('[data-shortcut="help.show"]')).toHaveText('Show keyboard shortcuts');
    await expect(help.locator('[data-shortcut="palette.open"]')).toHaveText('Command palette');
    await expect(help.locator('[data-group="General"]')).toBeVisible();
    await page.screenshot({ path: `test-results/help-${colorScheme}.png` });
    await page.keyboard.press('Escape');
    await expect(help).toHaveCount(0);

    // A plain key typed into a field is text, not a shortcut.
    await page.getByTestId('profile-search').fill('?');
    await expect(help).toHaveCount(0);
    await context.close();
  });
}
