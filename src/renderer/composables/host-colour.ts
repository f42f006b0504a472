import { reactive } from 'vue';

// Host colours: each host of the connected fleet gets its own hue, spread by the golden angle over the
// sorted host names, so neighbours in the list never look alike and a fleet keeps its colours across
// sessions. Hosts outside the fleet fall back to a hash of the name. Lightness follows the theme.

const GOLDEN_ANGLE = 137.508;
const assigned = reactive(new Map<string, number>());

/** Gives every host of the fleet its hue; call when the session's host list changes. */
export function assignHostColours(hosts: readonly string[]): void {
  const sorted = [...new Set(hosts)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  assigned.clear();
  sorted.forEach((host, i) => assigned.set(host, hostHueAt(i)));
}

/** The hue of the i-th host: golden-angle steps, starting at a blue that reads well on both themes. */
export function hostHueAt(i: number): number {
  return Math.round((210 + i * GOLDEN_ANGLE) % 360);
}

export function hostHue(host: string): number {
  const known = assigned.get(host);
  if (known !== undefined) return known;
  let hash = 2166136261;
  for (let i = 0; i < host.length; i++) hash = Math.imul(hash ^ host.charCodeAt(i), 16777619);
  return hostHueAt((hash >>> 0) % 97);
}

/** A stable colour per host name, readable on the light and the dark theme. */
export function hostColour(host: string): string {
  return `light-dark(${hostColourIn(host, 'light')}, ${hostColourIn(host, 'dark')})`;
}

/** The same colour for one theme: what a canvas (the charts) is given, as it cannot read light-dark(). */
export function hostColourIn(host: string, scheme: 'light' | 'dark'): string {
  const hue = hostHue(host);
  return scheme === 'light' ? `hsl(${hue} 75% 34%)` : `hsl(${hue} 70% 66%)`;
}
