import { describe, expect, it } from 'vitest';
import { resolveEndpoint } from '../../../src/engine/fleet/endpoint-resolver';

const configText =
  'CanonicalizeHostname always\nCanonicalDomains corp.example\n' +
  'Host *.corp.example\n  User deploy\n' +
  'Host web1\n  ProxyJump bastion\n';
const ctx = { home: '/home/op', localUser: 'op', configText };

describe('resolveEndpoint', () => {
  it('gives the target its canonical resolution, and says canonicalization is not applied to jump hosts', () => {
    const endpoint = resolveEndpoint({ name: 'web1', address: 'web1' }, ctx);
    expect(endpoint.target).toMatchObject({ hostName: 'web1', user: 'op', proxyJump: ['bastion'] });
    expect(endpoint.canonical?.('web1.corp.example')).toMatchObject({
      alias: 'web1',
      hostName: 'web1.corp.example',
      user: 'deploy',
    });
    expect(endpoint.jumps.map((hop) => hop.unapplied)).toEqual([
      [
        '/home/op/.ssh/config line 1: CanonicalizeHostname is not applied to ProxyJump hosts: "bastion" is used as it is; name the jump host by its full name',
      ],
    ]);
  });

  it('keeps the profile port and user over the canonical name’s blocks', () => {
    const endpoint = resolveEndpoint({ name: 'web1', address: 'web1', port: 2022, user: 'ops' }, ctx);
    expect(endpoint.canonical?.('web1.corp.example')).toMatchObject({ port: 2022, user: 'ops' });
  });
});
