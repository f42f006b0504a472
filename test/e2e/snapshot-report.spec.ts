import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { ENTRY } from '../../src/engine/snapshots/snapshot-format';
import { writeSnapshot } from '../../src/engine/snapshots/snapshot-writer';
import { syntheticSource } from '../../src/engine/snapshots/synthetic-source';

const FROM = Date.UTC(2024, 4, 1, 12, 0, 0);

// The report must work as a file someone was sent: offline, with every request refused.
test.describe('report.html of a snapshot, in Chromium with the network blocked', () => {
  let html = '';
  let dir = '';

  test.beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wf-report-'));
    const file = path.join(dir, 'incident.wfsnap');
    const source = syntheticSource({
      events: 8000,
      hosts: 6,
      from: FROM,
      durationMs: 30 * 60_000,
      planted: ['login failed password=CanaryE2ePass1 <img src=x onerror="window.pwned=1">'],
    });
    await writeSnapshot(
      file,
      {
        ...source,
        series: [
          {
            name: 'requests',
            unit: 'req/s',
            start: FROM,
            stepMs: 60_000,
            values: Array.from({ length: 30 }, (_, i) => 100 + 10 * Math.sin(i / 3) + (i > 22 ? 80 : 0)),
          },
        ],
        forecasts: [
          {
            series: 'requests',
            model: 'holt-winters',
            level: 0.8,
            start: FROM + 30 * 60_000,
            stepMs: 60_000,
            forecast: [180, 178, 175, 170],
            lower: [160, 150, 145, 135],
            upper: [200, 205, 208, 210],
          },
        ],
        anomalies: [
          { ts: FROM + 23 * 60_000, kind: 'spike', summary: 'requests 1.8× baseline', series: 'requests' },
        ],
        audit: [
          {
            ts: FROM + 26 * 60_000,
            action: 'restart',
            summary: 'systemctl restart checkout',
            hosts: ['web-3'],
          },
        ],
        marks: [
          { kind: 'incident-start', ts: FROM + 23 * 60_000 },
          { kind: 'detected', ts: FROM + 24 * 60_000 + 30_000 },
          { kind: 'mitigated', ts: FROM + 26 * 60_000 },
          { kind: 'resolved', ts: FROM + 29 * 60_000 },
        ],
        notes: [{ ts: FROM + 25 * 60_000, text: 'payments pool exhausted on web-3' }],
      },
      { appVersion: 'e2e' },
    );
    html = strFromU8(unzipSync(readFileSync(file))[ENTRY.report]);
  });

  test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('shows the timeline, heatmap, charts and lines without making a single request', async ({ page }) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.route('**', (route) => route.abort());
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') violations.push(m.text());
    });
    page.on('pageerror', (e) => violations.push(e.message));

    await page.setContent(html, { waitUntil: 'load' });

    await expect(page.getByTestId('timeline')).toBeVisible();
    await expect(page.getByTestId('timeline').locator('circle')).toHaveCount(4 + 1 + 1 + 1);
    await expect(page.getByTestId('heatmap')).toBeVisible();
    expect(await page.getByTestId('heatmap').locator('rect[fill]').count()).toBeGreaterThan(100);
    await expect(page.getByTestId('rate-chart')).toHaveCount(1);
    await expect(page.getByTestId('mttd')).toContainText('1 min 30 s');
    await expect(page.getByTestId('mttr')).toContainText('4 min 30 s');
    await expect(page.getByTestId('notes')).toContainText('payments pool exhausted on web-3');

    const rows = page.getByTestId('lines').locator('tbody tr');
    await expect(rows).toHaveCount(1000);
    await page.getByLabel('Filter lines').fill('password=');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('password=[REDACTED:password-key-value] <img src=x');
    expect(await page.evaluate('window.pwned')).toBeUndefined();
    await page.getByLabel('Filter lines').fill('');
    await page.getByLabel('Minimum level').selectOption('error');
    await expect(rows.first()).toContainText('upstream timed out');

    mkdirSync('test-results', { recursive: true });
    await page.getByLabel('Minimum level').selectOption('');
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: 'test-results/snapshot-report.png', fullPage: true });

    expect(requests).toEqual([]);
    expect(violations).toEqual([]);
  });
});
