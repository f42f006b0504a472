import { describe, expect, it } from 'vitest';
import { parseServersState } from '../../../src/engine/actions/plugins/haproxy/server-state';
import { relayCommand } from '../../../src/engine/actions/plugins/haproxy/runtime-socket';

// Captured from HAProxy 2.6: web3 was `disabled` in the configuration, then enabled at run time.
const SAMPLE = [
  '1',
  '# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port',
  '3 checkout 2 web2 127.0.0.1 0 0 1 1 1 8 2 0 6 0 0 0 - 28082 - 0 0 - - 0',
  '3 checkout 1 web1 127.0.0.1 0 1 1 1 1 8 2 0 14 0 0 0 - 28081 - 0 0 - - 0',
  '3 checkout 3 web3 127.0.0.1 2 4 1 1 0 1 0 2 6 0 0 0 - 28083 - 0 0 - - 0',
  '',
  '',
].join('\n');

describe('HAProxy server state', () => {
  it('reads servers in id order, counting a config-disabled server enabled at run time as enabled', () => {
    expect(parseServersState(SAMPLE, 'checkout')).toEqual([
      {
        id: 1,
        name: 'web1',
        address: '127.0.0.1',
        opState: 0,
        adminState: 1,
        enabled: false,
        running: false,
      },
      { id: 2, name: 'web2', address: '127.0.0.1', opState: 0, adminState: 0, enabled: true, running: false },
      { id: 3, name: 'web3', address: '127.0.0.1', opState: 2, adminState: 4, enabled: true, running: true },
    ]);
  });

  it("passes HAProxy's own complaint on", () => {
    expect(() => parseServersState("Can't find backend.\n\n", 'nope')).toThrow(
      `HAProxy did not list the servers of backend "nope": Can't find backend.`,
    );
  });

  it('builds relay commands with the socket path quoted', () => {
    expect(relayCommand('/run/haproxy/admin.sock', 'socat')).toBe(
      `socat -t 5 - 'UNIX-CONNECT:/run/haproxy/admin.sock'`,
    );
    expect(relayCommand('/run/haproxy/admin.sock', 'nc')).toBe(`nc -U '/run/haproxy/admin.sock'`);
    expect(relayCommand('/run/haproxy/admin.sock', 'auto')).toMatch(/^if command -v socat .* exit 127; fi$/);
  });
});
