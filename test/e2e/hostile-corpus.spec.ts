import { expect, test } from '@playwright/test';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { LogWriter, isoLine } from '../harness/log-writer';
import { writeFleetProfile } from '../harness/profiles';
import { startServe, type RunningServe } from '../harness/serve';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';

const harness = canRunSshFleet();
const CLIPBOARD_CANARY = 'clipboard before the corpus';
const ESC = '\x1b';
const BEL = '\x07';
const ST = `${ESC}\\`;

/** Lines an attacker who can write to a log file might try; each names what it attempts. */
function hostileCorpus(): string[] {
  const pwn = (n: number) => `window.__pwned=${n}`;
  return [
    `corpus-html <script>${pwn(1)}</script><img src=x onerror="${pwn(2)}"><b>bold?</b>`,
    `corpus-anchor <a href="javascript:${pwn(3)}">click</a> <iframe src="javascript:${pwn(4)}"></iframe>`,
    `corpus-js-url javascript:${pwn(5)} data:text/html,<script>${pwn(6)}</script>`,
    `corpus-osc8 ${ESC}]8;;javascript:${pwn(7)}${ST}innocent link${ESC}]8;;${ST} and ${ESC}]8;;https://example.invalid/x${BEL}web link${ESC}]8;;${BEL}`,
    `corpus-osc52 ${ESC}]52;c;${Buffer.from('rm -rf / # pasted').toString('base64')}${BEL} clipboard write`,
    `corpus-title ${ESC}]0;PWNED TITLE${BEL} ${ESC}]2;PWNED AGAIN${ST} title change`,
    `corpus-csi ${ESC}[2J${ESC}[H${ESC}[31mred text${ESC}[0m ${ESC}[?1049h`,
    `corpus-bidi invoice\u202Egpj.exe and \u2066isolated\u2069 and \u202Dforced`,
    `corpus-controls nul[\x00] bell[\x07] backspace[\x08] cr[\r] del[\x7f]`,
    `corpus-link see https://example.invalid/runbook for help`,
    `corpus-huge ${'A'.repeat(1024 * 1024)}`,
  ];
}

test.describe('a hostile log corpus through a real host', () => {
  test.skip(!harness.ok, harness.ok ? '' : harness.why);

  let fleet: SshFleet;
  let writer: LogWriter;
  let serve: RunningServe;

  test.beforeAll(async () => {
    fleet = await startSshFleet({ hosts: 1 });
    const profile = writeFleetProfile(fleet, { name: 'hostile', environment: 'production' });
    writer = new LogWriter(path.join(fleet.hosts[0].logDir, 'app.log'), {
      rate: 5,
      line: isoLine('web-1'),
    }).start();
    serve = await startServe(['--profiles', path.dirname(profile)], fleet.env());
  });

  test.afterAll(async () => {
    await serve?.stop();
    await writer?.stop();
    await fleet?.stop();
  });

  test('runs no script, navigates nowhere, leaves the clipboard and title alone, stays responsive', async ({
    browser,
  }) => {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    const dialogs: string[] = [];
    const popups: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    context.on('page', (p) => popups.push(p.url()));

    await page.goto(serve.url);
    const url = page.url();
    const title = await page.title();
    await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(CLIPBOARD_CANARY)})`);
    await expect(page.getByTestId('profile-picker')).toHaveValue('hostile.yaml');
    await page.getByTestId('connect').click();
    await expect(page.getByTestId('stream-row').first()).toBeVisible();

    // Each line starts with a time and level, so none is taken for the continuation of another.
    const stamp = () => `${new Date().toISOString()} WARN `;
    appendFileSync(
      path.join(fleet.hosts[0].logDir, 'app.log'),
      hostileCorpus()
        .map((line) => stamp() + line + '\n')
        .join(''),
    );
    await page.getByTestId('search-input').fill("'corpus-'");
    await page.getByTestId('search-input').press('Enter');
    const rows = page.getByTestId('stream-row');
    const row = (name: string) => rows.filter({ hasText: `corpus-${name}` });
    await expect(row('huge')).toHaveCount(1, { timeout: 30_000 });
    await expect(rows).toHaveCount(hostileCorpus().length);

    // Markup is text.
    await expect(row('html')).toContainText('<script>window.__pwned=1</script><img src=x onerror=');
    await expect(row('anchor')).toContainText('<a href="javascript:window.__pwned=3">click</a>');
    await expect(page.locator('[data-testid="stream"] script, [data-testid="stream"] img')).toHaveCount(0);
    await expect(page.locator('[data-testid="stream"] iframe, [data-testid="stream"] b')).toHaveCount(0);
    await expect(page.locator('a[href^="javascript:"], [href^="javascript:"]')).toHaveCount(0);
    await expect(page.locator('[data-testid="stream"] a[href]')).toHaveCount(0);
    // Escapes are shown as placeholders, not obeyed.
    await expect(row('osc8')).toContainText('⟨OSC 8: hyperlink⟩innocent link⟨OSC 8: hyperlink⟩');
    await expect(row('osc52')).toContainText('⟨OSC 52: clipboard write⟩ clipboard write');
    await expect(row('title')).toContainText('⟨OSC 0: title change⟩ ⟨OSC 2: title change⟩');
    await expect(row('csi')).toContainText('\\x1b[2J\\x1b[H');
    await expect(row('csi').locator('.ansi-fg-1')).toHaveText('red text');
    await expect(row('bidi')).toContainText('invoice⟨U+202E⟩gpj.exe and ⟨U+2066⟩isolated⟨U+2069⟩');
    await expect(row('controls')).toContainText(
      'nul[\\x00] bell[\\x07] backspace[\\x08] cr[\\x0d] del[\\x7f]',
    );
    await expect(row('huge')).toContainText('more characters');
    const hugeText = await row('huge').textContent();
    expect(hugeText!.length).toBeLessThan(5000);
    // Only http(s) links are links, and they ask first.
    await expect(row('js-url').getByTestId('log-link')).toHaveCount(0);
    await row('link').getByTestId('log-link').click();
    await expect(page.getByTestId('link-confirm')).toContainText('https://example.invalid/runbook');
    await page.getByTestId('link-cancel').click();
    await expect(page.getByTestId('link-confirm')).toHaveCount(0);

    // The whole line (as much as the engine keeps of it) in the context view, still as text.
    await row('huge').getByTestId('expand-line').click();
    await expect(page.getByTestId('context-view')).toBeVisible();
    await expect(page.getByTestId('context-view').locator('.full')).toContainText('AAAAAAAAAAAAAAAA');
    await page.getByTestId('close-context').click();

    // Responsive: a click takes effect within a deadline.
    const toggle = page.getByTestId('utc-toggle');
    const before = (await toggle.textContent()) ?? '';
    const started = Date.now();
    await toggle.click();
    await expect(toggle).not.toHaveText(before, { timeout: 2000 });
    console.log(`hostile corpus: a click took effect in ${Date.now() - started} ms with the corpus in view`);

    await page.screenshot({ path: 'test-results/hostile-corpus.png' });
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(page.url()).toBe(url);
    expect(await page.title()).toBe(title);
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(CLIPBOARD_CANARY);
    expect(dialogs).toEqual([]);
    expect(popups).toEqual([]);
    expect(context.pages()).toHaveLength(1);
    await context.close();
  });
});
