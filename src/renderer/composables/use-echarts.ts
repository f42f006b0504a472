import { CustomChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { onBeforeUnmount, onMounted, ref, shallowRef, type Ref } from 'vue';

// Only what the charts use, so the bundle stays small. None of it evaluates code from strings, so the
// page's `script-src 'self'` holds (the e2e specs watch for CSP violations).
echarts.use([CustomChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ECharts = echarts.ECharts;
export type EChartsOption = echarts.EChartsCoreOption;

/** The theme's colours, read from the CSS variables of styles/base.css. */
export interface ChartColours {
  /** The theme in effect (the root's color-scheme), for colours a canvas must be given resolved. */
  scheme: 'light' | 'dark';
  text: string;
  textDim: string;
  border: string;
  bg: string;
  bgRaised: string;
  accent: string;
  error: string;
  fatal: string;
  warn: string;
  mono: string;
  sans: string;
}

export function readChartColours(root: HTMLElement = document.documentElement): ChartColours {
  const css = getComputedStyle(root);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    scheme: css.colorScheme.trim() === 'light' ? 'light' : 'dark',
    text: v('--text'),
    textDim: v('--text-dim'),
    border: v('--border'),
    bg: v('--bg'),
    bgRaised: v('--bg-raised'),
    accent: v('--accent'),
    error: v('--error'),
    fatal: v('--fatal'),
    warn: v('--warn'),
    mono: v('--mono'),
    sans: v('--sans'),
  };
}

/**
 * Owns one ECharts instance on an element: made when mounted, resized with its element, disposed when
 * unmounted. `colours` follows the theme (the data-theme attribute on <html> and the system's scheme).
 */
export function useECharts(element: Ref<HTMLElement | null>, onResize?: () => void) {
  const chart = shallowRef<ECharts | null>(null);
  const colours = ref<ChartColours>(readChartColours());
  let resizeObserver: ResizeObserver | null = null;
  let themeObserver: MutationObserver | null = null;
  const scheme = window.matchMedia('(prefers-color-scheme: dark)');
  const themeChanged = () => (colours.value = readChartColours());

  onMounted(() => {
    if (!element.value) return;
    chart.value = echarts.init(element.value, null, { renderer: 'canvas' });
    resizeObserver = new ResizeObserver(() => {
      chart.value?.resize();
      onResize?.();
    });
    resizeObserver.observe(element.value);
    themeObserver = new MutationObserver(themeChanged);
    themeObserver.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme', 'class'],
    });
    scheme.addEventListener('change', themeChanged);
  });

  onBeforeUnmount(() => {
    resizeObserver?.disconnect();
    themeObserver?.disconnect();
    scheme.removeEventListener('change', themeChanged);
    chart.value?.dispose();
    chart.value = null;
  });

  return { chart, colours };
}
