import { describe, expect, it } from 'vitest';
import { diagnosticsSince } from '../../../src/renderer/stores/session-diagnostics';

describe('diagnosticsSince', () => {
  it('keeps what was said of each host since the session started, set-up included, and drops the hosts left with nothing', () => {
    const said = new Map([
      [
        'web-1',
        [
          { message: 'previous session: connection refused', at: 900 },
          { message: '~/.ssh/config line 3: VerifyHostKeyDNS is not applied', at: 1000 },
          { message: '/var/log/app.log does not exist', at: 1500 },
        ],
      ],
      ['web-2', [{ message: 'previous session: host key changed', at: 999 }]],
    ]);
    const kept = diagnosticsSince(said, 1000);
    expect([...kept.keys()]).toEqual(['web-1']);
    expect(kept.get('web-1')!.map((d) => d.at)).toEqual([1000, 1500]);
    expect(said.get('web-2')).toHaveLength(1);
  });
});
