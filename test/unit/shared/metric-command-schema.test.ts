import { describe, expect, it } from 'vitest';
import { applicationSchema } from '../../../src/shared/profile-schema';

const app = (metrics: unknown) => ({
  name: 'shop',
  hosts: ['web-1'],
  logs: [{ path: '/var/log/a.log' }],
  metrics,
});

describe('metric command in the profile', () => {
  it('accepts a command with a default interval', () => {
    const parsed = applicationSchema.parse(app({ command: 'echo queue_depth $(cat /run/q)' }));
    expect(parsed.metrics).toEqual({ command: 'echo queue_depth $(cat /run/q)', intervalSec: 10 });
  });

  it('refuses secrets and control characters in the command', () => {
    for (const command of [
      'curl -H "Authorization: Bearer abc" http://localhost/metrics',
      'mysql --password=hunter2 -e "select 1"',
      'TOKEN=abc ./metrics',
      'echo a\necho b',
    ])
      expect(applicationSchema.safeParse(app({ command })).success, command).toBe(false);
    expect(applicationSchema.safeParse(app({ command: 'x', intervalSec: 0 })).success).toBe(false);
  });
});
