import { describe, expect, it } from 'vitest';
import { expandProxyCommand, startProxyCommand } from '../../../src/engine/fleet/proxy-command';
import type { ResolvedSshHost } from '../../../src/engine/fleet/ssh-config-resolver';

const host = {
  alias: 'web-3',
  hostName: '10.0.1.13',
  port: 2222,
  user: 'deploy',
  hostKeyAlias: null,
} as ResolvedSshHost;

describe('expandProxyCommand', () => {
  it('expands the tokens ssh expands in a ProxyCommand', () => {
    expect(expandProxyCommand({ ...host, proxyCommand: 'ssh -W %h:%p -l %r gw # %n %k 100%%' })).toBe(
      'ssh -W 10.0.1.13:2222 -l deploy gw # web-3 10.0.1.13 100%',
    );
  });

  it('expands %k to the HostKeyAlias when there is one', () => {
    expect(expandProxyCommand({ ...host, hostKeyAlias: 'shared', proxyCommand: 'gw %k' })).toBe('gw shared');
  });

  it('names the host and the token it does not know', () => {
    expect(() => expandProxyCommand({ ...host, proxyCommand: 'nc %h %x' })).toThrow(
      'ProxyCommand for web-3 has the unknown token "%x"',
    );
  });
});

describe('startProxyCommand', () => {
  it("carries bytes both ways through the command's stdin and stdout", async () => {
    const proxy = startProxyCommand('cat', process.env);
    const echoed = new Promise<string>((resolve) =>
      proxy.sock.once('data', (d: Buffer) => resolve(d.toString())),
    );
    proxy.sock.write('SSH-2.0-test\r\n');
    expect(await echoed).toBe('SSH-2.0-test\r\n');
    proxy.stop();
    expect(await proxy.failure(5000)).toBe('exited with status 0');
  });

  it('reports the exit status and the last line of stderr of a command that fails', async () => {
    const proxy = startProxyCommand(
      `sh -c 'echo first >&2; echo "no route to host" >&2; exit 7'`,
      process.env,
    );
    expect(await proxy.failure(5000)).toBe('exited with status 7: no route to host');
    proxy.stop();
  });
});
