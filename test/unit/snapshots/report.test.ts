import { describe, expect, it } from 'vitest';
import { incidentTimeline } from '../../../src/shared/incident';
import { jsonForScript } from '../../../src/engine/snapshots/report/html-escape';
import {
  renderReport,
  REPORT_CSP,
  type ReportData,
} from '../../../src/engine/snapshots/report/render-report';
import { SNAPSHOT_FORMAT } from '../../../src/engine/snapshots/snapshot-format';

const T = Date.UTC(2024, 4, 1, 12, 0, 0);
const HOSTILE = '</script><script>alert(1)</script><img src=x onerror=alert(2)>\u2028&amp;';

function data(overrides: Partial<ReportData> = {}): ReportData {
  const marks = [
    { kind: 'incident-start' as const, ts: T },
    { kind: 'detected' as const, ts: T + 65_000 },
  ];
  return {
    summary: {
      format: SNAPSHOT_FORMAT,
      formatVersion: 1,
      appVersion: '0.1.0',
      createdAt: T + 3_600_000,
      profile: {
        name: 'shop <prod>',
        environment: 'production',
        applications: ['checkout'],
        hostAddressesMasked: false,
      },
      window: { from: T - 60_000, to: T + 600_000 },
      hosts: ['web-1', 'web-<2>'],
      counts: {
        events: 2,
        lines: 2,
        markers: {},
        series: 0,
        forecasts: 0,
        anomalies: 0,
        signatures: 0,
        auditEntries: 1,
        marks: 2,
        notes: 1,
      },
      incident: { marks: incidentTimeline(marks).marks, mttdMs: 65_000, mttrMs: null },
      redactions: { jwt: 3 },
    },
    timeline: incidentTimeline(marks),
    marks,
    notes: [{ ts: T + 70_000, text: `note ${HOSTILE}` }],
    audit: [{ ts: T + 90_000, action: 'restart', summary: `systemctl restart ${HOSTILE}` }],
    anomalies: [],
    heatmap: {
      hosts: ['web-1', 'web-<2>'],
      start: T - 60_000,
      bucketMs: 60_000,
      lines: [
        [1, 0],
        [0, 1],
      ],
      errors: [
        [1, 0],
        [0, 0],
      ],
    },
    series: [],
    forecasts: [],
    signatures: [],
    excerpt: [
      {
        ts: T,
        tsOrigin: 'parsed',
        host: 'web-1',
        app: 'checkout',
        source: '/var/log/a.log',
        level: 'error',
        message: HOSTILE,
      },
    ],
    omittedFromExcerpt: 0,
    ...overrides,
  };
}

describe('report.html', () => {
  const html = renderReport(data());

  it('carries a CSP that forbids every request', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(REPORT_CSP).toContain("default-src 'none'");
  });

  it('references nothing outside itself', () => {
    expect(html).not.toMatch(/\b(?:src|href|action)\s*=\s*["']?(?:https?:|\/\/)/i);
    expect(html).not.toMatch(/<link\b|@import|url\(/i);
  });

  it('escapes log text, notes, actions and host names everywhere', () => {
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain(
      'note &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;',
    );
    expect(html).toContain('web-&lt;2&gt;');
    expect(html).toContain('shop &lt;prod&gt;');
    // Only the two script elements of the page itself.
    expect(html.match(/<script/g)).toHaveLength(2);
  });

  it('embeds the excerpt as JSON that cannot close its script element', () => {
    const json = jsonForScript({ m: HOSTILE });
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual({ m: HOSTILE });
  });

  it('shows MTTD and the marks on the timeline', () => {
    expect(html).toMatch(/data-testid="mttd"><b>1 min 05 s<\/b>/);
    expect(html).toContain('data-testid="timeline"');
    expect(html).toContain('>Detected</text>');
    expect(html).toContain('data-testid="heatmap"');
  });
});
