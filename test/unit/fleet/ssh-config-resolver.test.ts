import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseJumpSpec,
  resolveSshHost,
  type ResolvedSshHost,
  type SshConfigContext,
} from '../../../src/engine/fleet/ssh-config-resolver';

// ssh takes ~ and %d from the password database, not from $HOME, so the comparison uses the same home.
const { homedir: home, username: localUser } = userInfo();
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ssh-config-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

let configCount = 0;
function writeConfig(text: string): string {
  const file = join(dir, `config-${++configCount}`);
  writeFileSync(file, text);
  return file;
}

/** `ssh -G` output reduced to the fields ResolvedSshHost carries. */
function resolvedByOpenSsh(
  configFile: string,
  alias: string,
  overrides: { port?: number; user?: string } = {},
): Omit<ResolvedSshHost, 'alias' | 'explicitIdentityFiles' | 'algorithms' | 'unapplied'> {
  const args = ['-G', '-F', configFile];
  if (overrides.port !== undefined) args.push('-p', String(overrides.port));
  if (overrides.user !== undefined) args.push('-l', overrides.user);
  const output = execFileSync('ssh', [...args, alias], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  const values = new Map<string, string[]>();
  for (const line of output.trim().split('\n')) {
    const space = line.indexOf(' ');
    const key = line.slice(0, space);
    values.set(key, [...(values.get(key) ?? []), line.slice(space + 1)]);
  }
  const one = (key: string): string | undefined => values.get(key)?.[0];
  const files = (key: string): string[] => (one(key) === 'none' ? [] : one(key)!.split(' '));
  const strict = one('stricthostkeychecking')!;
  const proxyJump = one('proxyjump');
  return {
    hostName: one('hostname')!,
    port: Number(one('port')),
    user: one('user')!,
    // ssh prints identity files before expansion; this build also lists id_xmss, which ssh2 cannot use.
    identityFiles: (values.get('identityfile') ?? [])
      .filter((file) => file !== '~/.ssh/id_xmss')
      .map((file) => file.replace(/^~/, home)),
    certificateFiles: (values.get('certificatefile') ?? []).map((file) => file.replace(/^~/, home)),
    identitiesOnly: one('identitiesonly') === 'yes',
    proxyJump: proxyJump ? proxyJump.split(',') : [],
    proxyCommand: one('proxycommand') ?? null,
    connectTimeoutSec: one('connecttimeout') === 'none' ? null : Number(one('connecttimeout')),
    serverAliveIntervalSec: Number(one('serveraliveinterval')),
    serverAliveCountMax: Number(one('serveralivecountmax')),
    strictHostKeyChecking: ({ true: 'yes', false: 'no' } as const)[strict as 'true'] ?? strict,
    hostKeyAlias: one('hostkeyalias') ?? null,
    identityAgent: one('identityagent') ?? null,
    userKnownHostsFiles: files('userknownhostsfile'),
    globalKnownHostsFiles: files('globalknownhostsfile'),
  } as Omit<ResolvedSshHost, 'alias' | 'explicitIdentityFiles' | 'algorithms' | 'unapplied'>;
}

function expectSameAsOpenSsh(
  configText: string,
  aliases: string[],
  overrides: { port?: number; user?: string } = {},
): void {
  const file = writeConfig(configText);
  for (const alias of aliases) {
    const ours = resolveSshHost(alias, { home, localUser, configText }, overrides);
    // ssh -G prints its final algorithm lists (of the algorithms OpenSSH implements) and no notes.
    const {
      alias: _alias,
      explicitIdentityFiles: _explicit,
      algorithms: _algorithms,
      unapplied: _unapplied,
      ...comparable
    } = ours;
    const openSsh = resolvedByOpenSsh(file, alias, overrides);
    comparable.proxyJump = comparable.proxyJump.map((hop) => JSON.stringify(parseJumpSpec(hop)));
    openSsh.proxyJump = openSsh.proxyJump.map((hop) => JSON.stringify(parseJumpSpec(hop)));
    expect({ alias, ...comparable }).toEqual({ alias, ...openSsh });
  }
}

describe('resolveSshHost agrees with ssh -G', () => {
  it('takes the first value per option across Host blocks, with wildcards, negation and defaults last', () => {
    expectSameAsOpenSsh(
      `
Host web1
  HostName %h.example.com
  Port 2200
  IdentityFile ~/.ssh/id_web
Host web? !web9
  User deploy
  IdentityFile /keys/fleet
  CertificateFile /keys/fleet-cert.pub
  CertificateFile ~/.ssh/id_web-cert.pub
  ServerAliveInterval 15
Host db-*.internal db-primary
  Port 5022
  User dba
Host WEB2
  Port 9
Host a,b
  Port 10
Host *
  User fallback
  Port 2222
  ConnectTimeout 7
  IdentitiesOnly yes
  ServerAliveInterval 60
  ServerAliveCountMax 5
`,
      ['web1', 'web2', 'web9', 'WEB2', 'Web1', 'db-7.internal', 'db-primary', 'a', 'elsewhere'],
    );
  });

  it('resolves ProxyJump chains, ProxyJump none and the ProxyCommand that comes first', () => {
    expectSameAsOpenSsh(
      `
Host app
  ProxyJump bastion,deploy@jump2:2222,ssh://ops@jump3:2022
Host v6
  ProxyJump admin@[fd00::1]:2200
Host direct
  ProxyJump none
  ProxyCommand nc %h %p
Host cmd-first
  ProxyCommand ssh -W %h:%p gateway
  ProxyJump ignored
Host cmd-none
  ProxyCommand none
  ProxyJump ignored
Host jump-first
  ProxyJump first
  ProxyCommand ignored
Host quoted
  ProxyCommand sh -c "nc %h %p" 2>/dev/null -o ProxyUseFdpass=no
  HostKeyAlias shared-name
  IdentityAgent ~/.1password/agent.sock
Host cmd-none
  IdentityAgent none
Host jump-first
  IdentityAgent %d/.ssh/%h.sock
Host app
  IdentityAgent $WF_AGENT_SOCKET
Host v6
  IdentityAgent SSH_AUTH_SOCK
Host *
  ProxyJump fallback
`,
      ['app', 'v6', 'direct', 'cmd-first', 'cmd-none', 'jump-first', 'quoted', 'other'],
    );
  });

  it('applies Match host, originalhost, user, localuser, negation, all, exec and final like ssh', () => {
    expectSameAsOpenSsh(
      `
Host short
  HostName long.example.com
Match host *.example.com
  Port 1001
Match originalhost short user nobody
  User never
Match originalhost alias2 !user nobody
  ServerAliveCountMax 11
Match localuser ${localUser}
  ConnectTimeout 21
Match exec false
  StrictHostKeyChecking no
Match final host long.example.com
  ServerAliveInterval 33
Host long.example.com
  IdentitiesOnly yes
Match all
  User everyone
`,
      ['short', 'alias2', 'LONG.example.com', 'other'],
    );
  });

  it('lets the caller override port and user, and Match user sees the override', () => {
    const config = `
Match user ops
  ConnectTimeout 3
Host web1
  User root
  Port 2200
`;
    expectSameAsOpenSsh(config, ['web1'], { port: 4022, user: 'ops' });
    expectSameAsOpenSsh(config, ['web1'], { user: 'someone' });
  });

  it('reads keywords in any case, key=value syntax, quotes, comments and time formats', () => {
    expectSameAsOpenSsh(
      `
# fleet
HOST web1 # trailing comment
  hostname=Web1.Example.COM
  PORT = 2201
  identityFILE "/keys/with space"
  ConnectTimeout 1m30s
  ServerAliveInterval=2m
  identitiesonly true
`,
      ['web1'],
    );
  });

  it('maps every StrictHostKeyChecking spelling', () => {
    const values = ['yes', 'no', 'ask', 'accept-new', 'true', 'false', 'off', 'Yes'];
    const config = values.map((value, i) => `Host h${i}\n  StrictHostKeyChecking ${value}\n`).join('');
    expectSameAsOpenSsh(config, [...values.map((_, i) => `h${i}`), 'unset']);
  });

  it('expands UserKnownHostsFile and GlobalKnownHostsFile lists, including none', () => {
    expectSameAsOpenSsh(
      `
Host many
  UserKnownHostsFile ~/.ssh/kh_one ~/kh_two /etc/watchfloor/known_hosts
  GlobalKnownHostsFile /etc/ssh/fleet_known_hosts
Host off
  UserKnownHostsFile none
`,
      ['many', 'off', 'other'],
    );
  });

  it('expands %C (the connection hash) and %k (the host key alias, else the alias) in known_hosts paths', () => {
    expectSameAsOpenSsh(
      `
Host web1
  HostName web1.example.com
  User deploy
  Port 2200
  HostKeyAlias fleet-web
  UserKnownHostsFile ~/.ssh/kh-%C ~/.ssh/kh-%k
Host *
  UserKnownHostsFile ~/.ssh/kh-%C-%k
`,
      ['web1', 'other'],
    );
  });

  it('follows Include globs in order, inside and outside Host blocks, and ignores missing ones', () => {
    const includeDir = join(dir, 'conf.d');
    mkdirSync(includeDir, { recursive: true });
    writeFileSync(join(includeDir, '20-web.conf'), 'Host web1\n  Port 2020\nHost *\n  User from-include\n');
    writeFileSync(join(includeDir, '10-web.conf'), 'Host web1\n  Port 1010\n');
    writeFileSync(join(includeDir, '.hidden.conf'), 'Host web1\n  Port 9999\n');
    writeFileSync(join(includeDir, 'db.conf'), 'ConnectTimeout 44\n');
    expectSameAsOpenSsh(
      `
Include ${includeDir}/*.conf ${dir}/missing.conf
Host db
  Include ${includeDir}/db.conf
Host web1
  ServerAliveInterval 9
Host *
  User last
`,
      ['web1', 'db', 'other'],
    );
  });
});

describe('resolveSshHost on its own', () => {
  const fakeHome = '/home/op';
  const files: Record<string, string> = {
    '/home/op/.ssh/config': 'Include config.d/*\nHost web1\n  User from-user-config\n',
    '/home/op/.ssh/config.d/a': 'Host web1\n  Port 2201\n',
    '/home/op/.ssh/config.d/b': 'Host web1\n  Port 2202\n  IdentityFile keys/%r@%h\n',
    '/etc/ssh/ssh_config': 'Host *\n  User from-system\n  ConnectTimeout 5\n',
  };
  const ctx: SshConfigContext = {
    home: fakeHome,
    localUser: 'op',
    cwd: '/work',
    readFile: (path) => files[path] ?? null,
    listDirectory: (path) => (path === '/home/op/.ssh/config.d' ? ['b', 'a'] : null),
  };

  it('reads ~/.ssh/config before the system file, with Include relative to ~/.ssh', () => {
    expect(resolveSshHost('web1', ctx)).toMatchObject({
      user: 'from-user-config',
      port: 2201,
      connectTimeoutSec: 5,
      identityFiles: ['/work/keys/from-user-config@web1'],
      explicitIdentityFiles: true,
    });
    expect(resolveSshHost('other', ctx)).toMatchObject({ user: 'from-system', port: 22 });
  });

  it('treats configText like ssh -F: the system file is not read; null means no config', () => {
    expect(resolveSshHost('other', { ...ctx, configText: '' }).connectTimeoutSec).toBeNull();
    expect(resolveSshHost('other', { ...ctx, configText: null })).toMatchObject({
      user: 'op',
      connectTimeoutSec: null,
    });
  });

  it('falls back to the OpenSSH default identity files, marked as not explicit', () => {
    const resolved = resolveSshHost('x', { home: fakeHome, localUser: 'op', configText: null });
    expect(resolved.explicitIdentityFiles).toBe(false);
    expect(resolved.identityFiles).toEqual(
      ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk', 'id_dsa'].map(
        (name) => `/home/op/.ssh/${name}`,
      ),
    );
    expect(resolved.userKnownHostsFiles).toEqual(['/home/op/.ssh/known_hosts', '/home/op/.ssh/known_hosts2']);
    expect(resolved.globalKnownHostsFiles).toEqual(['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2']);
    expect(resolved).toMatchObject({
      serverAliveIntervalSec: 0,
      serverAliveCountMax: 3,
      strictHostKeyChecking: 'ask',
      identitiesOnly: false,
      proxyJump: [],
      proxyCommand: null,
    });
  });

  it('keeps the algorithm lists of an old host as written, with their line, the first one obtained winning', () => {
    const resolved = resolveSshHost('legacy', {
      home: fakeHome,
      localUser: 'op',
      readFile: (path) =>
        path === '/home/op/.ssh/config'
          ? 'Host legacy\n  KexAlgorithms +diffie-hellman-group14-sha1\n  Ciphers=aes128-cbc,aes128-ctr\n' +
            'Host *\n  KexAlgorithms curve25519-sha256\n  MACs -hmac-sha1*\n'
          : null,
    });
    expect(resolved.algorithms).toEqual({
      kex: {
        keyword: 'KexAlgorithms',
        spec: '+diffie-hellman-group14-sha1',
        where: '/home/op/.ssh/config line 2',
      },
      cipher: { keyword: 'Ciphers', spec: 'aes128-cbc,aes128-ctr', where: '/home/op/.ssh/config line 3' },
      hmac: { keyword: 'MACs', spec: '-hmac-sha1*', where: '/home/op/.ssh/config line 6' },
    });
  });

  it('says which settings ssh would apply and Watchfloor does not, with their lines', () => {
    const resolved = resolveSshHost('web1', {
      home: fakeHome,
      localUser: 'op',
      configText:
        'CanonicalizePermittedCNAMEs *.corp.example.com:*.cdn.example.net\nHost web1\n  GSSAPIAuthentication yes\n' +
        '  PKCS11Provider /usr/lib/opensc-pkcs11.so\n  BindAddress 10.0.0.9\n  VerifyHostKeyDNS yes\n' +
        '  KnownHostsCommand /usr/local/bin/fleet-keys %H\n',
    });
    expect(resolved.unapplied).toEqual([
      '/home/op/.ssh/config line 1: CanonicalizePermittedCNAMEs is not applied: a canonicalized name is used as found, CNAMEs are not followed',
      '/home/op/.ssh/config line 4: PKCS11Provider is not used: keys on a smartcard or token are offered through ssh-agent only (ssh-add -s)',
      '/home/op/.ssh/config line 5: BindAddress is not applied: connections leave from the default address',
      '/home/op/.ssh/config line 7: KnownHostsCommand is not run: host keys are checked against the known_hosts files only; add its keys to one of them',
      '/home/op/.ssh/config line 6: VerifyHostKeyDNS is not applied: host keys are checked against known_hosts only (SSHFP records are not read)',
    ]);
    const plain = resolveSshHost('web1', {
      home: fakeHome,
      localUser: 'op',
      configText: 'CanonicalizeHostname no\n',
    });
    expect(plain.unapplied).toEqual([]);
  });

  it('reads Compression, off unless asked for', () => {
    const resolve = (configText: string) =>
      resolveSshHost('web1', { home: fakeHome, localUser: 'op', configText });
    expect(resolve('Host web1\n  Compression yes\n').compression).toBe(true);
    expect(resolve('Host web1\n  Compression no\n').compression).toBeUndefined();
    expect(resolve('').compression).toBeUndefined();
    expect(() => resolve('Compression fast\n')).toThrow(
      '/home/op/.ssh/config line 1: compression must be yes or no',
    );
  });

  it('reads PreferredAuthentications, and names the methods it lists that are not tried', () => {
    const resolve = (configText: string) =>
      resolveSshHost('web1', { home: fakeHome, localUser: 'op', configText });
    expect(
      resolve('Host web1\n  PreferredAuthentications Password,publickey\n').preferredAuthentications,
    ).toEqual(['password', 'publickey']);
    expect(resolve('').preferredAuthentications).toBeUndefined();
    expect(resolve('PreferredAuthentications gssapi-with-mic,publickey\n').unapplied).toEqual([
      '/home/op/.ssh/config line 1: PreferredAuthentications lists gssapi-with-mic, which Watchfloor does not try (it tries publickey, keyboard-interactive and password)',
    ]);
  });

  it('reads HashKnownHosts, off unless asked for', () => {
    const resolve = (configText: string) =>
      resolveSshHost('web1', { home: fakeHome, localUser: 'op', configText });
    expect(resolve('Host *\n  HashKnownHosts yes\n').hashKnownHosts).toBe(true);
    expect(resolve('HashKnownHosts no\n').hashKnownHosts).toBeUndefined();
    expect(resolve('').hashKnownHosts).toBeUndefined();
  });

  it('reads CanonicalizeHostname and its companions, with OpenSSH defaults', () => {
    const resolve = (configText: string) =>
      resolveSshHost('web1', { home: fakeHome, localUser: 'op', configText }).canonicalization;
    expect(resolve('CanonicalizeHostname yes\nCanonicalDomains corp.example.com lab.example.com\n')).toEqual({
      mode: 'yes',
      domains: ['corp.example.com', 'lab.example.com'],
      maxDots: 1,
      fallbackLocal: true,
      where: '/home/op/.ssh/config line 1',
    });
    expect(
      resolve(
        'Host web*\n  CanonicalizeHostname always\n  CanonicalDomains a.example none b.example\n' +
          '  CanonicalizeMaxDots 0\n  CanonicalizeFallbackLocal no\n',
      ),
    ).toEqual({
      mode: 'always',
      domains: ['a.example'],
      maxDots: 0,
      fallbackLocal: false,
      where: '/home/op/.ssh/config line 2',
    });
    expect(resolve('CanonicalizeHostname no\nCanonicalDomains corp.example.com\n')).toBeUndefined();
    expect(resolve('CanonicalDomains corp.example.com\n')).toBeUndefined();
    expect(() => resolve('CanonicalizeHostname sometimes\n')).toThrow(
      '/home/op/.ssh/config line 1: CanonicalizeHostname must be yes, no or always, not "sometimes"',
    );
  });

  it('reads the configuration again for the canonical name: its Host blocks and Match canonical apply', () => {
    const configText =
      'CanonicalizeHostname yes\nCanonicalDomains corp.example.com\n' +
      'Host *.corp.example.com\n  User deploy\n  Port 2222\n' +
      'Match canonical host *.corp.example.com\n  IdentityFile ~/.ssh/corp_ed25519\n' +
      'Host web1\n  Port 2200\n';
    const ctx = { home: fakeHome, localUser: 'op', configText };
    const first = resolveSshHost('web1', ctx);
    expect(first).toMatchObject({ hostName: 'web1', user: 'op', port: 2200, explicitIdentityFiles: false });
    const canonical = resolveSshHost('web1', ctx, {}, 'web1.corp.example.com');
    // The first value obtained wins, as for ssh: the port from the first pass stays.
    expect(canonical).toMatchObject({
      alias: 'web1',
      hostName: 'web1.corp.example.com',
      user: 'deploy',
      port: 2200,
      identityFiles: [join(fakeHome, '.ssh', 'corp_ed25519')],
    });
    expect(canonical.canonicalization).toBeUndefined();
  });

  it('expands ~, %d, %u, %r, %h, %p, %n, %% and ${VAR} in identity and known_hosts paths', () => {
    const resolved = resolveSshHost('web1', {
      home: fakeHome,
      localUser: 'op',
      env: { KEYS: '/vault' },
      configText: `Host web1
  HostName web1.example.com
  User deploy
  Port 2200
  IdentityFile ~/.ssh/%u-%r@%h:%p
  IdentityFile %d/keys/%n%%
  IdentityFile \${KEYS}/fleet
  UserKnownHostsFile %d/.ssh/known_hosts.%h
`,
    });
    expect(resolved.identityFiles).toEqual([
      '/home/op/.ssh/op-deploy@web1.example.com:2200',
      '/home/op/keys/web1%',
      '/vault/fleet',
    ]);
    expect(resolved.userKnownHostsFiles).toEqual(['/home/op/.ssh/known_hosts.web1.example.com']);
  });

  it('never runs the command of a Match exec block', () => {
    const marker = join(dir, 'exec-ran');
    const resolved = resolveSshHost('web1', {
      home: fakeHome,
      localUser: 'op',
      configText: `Match exec "touch ${marker}"\n  Port 1\nMatch host db* exec "touch ${marker}"\n  Port 2\n`,
    });
    expect(resolved.port).toBe(22);
    expect(existsSync(marker)).toBe(false);
    expect(resolved.unapplied).toEqual([
      '/home/op/.ssh/config line 1: Match exec is not evaluated: commands in ssh config are not run here, so its block does not apply',
    ]);
  });

  it('names the file and line of a bad value', () => {
    const bad = (configText: string) => () => resolveSshHost('web1', { ...ctx, configText });
    expect(bad('Host web1\n\n  Port twenty\n')).toThrow('/home/op/.ssh/config line 3: port must be 1-65535');
    expect(bad('# x\nHost *\n  StrictHostKeyChecking maybe\n')).toThrow(
      /config line 3: StrictHostKeyChecking/,
    );
    expect(bad('Host web1\n  ConnectTimeout soon\n')).toThrow(/config line 2: connecttimeout must be/);
    expect(bad('Host web1\n  IdentityFile %z/key\n')).toThrow(
      /line 2: cannot expand "%z\/key": unknown token %z/,
    );
    expect(bad('Match nonsense x\n')).toThrow(/config line 1: unsupported Match criterion "nonsense"/);
    expect(bad('Host "web1\n')).toThrow(/^\/home\/op\/.ssh\/config: /);
  });

  it('stops an Include loop with an error naming the file', () => {
    const looping: SshConfigContext = {
      home: fakeHome,
      localUser: 'op',
      configText: 'Include loop\n',
      readFile: (path) => (path === '/home/op/.ssh/loop' ? 'Include loop\n' : null),
    };
    expect(() => resolveSshHost('web1', looping)).toThrow(
      /\/home\/op\/.ssh\/loop line 1: Include nested too deeply/,
    );
  });
});

describe('parseJumpSpec', () => {
  it('reads user, host and port from every form ProxyJump accepts', () => {
    expect(parseJumpSpec('bastion')).toEqual({ host: 'bastion' });
    expect(parseJumpSpec('deploy@jump2:2222')).toEqual({ user: 'deploy', host: 'jump2', port: 2222 });
    expect(parseJumpSpec('ssh://ops@jump3:2022')).toEqual({ user: 'ops', host: 'jump3', port: 2022 });
    expect(parseJumpSpec('admin@[fd00::1]:2200')).toEqual({ user: 'admin', host: 'fd00::1', port: 2200 });
    expect(parseJumpSpec('[fd00::1]')).toEqual({ host: 'fd00::1' });
    expect(parseJumpSpec('a@b@host')).toEqual({ user: 'a@b', host: 'host' });
  });

  it('rejects hops it cannot read, saying which', () => {
    expect(() => parseJumpSpec('host:port')).toThrow('Invalid ProxyJump hop "host:port"');
    expect(() => parseJumpSpec('@host')).toThrow(/Invalid ProxyJump hop/);
    expect(() => parseJumpSpec('host:70000')).toThrow(/port must be 1-65535/);
  });
});
