import { describe, expect, it } from 'vitest';
import { canonicalHostName, type HostLookup } from '../../../src/engine/fleet/host-canonicalizer';
import { resolveSshHost } from '../../../src/engine/fleet/ssh-config-resolver';

/** Resolves the names it is given, and remembers every name asked for. */
function zone(names: Record<string, string>): HostLookup & { asked: string[] } {
  const asked: string[] = [];
  const lookup = async (name: string) => {
    asked.push(name);
    const address = names[name];
    if (address === undefined) throw new Error(`getaddrinfo ENOTFOUND ${name}`);
    return address;
  };
  return Object.assign(lookup, { asked });
}

function host(alias: string, config: string) {
  return resolveSshHost(alias, { home: '/home/op', localUser: 'op', configText: config });
}

const CONFIG = 'CanonicalizeHostname yes\nCanonicalDomains lab.example corp.example\n';

describe('CanonicalizeHostname', () => {
  it('completes a short name with the first domain that resolves, in the order given', async () => {
    const names = zone({ 'web1.corp.example': '192.0.2.10' });
    expect(await canonicalHostName(host('web1', CONFIG), false, names)).toEqual({
      name: 'web1.corp.example',
      address: '192.0.2.10',
    });
    expect(names.asked).toEqual(['web1.lab.example', 'web1.corp.example']);
    // The name as HostName gives it, lowercased as ssh does.
    const renamed = zone({ 'db-primary.lab.example': '192.0.2.20' });
    expect(
      await canonicalHostName(host('db', `${CONFIG}Host db\n  HostName DB-Primary\n`), false, renamed),
    ).toEqual({
      name: 'db-primary.lab.example',
      address: '192.0.2.20',
    });
  });

  it('leaves alone names with more dots than CanonicalizeMaxDots, addresses, and hosts behind a proxy unless always', async () => {
    const names = zone({
      'web1.eu.corp.example': '192.0.2.11',
      'web1.eu.dc1.corp.example': '192.0.2.12',
      'web1.corp.example': '192.0.2.10',
    });
    // One dot is not more than the default of one.
    expect(await canonicalHostName(host('web1.eu', CONFIG), false, names)).toEqual({
      name: 'web1.eu.corp.example',
      address: '192.0.2.11',
    });
    expect(await canonicalHostName(host('web1.eu.dc1', CONFIG), false, names)).toBeNull();
    expect(
      await canonicalHostName(host('web1.eu.dc1', `${CONFIG}CanonicalizeMaxDots 2\n`), false, names),
    ).toEqual({
      name: 'web1.eu.dc1.corp.example',
      address: '192.0.2.12',
    });
    expect(await canonicalHostName(host('192.0.2.7', CONFIG), false, names)).toBeNull();
    expect(await canonicalHostName(host('::1', CONFIG), false, names)).toBeNull();
    expect(await canonicalHostName(host('web1', CONFIG), true, names)).toBeNull();
    const always = CONFIG.replace('yes', 'always');
    expect(await canonicalHostName(host('web1', always), true, names)).toEqual({
      name: 'web1.corp.example',
      address: '192.0.2.10',
    });
    expect(await canonicalHostName(host('web1', 'CanonicalDomains corp.example\n'), false, names)).toBeNull();
  });

  it('takes a name ending in a dot as full', async () => {
    const names = zone({ 'web1.other.example': '192.0.2.30' });
    expect(await canonicalHostName(host('web1.other.example.', CONFIG), false, names)).toEqual({
      name: 'web1.other.example',
      address: '192.0.2.30',
    });
    expect(names.asked).toEqual(['web1.other.example']);
  });

  it('uses the name as it is when no domain completes it, or fails naming the line when CanonicalizeFallbackLocal is no', async () => {
    const none = zone({});
    expect(await canonicalHostName(host('web9', CONFIG), false, none)).toBeNull();
    await expect(
      canonicalHostName(host('web9', `${CONFIG}CanonicalizeFallbackLocal no\n`), false, none),
    ).rejects.toThrow(
      '/home/op/.ssh/config line 1: CanonicalizeHostname could not make a full name of "web9": tried web9.lab.example, web9.corp.example, and CanonicalizeFallbackLocal is no',
    );
    await expect(
      canonicalHostName(
        host('web9', 'CanonicalizeHostname yes\nCanonicalizeFallbackLocal no\n'),
        false,
        none,
      ),
    ).rejects.toThrow('could not make a full name of "web9" (CanonicalDomains names none)');
  });
});
