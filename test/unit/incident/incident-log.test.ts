import { describe, expect, it } from 'vitest';
import { IncidentLog } from '../../../src/engine/incident/incident-log';
import type { IncidentState } from '../../../src/shared/incident';

function log(start = 1_000_000) {
  let now = start;
  const changes: IncidentState[] = [];
  const incident = new IncidentLog({ now: () => now, onChange: (s) => changes.push(s) });
  return { incident, changes, advance: (ms: number) => (now += ms) };
}

describe('IncidentLog', () => {
  it('computes MTTD and MTTR once start, detected and resolved are marked', () => {
    const { incident, advance } = log();
    incident.addMark('incident-start', 1_000_000 - 120_000);
    expect(incident.state().timeline.mttdMs).toBeNull();
    incident.addMark('detected');
    advance(300_000);
    incident.addMark('mitigated');
    advance(60_000);
    incident.addMark('resolved');
    const { timeline } = incident.state();
    expect(timeline.mttdMs).toBe(120_000);
    expect(timeline.mttmMs).toBe(300_000);
    expect(timeline.mttrMs).toBe(360_000);
    expect(timeline.problems).toEqual([]);
  });

  it('lets a later placement of a kind correct the earlier one, and removing it restore that one', () => {
    const { incident, advance } = log();
    incident.addMark('incident-start', 900_000);
    const first = incident.addMark('detected', 1_000_000);
    advance(1000);
    const correction = incident.addMark('detected', 950_000);
    expect(incident.state().timeline.mttdMs).toBe(50_000);
    incident.removeMark(correction.id!);
    expect(incident.state().timeline.marks.detected).toBe(first.ts);
    expect(incident.removeMark('no-such-id')).toBe(false);
  });

  it('keeps notes in time order, on a line at its time unless another is given', () => {
    const { incident } = log();
    const row = { host: 'web-2', source: '/var/log/app.log', ts: 500_000, message: 'upstream timed out' };
    incident.addNote('  checkout pool exhausted  ');
    const onLine = incident.addNote('first timeout', undefined, row);
    const { notes } = incident.state();
    expect(notes.map((n) => n.text)).toEqual(['first timeout', 'checkout pool exhausted']);
    expect(onLine).toMatchObject({ ts: 500_000, line: row });
    expect(incident.removeNote(onLine.id!)).toBe(true);
    expect(incident.state().notes).toHaveLength(1);
    expect(() => incident.addNote('   ')).toThrow(/needs some text/);
  });

  it('reports every change with the whole state', () => {
    const { incident, changes } = log();
    const mark = incident.addMark('detected');
    incident.addNote('paged');
    incident.removeMark(mark.id!);
    expect(changes.map((c) => [c.marks.length, c.notes.length])).toEqual([
      [1, 0],
      [1, 1],
      [0, 1],
    ]);
  });
});
