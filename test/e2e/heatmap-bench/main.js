/* global window, document, requestAnimationFrame */
// The real heatmap component mounted alone, under the app's CSP, fed synthetic cells of any size, so
// test/e2e/heatmap-perf.spec.ts can time its updates in Chromium.
import { createApp, h, nextTick, shallowRef } from 'vue';
import HeatmapChart from '../../../src/renderer/components/heatmap/HeatmapChart.vue';
import { sortHosts } from '../../../src/renderer/components/heatmap/heatmap-geometry';
import '../../../src/renderer/styles/base.css';

const cells = shallowRef(null);
let lastRenderMs = 0;

createApp({
  render: () =>
    h('div', { style: 'width: 1400px; padding: 8px 0' }, [
      h(HeatmapChart, { cells: cells.value, onRendered: (ms) => (lastRenderMs = ms) }),
    ]),
}).mount('#app');

/**
 * An incident in numbers, shifted by `step` buckets: sporadic errors everywhere, a burst on a few hosts,
 * then a block of forty hosts failing together until the end.
 */
function synthesise(hosts, buckets, step) {
  const from = Date.UTC(2026, 0, 1, 12) + step * 10_000;
  const count = (hIndex, t) => {
    const r = (Math.imul(hIndex + 1, 2654435761) ^ Math.imul(t + 1, 40503)) >>> 0;
    let v = r % 1000 < 60 ? 1 + (r % 3) : 0;
    if (hIndex % 47 === 5 && t > 230 && t < 260) v += 20 + (r % 20);
    if (hIndex >= 300 && hIndex < 340 && t > 280) v += 5 + (r % 10);
    return v;
  };
  const grid = (scale, base) =>
    Array.from({ length: hosts }, (_, hIndex) =>
      Array.from({ length: buckets }, (_, b) => base + count(hIndex, b + step) * scale),
    );
  return {
    from,
    bucketMs: 10_000,
    hosts: Array.from({ length: hosts }, (_, i) => `web-${i + 1}`),
    times: Array.from({ length: buckets }, (_, b) => from + b * 10_000),
    errors: grid(1, 0),
    warnings: grid(2, 3),
    lines: grid(10, 200),
  };
}

function frame() {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/** Sets the cells and waits for the component to draw them: the time of a live update, ms. */
async function update(next) {
  const started = performance.now();
  cells.value = next;
  await nextTick();
  return { updateMs: performance.now() - started, renderMs: lastRenderMs };
}

window.heatmapBench = {
  async run(hosts, buckets, updates) {
    const prepared = Array.from({ length: updates + 1 }, (_, i) => synthesise(hosts, buckets, i));
    await update(prepared[0]);
    // The first draw waits for the element's size (a ResizeObserver callback).
    for (let i = 0; i < 100 && lastRenderMs === 0; i++) await frame();
    const samples = [];
    for (let i = 1; i <= updates; i++) {
      const sample = await update(prepared[i]);
      const beforeFrame = performance.now();
      await frame();
      samples.push({ ...sample, toFrameMs: sample.updateMs + (performance.now() - beforeFrame) });
    }
    return samples;
  },
  /** The engine's answer as it crosses the wire: parse, order hosts, draw. */
  async fromJson(text) {
    const started = performance.now();
    const parsed = sortHosts(JSON.parse(text));
    const parseMs = performance.now() - started;
    const { updateMs } = await update(parsed);
    return { parseMs, updateMs };
  },
  theme(name) {
    document.documentElement.dataset.theme = name;
  },
  frame,
};
