import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfileText } from '../../../src/shared/profile-validate';

const base = `
name: shop
environments:
  - name: production
    hosts:
      - { name: lb-1, address: lb-1 }
    applications:
      - name: checkout
        hosts: [lb-1]
        logs:
          - { path: /var/log/haproxy.log }
`;

const withScaling = (scaling: string) => `${base}        scaling:\n${scaling.replace(/^/gm, '          ')}\n`;

describe('scaling policy in a profile', () => {
  it('keeps the example profile loading (scaling is optional)', () => {
    const file = path.resolve(__dirname, '../../../profiles/shop.yaml');
    expect(parseProfileText(readFileSync(file, 'utf8'), 'shop.yaml').ok).toBe(true);
  });

  it('reads a policy and fills in the defaults', () => {
    const result = parseProfileText(
      withScaling(
        [
          'metric: lines_per_sec',
          'targetPerReplica: 200',
          'min: 2',
          'max: 6',
          'action:',
          '  plugin: haproxy',
          '  params: { backend: checkout, socket: /run/haproxy/admin.sock, host: lb-1 }',
        ].join('\n'),
      ),
      'shop.yaml',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.profile.environments[0].applications[0].scaling).toEqual({
      metric: 'lines_per_sec',
      targetPerReplica: 200,
      min: 2,
      max: 6,
      step: 1,
      cooldownSec: 300,
      lookaheadSec: 600,
      suggestionTtlSec: 300,
      scaleDown: { alpha: 0.7 },
      action: {
        plugin: 'haproxy',
        params: { backend: 'checkout', socket: '/run/haproxy/admin.sock', host: 'lb-1' },
      },
    });
  });

  it('asks for exactly one of targetPerReplica and threshold, and min ≤ max', () => {
    const result = parseProfileText(
      withScaling(['metric: errors_per_sec', 'min: 5', 'max: 3', 'action: { plugin: kubectl }'].join('\n')),
      'shop.yaml',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const messages = result.problems.map((p) => `${p.field}: ${p.message}`);
    expect(messages).toContain(
      'environments[0].applications[0].scaling.targetPerReplica: give exactly one of "targetPerReplica" and "threshold"',
    );
    expect(messages).toContain(
      'environments[0].applications[0].scaling.min: min (5) must not exceed max (3)',
    );
  });

  it('refuses an alpha outside (0, 1) and a secret among plugin parameters', () => {
    const alpha = parseProfileText(
      withScaling(
        [
          'metric: m',
          'threshold: 5',
          'min: 1',
          'max: 3',
          'scaleDown: { alpha: 1.5 }',
          'action: { plugin: exec }',
        ].join('\n'),
      ),
      'shop.yaml',
    );
    expect(alpha.ok).toBe(false);
    const secret = parseProfileText(
      withScaling(
        [
          'metric: m',
          'threshold: 5',
          'min: 1',
          'max: 3',
          'action: { plugin: webhook, params: { secret: x } }',
        ].join('\n'),
      ),
      'shop.yaml',
    );
    expect(secret.ok).toBe(false);
    if (!secret.ok) expect(secret.problems[0].message).toContain('looks like a secret');
  });
});
