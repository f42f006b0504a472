/** One server of a backend, from the runtime API's `show servers state <backend>`. */
export interface HaproxyServer {
  id: number;
  name: string;
  address: string;
  /** 0 stopped, 1 starting, 2 running, 3 stopping. */
  opState: number;
  /** Bit field of why the server is administratively out (maintenance, drain). */
  adminState: number;
  /** Takes new traffic as far as the operator is concerned: no maintenance or drain flag. */
  enabled: boolean;
  running: boolean;
}

// SRV_ADMF_* of HAProxy: forced/inherited/resolver/hostname maintenance and forced/inherited drain.
// CMAINT (0x04, "disabled" in the configuration) stays set after `enable server` and does not count.
const OUT_OF_SERVICE = 0x01 | 0x02 | 0x08 | 0x10 | 0x20 | 0x40;

/**
 * Parses `show servers state` output (format version 1): the header line names the columns, so the
 * columns HAProxy versions add at the end do not matter. Throws HAProxy's own message on an error.
 */
export function parseServersState(output: string, backend: string): HaproxyServer[] {
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  const header = lines.find((l) => l.startsWith('# '));
  if (lines[0]?.trim() !== '1' || !header) {
    const said = lines.join(' ').trim() || '(no answer)';
    throw new Error(`HAProxy did not list the servers of backend "${backend}": ${said}`);
  }
  const columns = header.slice(2).trim().split(/\s+/);
  const at = (name: string) => {
    const i = columns.indexOf(name);
    if (i < 0) throw new Error(`HAProxy's server state has no ${name} column (header: ${header})`);
    return i;
  };
  const [beName, srvId, srvName, srvAddr, op, admin] = [
    'be_name',
    'srv_id',
    'srv_name',
    'srv_addr',
    'srv_op_state',
    'srv_admin_state',
  ].map(at);
  return lines
    .slice(1)
    .filter((l) => !l.startsWith('#'))
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f[beName] === backend)
    .map((f) => {
      const opState = Number(f[op]);
      const adminState = Number(f[admin]);
      return {
        id: Number(f[srvId]),
        name: f[srvName],
        address: f[srvAddr],
        opState,
        adminState,
        enabled: (adminState & OUT_OF_SERVICE) === 0,
        running: opState === 2,
      };
    })
    .sort((a, b) => a.id - b.id);
}
