import { describe, expect, it } from 'vitest';
import {
  exportWindow,
  localInputTime,
  toLocalInput,
} from '../../../src/renderer/components/snapshots/export-window';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);

describe('the export dialog’s window', () => {
  it('ends now for the last 15 minutes, the last hour and since the incident start', () => {
    const none = { from: '', to: '' };
    expect(exportWindow('last15', NOW, null, none)).toEqual({ from: NOW - 900_000, to: NOW });
    expect(exportWindow('last60', NOW, null, none)).toEqual({ from: NOW - 3_600_000, to: NOW });
    expect(exportWindow('incident', NOW, NOW - 42_000, none)).toEqual({ from: NOW - 42_000, to: NOW });
  });

  it('has no window since an incident start that is not marked, or marked in the future', () => {
    expect(exportWindow('incident', NOW, null, { from: '', to: '' })).toBeNull();
    expect(exportWindow('incident', NOW, NOW + 1, { from: '', to: '' })).toBeNull();
  });

  it('reads custom times in the viewer’s zone, and refuses an end before the start', () => {
    const from = toLocalInput(NOW - 600_000);
    const to = toLocalInput(NOW);
    expect(exportWindow('custom', NOW, null, { from, to })).toEqual({ from: NOW - 600_000, to: NOW });
    expect(exportWindow('custom', NOW, null, { from: to, to: from })).toBeNull();
    expect(localInputTime('yesterday')).toBeNull();
    expect(localInputTime(toLocalInput(NOW))).toBe(NOW);
  });
});
