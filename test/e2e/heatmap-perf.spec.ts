import { expect, test } from '@playwright/test';
import vue from '@vitejs/plugin-vue';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'vite';
import { LEVEL_BY_CODE } from '../../src/engine/store/row-flags';
import { Rollups } from '../../src/engine/store/rollups';

// Issue 5's performance figure for the heatmap: 500 hosts × 360 buckets, update time measured in Chromium
// and printed (reported, not asserted). The real HeatmapChart component is built alone into a page with the
// app's CSP (heatmap-bench/), fed synthetic cells, and fed an answer of the engine's real rollups.

const HOSTS = 500;
const BUCKETS = 360;
const UPDATES = 40;
const benchDir = path.join(__dirname, 'heatmap-bench');
const outDir = path.resolve(__dirname, '../../test-results/heatmap-bench');

interface Sample {
  updateMs: number;
  renderMs: number;
  toFrameMs: number;
}

/** What heatmap-bench/main.js puts on the page. */
interface HeatmapBench {
  run(hosts: number, buckets: number, updates: number): Promise<Sample[]>;
  fromJson(text: string): Promise<{ parseMs: number; updateMs: number }>;
  theme(name: string): void;
  frame(): Promise<void>;
}

/** The page's globals, as seen inside page.evaluate. */
interface BenchPage {
  heatmapBench: HeatmapBench;
  cspViolations: string[];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(values: number[]): string {
  const f = (v: number) => v.toFixed(1);
  return `p50 ${f(percentile(values, 50))} ms, p95 ${f(percentile(values, 95))} ms, max ${f(Math.max(...values))} ms`;
}

/** An hour of the engine's rollups for 500 hosts: every host logs every 10 s, some with errors. */
function engineAnswer(): { json: string; queryMs: number } {
  const hosts = Array.from({ length: HOSTS }, (_, i) => `web-${i + 1}`);
  const rollups = new Rollups(hosts, ['checkout']);
  const end = Date.UTC(2026, 0, 1, 13);
  const start = end - BUCKETS * 10_000;
  const codes = {
    error: LEVEL_BY_CODE.indexOf('error'),
    warn: LEVEL_BY_CODE.indexOf('warn'),
    info: LEVEL_BY_CODE.indexOf('info'),
  };
  for (let b = 0; b < BUCKETS; b++)
    for (let h = 0; h < HOSTS; h++) {
      const ts = start + b * 10_000 + (h % 10) * 100;
      rollups.add(ts, h, 0, codes.info);
      if ((h * 31 + b * 17) % 7 === 0) rollups.add(ts, h, 0, codes.warn);
      if ((h * 13 + b) % 11 === 0 || h % 50 === 7) rollups.add(ts, h, 0, codes.error);
    }
  const timings: number[] = [];
  let cells = rollups.heatmap(start, end, 10_000);
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    cells = rollups.heatmap(start, end, 10_000);
    timings.push(performance.now() - started);
  }
  const queryMs = percentile(timings, 50);
  expect(cells.hosts).toHaveLength(HOSTS);
  expect(cells.times).toHaveLength(BUCKETS);
  return { json: JSON.stringify(cells), queryMs };
}

test.describe('heatmap performance in Chromium', () => {
  let server: Server;
  let url: string;

  test.beforeAll(async () => {
    await build({
      root: benchDir,
      base: './',
      logLevel: 'warn',
      plugins: [vue()],
      build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 2000 },
    });
    server = createServer((request, response) => {
      const name = (request.url ?? '/').split('?')[0];
      const file = path.join(outDir, name === '/' ? 'index.html' : path.normalize(name));
      if (!file.startsWith(outDir)) return void response.writeHead(403).end();
      let body: Buffer;
      try {
        body = readFileSync(file);
      } catch {
        return void response.writeHead(404).end();
      }
      const type = file.endsWith('.js')
        ? 'text/javascript'
        : file.endsWith('.css')
          ? 'text/css'
          : 'text/html';
      response.writeHead(200, { 'content-type': type }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  test.afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  test(`updates a ${HOSTS} hosts × ${BUCKETS} buckets heatmap (measured, printed)`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 600 }, colorScheme: 'dark' });
    const page = await context.newPage();
    await page.addInitScript({
      content: `window.cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) =>
          window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber));`,
    });
    await page.goto(url);
    await page.waitForFunction(() => 'heatmapBench' in globalThis);

    const samples = await page.evaluate(
      ([hosts, buckets, updates]) =>
        (globalThis as unknown as BenchPage).heatmapBench.run(hosts, buckets, updates),
      [HOSTS, BUCKETS, UPDATES] as const,
    );
    const heatmap = page.getByTestId('heatmap');
    await expect(heatmap).toHaveAttribute('data-rows', String(HOSTS));
    await expect(heatmap).toHaveAttribute('data-columns', String(BUCKETS));

    mkdirSync('test-results', { recursive: true });
    await heatmap.screenshot({ path: 'test-results/heatmap-500-hosts-dark.png' });
    await page.evaluate(() => (globalThis as unknown as BenchPage).heatmapBench.theme('light'));
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await page.evaluate(() => (globalThis as unknown as BenchPage).heatmapBench.frame());
    await heatmap.screenshot({ path: 'test-results/heatmap-500-hosts-light.png' });

    const { json, queryMs } = engineAnswer();
    const wire: { parseMs: number; updateMs: number }[] = [];
    for (let i = 0; i < 8; i++)
      wire.push(
        await page.evaluate((text) => (globalThis as unknown as BenchPage).heatmapBench.fromJson(text), json),
      );

    const figures = {
      cells: HOSTS * BUCKETS,
      update: summary(samples.map((s) => s.updateMs)),
      raster: summary(samples.map((s) => s.renderMs)),
      toNextFrame: summary(samples.map((s) => s.toFrameMs)),
      engineQueryMs: Number(queryMs.toFixed(1)),
      answerBytes: json.length,
      parseMs: summary(wire.map((w) => w.parseMs)),
      updateFromAnswer: summary(wire.map((w) => w.updateMs)),
    };
    writeFileSync(
      'test-results/heatmap-perf.json',
      `${JSON.stringify({ samples, wire, figures }, null, 2)}\n`,
    );
    console.log(
      [
        `heatmap ${HOSTS} hosts × ${BUCKETS} buckets (${figures.cells.toLocaleString()} cells), ${UPDATES} live updates:`,
        `  update (data set → drawn): ${figures.update}`,
        `  of which raster + chart:   ${figures.raster}`,
        `  update to next frame:      ${figures.toNextFrame}`,
        `  engine rollup query (p50): ${figures.engineQueryMs} ms, answer ${(figures.answerBytes / 1e6).toFixed(2)} MB of JSON`,
        `  answer parse in the page:  ${figures.parseMs}`,
        `  update from that answer:   ${figures.updateFromAnswer}`,
      ].join('\n'),
    );

    const violations = await page.evaluate(() => (globalThis as unknown as BenchPage).cspViolations);
    expect(violations, 'ECharts must run under script-src self').toEqual([]);
    await context.close();
  });
});
