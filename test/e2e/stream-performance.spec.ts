import { expect, test, type Page } from '@playwright/test';
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { appendLines, LogWriter } from '../harness/log-writer';
import { writeFleetProfile } from '../harness/profiles';
import { startServe, type RunningServe } from '../harness/serve';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';

// Measures (and prints; does not assert) how the merged stream behaves in Chromium with a 1M-line window:
// frame times while scrolling, and, while following a 50,000 lines/s flood, input latency and the longest
// frame. The window is filled through a real host: a pre-written 1M-line file appears in a watched
// wildcard path after connecting, so it is read from its beginning.

const harness = canRunSshFleet();
/** Lines in the window; WATCHFLOOR_PERF_LINES makes a quicker, smaller run. */
const WINDOW_LINES = Number(process.env.WATCHFLOOR_PERF_LINES ?? 1_000_000);
const FLOOD_RATE = 50_000;
const FLOOD_MS = 10_000;

function levelOf(i: number): string {
  return i % 500 === 0 ? 'ERROR' : i % 50 === 0 ? 'WARN' : 'INFO';
}

function logLine(i: number, ts: Date, host: string): string {
  return `${ts.toISOString()} ${levelOf(i)} api[${host}] GET /api/v1/items/${i % 1000} status=200 took=${i % 500}ms id=${i}`;
}

/** Writes `lines` lines spread over the last 20 minutes, oldest first, to a file renamed into place at the end. */
function writeBigFile(file: string, lines: number, host: string): void {
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w', 0o644);
  const start = Date.now() - 20 * 60_000;
  const step = (20 * 60_000 - 5_000) / lines;
  const chunk = 20_000;
  for (let from = 0; from < lines; from += chunk) {
    let text = '';
    for (let i = from; i < Math.min(lines, from + chunk); i++)
      text += logLine(i, new Date(start + i * step), host) + '\n';
    writeSync(fd, text);
  }
  closeSync(fd);
  renameSync(tmp, file);
}

interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Frames that took longer than one 60 Hz frame (a frame or more dropped). */
  late: number;
  longAnimationFrames: number;
  longestAnimationFrame: number;
}

/**
 * Page-side instruments, as page script: frame recording (requestAnimationFrame deltas and long animation
 * frames), input latency probes (from the input event's timestamp to the first frame showing its effect),
 * a scroll run and jumps across the window.
 */
const INSTRUMENTS = String.raw`
(() => {
  let recording = null;
  const observer = new PerformanceObserver((list) => {
    if (recording && recording.on) for (const e of list.getEntries()) recording.loafs.push(e.duration);
  });
  try { observer.observe({ type: 'long-animation-frame', buffered: false }); } catch {}
  window.__startFrames = () => {
    recording = { deltas: [], loafs: [], last: performance.now(), on: true };
    const tick = (now) => {
      if (!recording.on) return;
      recording.deltas.push(now - recording.last);
      recording.last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  };
  const stats = (deltas, loafs) => {
    const sorted = deltas.slice().sort((a, b) => a - b);
    const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] || 0;
    return { frames: sorted.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: sorted[sorted.length - 1] || 0,
      late: sorted.filter((d) => d > 20).length,
      longAnimationFrames: loafs.length, longestAnimationFrame: Math.max(0, ...loafs) };
  };
  window.__stopFrames = () => {
    recording.on = false;
    return stats(recording.deltas.slice(1), recording.loafs);
  };
  window.__frameCount = () => recording.deltas.length;
  // Inputs are counted, not compared by time: a busy page may run the probe after the input was created.
  let lastInput = 0;
  let inputs = 0;
  for (const type of ['keydown', 'pointerdown'])
    window.addEventListener(type, (e) => { lastInput = e.timeStamp; inputs++; }, { capture: true });
  // Armed (and awaited) before the input is sent; the result is awaited after.
  window.__arm = (selector, text, present) => { window.__probeResult = probe(selector, text, present); };
  const probe = (selector, text, present) => new Promise((resolve) => {
    const armedAt = performance.now();
    const inputsAtArm = inputs;
    const check = () => {
      if (performance.now() - armedAt > 10000) return resolve(-1);
      const el = document.querySelector(selector);
      if (inputs > inputsAtArm && el && (el.textContent || '').includes(text) === present)
        resolve(performance.now() - lastInput);
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
  const scroller = () => document.querySelector('[data-testid="stream"]');
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  // 300 frames of wheel-like steps from the middle, then 120 frames of scrollbar-like jumps anywhere.
  window.__scrollRun = async () => {
    const el = scroller();
    const max = el.scrollHeight - el.clientHeight;
    el.scrollTop = max / 2;
    await new Promise((r) => setTimeout(r, 300));
    window.__startFrames();
    let jumpsFrom = 0;
    for (let i = 1; i <= 420; i++) {
      if (i === 301) jumpsFrom = window.__frameCount();
      if (i <= 300) el.scrollTop += 66;
      else el.scrollTop = (((i * 7919) % 1000) / 1000) * max;
      await frame();
    }
    const all = window.__stopFrames();
    return { all, wheel: stats(recording.deltas.slice(1, jumpsFrom), []), jumps: stats(recording.deltas.slice(jumpsFrom), []) };
  };
  // Time for the rows of a far jump to be drawn (fetched from the engine), ten jumps.
  window.__jumpFills = async () => {
    const el = scroller();
    const max = el.scrollHeight - el.clientHeight;
    const fills = [];
    for (let j = 1; j <= 10; j++) {
      el.scrollTop = (((j * 3571) % 1000) / 1000) * max;
      const t0 = performance.now();
      for (;;) {
        await frame();
        if (el.querySelector('[data-testid="stream-row"]') && !el.querySelector('[data-testid="stream-loading"]')) break;
      }
      fills.push(performance.now() - t0);
    }
    return { fills: fills.sort((a, b) => a - b), rows: el.querySelectorAll('[data-testid="stream-row"]').length };
  };
})();
`;

const frameTimes = (s: FrameStats) =>
  `frames ${s.frames}, frame time p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, ` +
  `max ${s.max.toFixed(1)} ms, ${s.late} over one 60 Hz frame`;
const fmt = (s: FrameStats) =>
  `${frameTimes(s)}; long animation frames (>50 ms) ${s.longAnimationFrames}, longest ${s.longestAnimationFrame.toFixed(1)} ms`;

async function viewCount(page: Page): Promise<number> {
  const text = (await page.getByTestId('row-count').textContent()) ?? '0';
  return Number(text.replace(/[^\d]/g, ''));
}

test.describe('merged stream performance in Chromium', () => {
  test.skip(!harness.ok, harness.ok ? '' : harness.why);
  test.setTimeout(600_000);

  let fleet: SshFleet;
  let serve: RunningServe;
  let flood: LogWriter | null = null;

  test.beforeAll(async () => {
    fleet = await startSshFleet({ hosts: 1 });
    writeFleetProfile(fleet, { name: 'perf', environment: 'production', files: ['perf-*.log'] });
    serve = await startServe(['--profiles', path.join(fleet.root, 'profiles')], fleet.env());
  });

  test.afterAll(async () => {
    await flood?.stop();
    await serve?.stop();
    await fleet?.stop();
  });

  test('1M-line window: scrolling, then following a 50,000 lines/s flood', async ({ browser }) => {
    const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(serve.url);
    await expect(page.getByTestId('profile-picker')).toHaveValue('perf.yaml');
    const host = fleet.hosts[0];
    // A first file, older than the big one, proves the wildcard was expanded and followed before the big
    // file appears (a file present at the first expansion would only be read from its last 64 KiB).
    const first = new Date(Date.now() - 30 * 60_000);
    appendLines(path.join(host.logDir, 'perf-0.log'), [
      `${first.toISOString()} INFO api[${host.name}] started`,
    ]);
    await page.getByTestId('connect').click();
    await expect(page.getByTestId('stream-row').filter({ hasText: 'started' })).toBeVisible();

    const bigFile = path.join(host.logDir, 'perf-1.log');
    const writeStarted = Date.now();
    writeBigFile(bigFile, WINDOW_LINES, host.name);
    console.log(`perf: wrote ${WINDOW_LINES.toLocaleString()} lines in ${Date.now() - writeStarted} ms`);
    const loadStarted = Date.now();
    await expect
      .poll(() => viewCount(page), { timeout: 240_000, intervals: [1000] })
      .toBeGreaterThan(WINDOW_LINES);
    console.log(
      `perf: the window reached ${(await viewCount(page)).toLocaleString()} lines ${Date.now() - loadStarted} ms after the file appeared (includes the 10 s wildcard rescan)`,
    );
    // Scrolling is measured on the loaded window, once the engine has indexed it (the lag indicator is gone).
    const indexStarted = Date.now();
    await expect(page.getByTestId('index-lag')).toHaveCount(0, { timeout: 120_000 });
    console.log(`perf: the index caught up ${Date.now() - indexStarted} ms later`);
    await page.evaluate(INSTRUMENTS);
    await page.screenshot({ path: 'test-results/stream-1m-dark.png' });

    // Scrolling: 300 frames of wheel-like steps, then 120 frames of scrollbar-like jumps anywhere.
    await page.getByTestId('stream').hover();
    await page.mouse.wheel(0, -2000);
    await expect(page.getByTestId('follow-toggle')).toContainText('Paused');
    const scrollFrames = (await page.evaluate('window.__scrollRun()')) as Record<
      'all' | 'wheel' | 'jumps',
      FrameStats
    >;
    const scroll = (await page.evaluate('window.__jumpFills()')) as { fills: number[]; rows: number };
    console.log(`perf: scrolling the 1M-line window: ${fmt(scrollFrames.all)}`);
    console.log(`perf:   300 wheel steps: ${frameTimes(scrollFrames.wheel)}`);
    console.log(`perf:   120 jumps anywhere: ${frameTimes(scrollFrames.jumps)}`);
    console.log(
      `perf: rows drawn after a jump anywhere in the window: median ${scroll.fills[5].toFixed(0)} ms, max ${scroll.fills[9].toFixed(0)} ms; ${scroll.rows} rows in the DOM`,
    );

    // The flood: 50,000 lines/s appended to the same file while following.
    await page.getByTestId('follow-toggle').click();
    await expect(page.getByTestId('follow-toggle')).toContainText('Following');
    flood = new LogWriter(bigFile, {
      rate: FLOOD_RATE,
      line: (i, now) => logLine(WINDOW_LINES + i, now, host.name),
    });
    flood.start();
    await page.waitForTimeout(3000);
    const before = await viewCount(page);
    const floodStarted = Date.now();
    await page.evaluate('window.__startFrames()');
    const latencies: { what: string; ms: number }[] = [];
    const probe = async (
      what: string,
      selector: string,
      text: string,
      act: () => Promise<void>,
      present = true,
    ) => {
      const args = [selector, text, present].map((v) => JSON.stringify(v)).join(', ');
      await page.evaluate(`window.__arm(${args})`);
      await act();
      const ms = (await page.evaluate('window.__probeResult')) as number;
      if (ms < 0) {
        const state = await page.evaluate(
          `JSON.stringify({ toggle: document.querySelector('[data-testid="follow-toggle"]').textContent, focus: document.activeElement && document.activeElement.outerHTML.slice(0, 120), bar: document.querySelector('.search-bar').textContent.slice(0, 200) })`,
        );
        throw new Error(`${what}: no visible effect within 10 s; ${state}`);
      }
      latencies.push({ what, ms });
    };
    while (Date.now() - floodStarted < FLOOD_MS) {
      await page.getByTestId('stream').focus();
      await probe('Space pauses', '[data-testid="follow-toggle"]', 'Paused', () => page.keyboard.press(' '));
      await probe('Space follows', '[data-testid="follow-toggle"]', 'Following', () =>
        page.keyboard.press(' '),
      );
      await probe('e filters errors', '.search-bar', 'level:>=error', () => page.keyboard.press('e'));
      await probe(
        'e clears the filter',
        '.search-bar',
        'level:>=error',
        () => page.keyboard.press('e'),
        false,
      );
      await probe('click pauses', '[data-testid="follow-toggle"]', 'Paused', () =>
        page.getByTestId('follow-toggle').click(),
      );
      await probe('click follows', '[data-testid="follow-toggle"]', 'Following', () =>
        page.getByTestId('follow-toggle').click(),
      );
      await page.waitForTimeout(300);
    }
    const floodFrames = (await page.evaluate('window.__stopFrames()')) as FrameStats;
    const seconds = (Date.now() - floodStarted) / 1000;
    const after = await viewCount(page);
    await page.screenshot({ path: 'test-results/stream-flood-dark.png' });
    flood.pause();

    const ms = latencies.map((l) => l.ms).sort((a, b) => a - b);
    console.log(
      `perf: flood written at ${FLOOD_RATE.toLocaleString()} lines/s; the window grew by ${(after - before).toLocaleString()} lines in ${seconds.toFixed(1)} s (${Math.round((after - before) / seconds).toLocaleString()} lines/s seen; the window keeps at most 2,000,000)`,
    );
    console.log(
      `perf: input latency while following the flood (${ms.length} inputs): median ${ms[Math.floor(ms.length / 2)].toFixed(0)} ms, p95 ${ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.95))].toFixed(0)} ms, max ${ms[ms.length - 1].toFixed(0)} ms`,
    );
    for (const what of [...new Set(latencies.map((l) => l.what))]) {
      const own = latencies.filter((l) => l.what === what).map((l) => l.ms.toFixed(0));
      console.log(`perf:   ${what}: ${own.join(', ')} ms`);
    }
    console.log(`perf: frames while following the flood: ${fmt(floodFrames)}`);

    // The same view in the light theme.
    const light = await browser.newContext({ colorScheme: 'light', viewport: { width: 1440, height: 900 } });
    const lightPage = await light.newPage();
    await lightPage.goto(serve.url);
    await expect(lightPage.getByTestId('stream-row').first()).toBeVisible();
    await expect(lightPage.getByTestId('stream-loading')).toHaveCount(0);
    await lightPage.screenshot({ path: 'test-results/stream-1m-light.png' });
    await light.close();
    await context.close();
  });
});
