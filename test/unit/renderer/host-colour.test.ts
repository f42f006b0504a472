import { describe, expect, it } from 'vitest';
import {
  assignHostColours,
  hostColour,
  hostColourIn,
  hostHue,
  hostHueAt,
} from '../../../src/renderer/composables/host-colour';

const hueDistance = (a: number, b: number) => Math.min(Math.abs(a - b), 360 - Math.abs(a - b));

describe('host colours', () => {
  it('keeps hues of a fleet far apart', () => {
    const hosts = Array.from({ length: 12 }, (_, i) => `web-${i + 1}`);
    assignHostColours(hosts);
    const hues = hosts.map(hostHue);
    for (let i = 0; i < hues.length; i++)
      for (let j = i + 1; j < hues.length; j++)
        expect(hueDistance(hues[i], hues[j])).toBeGreaterThanOrEqual(10);
    for (let i = 0; i + 1 < 8; i++) expect(hueDistance(hostHueAt(i), hostHueAt(i + 1))).toBeGreaterThan(100);
  });

  it('gives a host the same colour whatever order the fleet is listed in', () => {
    assignHostColours(['web-2', 'web-10', 'web-1']);
    const before = hostColour('web-10');
    assignHostColours(['web-1', 'web-10', 'web-2']);
    expect(hostColour('web-10')).toBe(before);
    expect(hostColour('web-10')).toMatch(/^light-dark\(hsl\(\d+ 75% 34%\), hsl\(\d+ 70% 66%\)\)$/);
  });

  it('gives a canvas the colour of one theme, the same the page shows in that theme', () => {
    assignHostColours(['web-1', 'web-2']);
    const light = hostColourIn('web-2', 'light');
    const dark = hostColourIn('web-2', 'dark');
    expect(light).not.toBe(dark);
    expect(light).not.toContain('light-dark');
    expect(hostColour('web-2')).toBe(`light-dark(${light}, ${dark})`);
  });

  it('colours hosts outside the fleet by their name', () => {
    assignHostColours([]);
    expect(hostHue('db-1')).toBe(hostHue('db-1'));
  });
});
