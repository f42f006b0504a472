import type { ResolvedSshHost } from './ssh-config-resolver';

/** ssh2's words for a first answer that is not an SSH identification line (an HTTP server, a database…). */
const NOT_SSH =
  /header line too long|invalid identification string|bad identification|max greeting lines exceeded|protocol version not supported/i;

/** Turns a socket or handshake error into a sentence naming the host and what to check. */
export function describeNetworkError(
  err: Error & { code?: string },
  name: string,
  host: ResolvedSshHost,
): string {
  const where = `${host.hostName}:${host.port} (${name})`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return `Connection refused by ${where}: is sshd running and listening on port ${host.port}?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot resolve ${host.hostName} (${name}): check the address in the profile or HostName in ~/.ssh/config.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `No route to ${where}: check the network, VPN or ProxyJump.`;
    case 'ECONNRESET':
      return `Connection to ${where} was reset during the handshake (sshd may be refusing new connections: MaxStartups).`;
    case 'ETIMEDOUT':
      return `Timed out connecting to ${where}.`;
  }
  if (/timed out while waiting for handshake/i.test(err.message)) {
    return `Timed out waiting for the SSH handshake with ${where}: is port ${host.port} sshd's, and is the host overloaded?`;
  }
  if (NOT_SSH.test(err.message)) {
    return `${where} did not answer like an SSH server (${err.message}): is port ${host.port} sshd's, not another service's?`;
  }
  if (/connection lost before handshake/i.test(err.message)) {
    return (
      `${where} closed the connection before the SSH handshake: is port ${host.port} sshd's, and does sshd ` +
      'accept connections from here (ListenAddress, AllowUsers, tcpwrappers, fail2ban, MaxStartups)?'
    );
  }
  return `${where}: ${err.message}`;
}

/** SSH's reason code for a channel type the server does not know (RFC 4254, 5.1). */
const UNKNOWN_CHANNEL_TYPE = 3;

/**
 * Whether opening a session channel failed because the connection carries as many as the host allows.
 * The server refused the channel itself: sshd's MaxSessions answers "open failed" (connect failed),
 * other servers "administratively prohibited" or "resource shortage"; a session channel is refused for
 * nothing else.
 */
export function isSessionLimitError(err: unknown): boolean {
  const reason = (err as { reason?: unknown } | null)?.reason;
  return typeof reason === 'number' && reason !== UNKNOWN_CHANNEL_TYPE;
}
