import { describe, expect, it } from 'vitest';
import { formatDuration, incidentTimeline } from '../../../src/shared/incident';

const T = Date.UTC(2024, 4, 1, 12, 0, 0);

describe('incident timeline', () => {
  it('computes MTTD as detected − start and MTTR as resolved − detected', () => {
    const timeline = incidentTimeline([
      { kind: 'incident-start', ts: T },
      { kind: 'detected', ts: T + 4 * 60_000 },
      { kind: 'mitigated', ts: T + 10 * 60_000 },
      { kind: 'resolved', ts: T + 34 * 60_000 },
    ]);
    expect(timeline).toEqual({
      marks: { 'incident-start': T, detected: T + 240_000, mitigated: T + 600_000, resolved: T + 2_040_000 },
      mttdMs: 240_000,
      mttrMs: 1_800_000,
      mttmMs: 360_000,
      problems: [],
    });
  });

  it('leaves a duration unknown while one of its marks is missing', () => {
    const timeline = incidentTimeline([{ kind: 'detected', ts: T }]);
    expect(timeline.mttdMs).toBeNull();
    expect(timeline.mttrMs).toBeNull();
  });

  it('lets a later placement of a mark correct an earlier one', () => {
    const timeline = incidentTimeline([
      { kind: 'incident-start', ts: T, placedAt: T + 100 },
      { kind: 'detected', ts: T + 60_000, placedAt: T + 200 },
      { kind: 'incident-start', ts: T - 60_000, placedAt: T + 300 },
    ]);
    expect(timeline.marks['incident-start']).toBe(T - 60_000);
    expect(timeline.mttdMs).toBe(120_000);
  });

  it('reports marks out of order instead of a negative duration', () => {
    const timeline = incidentTimeline([
      { kind: 'detected', ts: T },
      { kind: 'resolved', ts: T - 1000 },
    ]);
    expect(timeline.mttrMs).toBeNull();
    expect(timeline.problems).toEqual(['"resolved" is marked before "detected"; move one of them']);
  });

  it('formats durations the way people say them', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(245_000)).toBe('4 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
  });
});
