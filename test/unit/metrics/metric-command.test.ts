import { describe, expect, it } from 'vitest';
import { MetricSamples, parseMetricLines } from '../../../src/engine/metrics/metric-command';

describe('metric command output', () => {
  it('reads name value lines and rejects the rest', () => {
    const { values, rejected } = parseMetricLines(
      [
        '# queue metrics',
        'queue_depth 42',
        '  workers.busy\t3.5 ',
        '',
        'temp -1e3',
        'oops',
        'x 1 2',
        'load NaN',
      ].join('\n'),
    );
    expect([...values]).toEqual([
      ['queue_depth', 42],
      ['workers.busy', 3.5],
      ['temp', -1000],
    ]);
    expect(rejected).toEqual(['oops', 'x 1 2', 'load NaN']);
  });

  it('keeps bounded samples per metric and a bounded number of metrics', () => {
    const samples = new MetricSamples(2, 2);
    samples.add(
      1,
      new Map([
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ]),
    );
    samples.add(2, new Map([['a', 4]]));
    samples.add(3, new Map([['a', 5]]));
    expect([...samples.series.keys()]).toEqual(['a', 'b']);
    expect(samples.series.get('a')).toEqual([
      { ts: 2, value: 4 },
      { ts: 3, value: 5 },
    ]);
  });
});
