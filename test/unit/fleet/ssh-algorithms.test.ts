import ssh2 from 'ssh2/lib/protocol/constants.js';
import { describe, expect, it } from 'vitest';
import { offeredAlgorithms, type AlgorithmSettings } from '../../../src/engine/fleet/ssh-algorithms';

const where = '/home/op/.ssh/config line 3';

describe('KexAlgorithms, Ciphers, MACs and HostKeyAlgorithms from ~/.ssh/config', () => {
  it("leaves the SSH library's defaults alone when nothing is set", () => {
    expect(offeredAlgorithms({})).toBeUndefined();
  });

  it('replaces the defaults with a list, in its order, leaving out what the library does not implement', () => {
    const settings: AlgorithmSettings = {
      kex: {
        keyword: 'KexAlgorithms',
        spec: 'sntrup761x25519-sha512@openssh.com,diffie-hellman-group14-sha1,curve25519-sha256',
        where,
      },
    };
    expect(offeredAlgorithms(settings)).toEqual({
      kex: ['diffie-hellman-group14-sha1', 'curve25519-sha256'],
    });
  });

  it('appends with +, in the order written, without repeating a default', () => {
    const { kex } = offeredAlgorithms({
      kex: {
        keyword: 'KexAlgorithms',
        spec: '+diffie-hellman-group1-sha1,curve25519-sha256,diffie-hellman-group14-sha1',
        where,
      },
    })!;
    expect(kex).toEqual([...ssh2.DEFAULT_KEX, 'diffie-hellman-group1-sha1', 'diffie-hellman-group14-sha1']);
  });

  it('removes with -, wildcards included', () => {
    const { cipher } = offeredAlgorithms({
      cipher: { keyword: 'Ciphers', spec: '-*-gcm*,aes192-ctr', where },
    })!;
    expect(cipher).toEqual(ssh2.DEFAULT_CIPHER.filter((name) => !/-gcm|aes192-ctr/.test(name)));
    expect(cipher).toContain('aes128-ctr');
  });

  it('puts first with ^', () => {
    const { hmac } = offeredAlgorithms({
      hmac: { keyword: 'MACs', spec: '^hmac-sha1,hmac-sha2-512', where },
    })!;
    expect(hmac).toEqual([
      'hmac-sha1',
      'hmac-sha2-512',
      ...ssh2.DEFAULT_MAC.filter((name) => name !== 'hmac-sha1' && name !== 'hmac-sha2-512'),
    ]);
  });

  it('applies HostKeyAlgorithms to the order of the keys known for the host', () => {
    const known = ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa', 'ssh-ed25519'];
    expect(offeredAlgorithms({}, known)).toEqual({ serverHostKey: known });
    const { serverHostKey } = offeredAlgorithms(
      { serverHostKey: { keyword: 'HostKeyAlgorithms', spec: '+ssh-dss', where } },
      known,
    )!;
    expect(serverHostKey).toEqual([...known, 'ssh-dss']);
  });

  it('names the line of a setting that leaves nothing to offer', () => {
    expect(() =>
      offeredAlgorithms({ cipher: { keyword: 'Ciphers', spec: 'aes512-imaginary', where } }),
    ).toThrow(
      `${where}: Ciphers aes512-imaginary leaves no algorithm that Watchfloor's SSH library implements (`,
    );
    expect(() => offeredAlgorithms({ kex: { keyword: 'KexAlgorithms', spec: '-*', where } })).toThrow(
      `${where}: KexAlgorithms -* leaves no algorithm`,
    );
  });
});
