import { createServer, type Server, type Socket } from 'node:net';
import { Client } from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { describeNetworkError } from '../../../src/engine/fleet/connection-errors';
import type { ResolvedSshHost } from '../../../src/engine/fleet/ssh-config-resolver';

let server: Server | null = null;
afterEach(() => {
  server?.close();
  server = null;
});

/** The error the SSH library reports against a local server that answers as `answer` does. */
async function errorAgainst(answer: (socket: Socket) => void): Promise<Error> {
  server = createServer(answer);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const client = new Client();
  return new Promise((resolve) => {
    // The library may report several errors while the socket closes: the first one decides.
    client.on('error', (err) => {
      client.end();
      resolve(err);
    });
    client.connect({ host: '127.0.0.1', port, username: 'nobody', readyTimeout: 10_000 });
  });
}

const host = { hostName: '127.0.0.1', port: 8080 } as ResolvedSshHost;

describe('describeNetworkError against hosts that are not SSH servers', () => {
  it('says an HTTP server that answers and hangs up closed the connection before the handshake', async () => {
    const err = await errorAgainst((s) => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
    const text = describeNetworkError(err, 'web-1', host);
    expect(text).toMatch(/^127\.0\.0\.1:8080 \(web-1\) closed the connection before the SSH handshake/);
    expect(text).toContain("is port 8080 sshd's");
  });

  it('says a server sending bytes that are not an SSH greeting is not an SSH server', async () => {
    const err = await errorAgainst((s) => s.write(Buffer.alloc(100_000, 0x41)));
    expect(describeNetworkError(err, 'web-1', host)).toMatch(
      /^127\.0\.0\.1:8080 \(web-1\) did not answer like an SSH server \(.+\): is port 8080 sshd's/,
    );
  });

  it('says the same of an identification line of another protocol version', async () => {
    const err = await errorAgainst((s) => s.write('SSH-1.5-OpenSSH_2.0\r\n'));
    expect(describeNetworkError(err, 'web-1', host)).toContain('did not answer like an SSH server');
  });
});
