import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  formatFieldPath,
  formatProfileProblem,
  parseProfileText,
  type ProfileProblem,
} from '../../../src/shared/profile-validate';
import type { Profile } from '../../../src/shared/profile-schema';

const FILE = 'shop.yaml';

function problemsOf(text: string): ProfileProblem[] {
  const result = parseProfileText(text, FILE);
  if (result.ok) throw new Error(`expected problems, the profile validated:\n${text}`);
  return result.problems;
}

function profileOf(text: string): Profile {
  const result = parseProfileText(text, FILE);
  if (!result.ok) throw new Error(result.problems.map(formatProfileProblem).join('\n'));
  return result.profile;
}

/** A profile that uses every field, as plain data to be altered and written as YAML. */
function fullProfile() {
  return {
    name: 'shop',
    environments: [
      {
        name: 'production',
        hosts: [
          { name: 'web-1', address: 'web-1.example.com', port: 2222, user: 'deploy', jump: 'ops@bastion:22' },
          { name: 'web-2', address: '10.0.1.12' },
        ],
        applications: [
          {
            name: 'checkout',
            hosts: ['web-1', 'web-2'],
            logs: [
              {
                path: '/var/log/checkout/app.log',
                format: 'auto',
                timezone: 'Europe/Paris',
                include: ['ERROR|WARN'],
                exclude: ['healthcheck'],
                sudo: true,
              },
            ],
          },
        ],
      },
    ],
  };
}

type Path = (string | number)[];

function withValue(at: Path, value: unknown): string {
  const profile: Record<string | number, unknown> = fullProfile();
  let node = profile;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[at[at.length - 1]] = value;
  return stringify(profile);
}

function valueAt(profile: unknown, at: Path): unknown {
  return at.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], profile);
}

const host0: Path = ['environments', 0, 'hosts', 0];
const log0: Path = ['environments', 0, 'applications', 0, 'logs', 0];

/** Fields that reach ssh options or a remote command: only a strict alphabet is allowed. */
const strictFields: Path[] = [
  [...host0, 'address'],
  [...host0, 'user'],
  [...host0, 'jump'],
];

/** Free-text fields: shown, compared or matched, and quoted wherever they reach a command. */
const freeTextFields: Path[] = [
  ['name'],
  ['environments', 0, 'name'],
  ['environments', 0, 'applications', 0, 'name'],
  [...log0, 'include', 0],
  [...log0, 'exclude', 0],
];

const injections = [
  'x; touch /tmp/pwned',
  'x && reboot',
  '$(touch /tmp/pwned)',
  '`touch /tmp/pwned`',
  "x' ; touch /tmp/pwned; '",
  'x" ; touch /tmp/pwned; "',
  '-oProxyCommand=touch /tmp/pwned',
  'x | sh',
  'x > /etc/passwd',
];

describe('profile validation', () => {
  it('loads the example profile profiles/shop.yaml unchanged', () => {
    const text = readFileSync(path.resolve(__dirname, '../../../profiles/shop.yaml'), 'utf8');
    const profile = profileOf(text);
    expect(profile.name).toBe('shop');
    expect(profile.environments).toHaveLength(1);
    const [production] = profile.environments;
    expect(production.name).toBe('production');
    expect(production.hosts).toEqual([
      { name: 'web-1', address: 'web-1' },
      { name: 'web-2', address: '10.0.1.12', port: 22, user: 'deploy' },
    ]);
    expect(production.applications).toEqual([
      {
        name: 'checkout',
        hosts: ['web-1', 'web-2'],
        logs: [{ path: '/var/log/checkout/app.log', format: 'auto' }],
      },
    ]);
  });

  it('accepts a profile that uses every field, and fills in defaults (format auto, no applications)', () => {
    expect(profileOf(stringify(fullProfile()))).toEqual(fullProfile());
    const minimal = profileOf('name: s\nenvironments:\n  - name: e\n    hosts: [{ name: h, address: h }]\n');
    expect(minimal.environments[0].applications).toEqual([]);
    const noFormat = profileOf(
      stringify({
        name: 's',
        environments: [
          {
            name: 'e',
            hosts: [{ name: 'h', address: 'h' }],
            applications: [{ name: 'a', hosts: ['h'], logs: [{ path: '/l' }] }],
          },
        ],
      }),
    );
    expect(noFormat.environments[0].applications[0].logs[0].format).toBe('auto');
  });

  it('reports YAML syntax errors as file:line:column', () => {
    const problems = problemsOf('name: shop\nenvironments:\n  - name: "production\n    hosts: []\n');
    expect(problems.length).toBeGreaterThan(0);
    expect(formatProfileProblem(problems[0])).toMatch(/^shop\.yaml:\d+:\d+: YAML syntax: /);
    expect(problems[0].line).toBeGreaterThanOrEqual(3);

    const flow = problemsOf('name: shop\nenvironments: [\n');
    expect(flow[0].file).toBe(FILE);
    expect(flow[0].message).toMatch(/^YAML syntax: /);
  });

  it('reports a key given twice in one mapping as a syntax error on the second occurrence', () => {
    const [problem] = problemsOf('name: shop\nname: other\nenvironments: []\n');
    expect(problem.message).toMatch(/YAML syntax: .*unique/i);
    expect(problem.line).toBe(2);
    expect(problem.column).toBe(1);
  });

  it.each(['(?{ system("id") })', 'x(??{ "a" })', '(*{ 1 })', 'ERROR|(?{ 1 })'])(
    'rejects the Perl code block in the include/exclude pattern %j',
    (value) => {
      for (const field of ['include', 'exclude']) {
        const problems = problemsOf(withValue([...log0, field], [value]));
        expect(problems.map((p) => p.field)).toEqual([`environments[0].applications[0].logs[0].${field}[0]`]);
        expect(problems[0].message).toMatch(/must not contain a code block such as \(\?\{/);
      }
    },
  );

  it.each(['deploy@web-1', 'deploy@web-1:2222', 'ssh://web-1:2200'])(
    'says to give the user and port of address %j in their own fields',
    (address) => {
      expect(problemsOf(withValue([...host0, 'address'], address)).map((p) => p.message)).toEqual([
        "is a host name or address only: give the user and port as the host's own `user` and `port` fields",
      ]);
    },
  );

  it.each(['web-1:2222', '10.0.0.5:22', '[::1]:2222'])(
    'says to give the port of address %j in its own field',
    (address) => {
      expect(problemsOf(withValue([...host0, 'address'], address)).map((p) => p.message)).toEqual([
        "is a host name or address only: give the port as the host's own `port` field",
      ]);
    },
  );

  it('accepts patterns with ordinary groups, quantifiers and braces', () => {
    for (const value of ['(?:ERROR|WARN)', '(?i)timeout', 'a{2,3}', '\\{"level":', 'x(?=y)', '(a)?{']) {
      expect(() => profileOf(withValue([...log0, 'include'], [value]))).not.toThrow();
    }
  });

  describe('secrets', () => {
    const secretKeys = [
      'password',
      'passphrase',
      'passwd',
      'pass',
      'pw',
      'token',
      'auth_token',
      'secret',
      'client_secret',
      'private_key',
      'privateKey',
      'private-key',
      'api-key',
      'api_key',
      'API_KEY',
      'apikey',
      'credentials',
      'sudo_password',
    ];

    it.each(secretKeys)(
      'rejects a "%s" key on a host, explaining where credentials come from instead',
      (key) => {
        const text = stringify({
          name: 's',
          environments: [{ name: 'e', hosts: [{ name: 'h', address: 'h', [key]: 'hunter2' }] }],
        });
        const problems = problemsOf(text);
        expect(problems).toHaveLength(1);
        const [problem] = problems;
        expect(problem.field).toBe(`environments[0].hosts[0].${key}`);
        expect(problem.message).toContain(`"${key}" looks like a secret`);
        expect(problem.message).toMatch(/ssh-agent/);
        expect(problem.message).toMatch(/keychain/);
        expect(problem.line).toBe(text.split('\n').findIndex((l) => l.includes(`${key}:`)) + 1);
      },
    );

    it('rejects secret keys anywhere: top level, environment, log source, and maps nested under unknown fields', () => {
      const text = [
        'name: shop',
        'token: abc',
        'environments:',
        '  - name: production',
        '    secret: s3cr3t',
        '    hosts:',
        '      - { name: web-1, address: web-1 }',
        '    applications:',
        '      - name: checkout',
        '        hosts: [web-1]',
        '        logs:',
        '          - path: /var/log/app.log',
        '            extra:',
        '              - vault: { api_key: k-123 }',
        '            password: pw-123',
        '',
      ].join('\n');
      const problems = problemsOf(text);
      expect(problems.map((p) => [p.field, p.line])).toEqual([
        ['token', 2],
        ['environments[0].secret', 5],
        ['environments[0].applications[0].logs[0].extra[0].vault.api_key', 14],
        ['environments[0].applications[0].logs[0].password', 15],
      ]);
    });

    it('never repeats the secret value in the report', () => {
      const problems = problemsOf(
        'name: shop\npassword: correct-horse-battery\nenvironments:\n  - name: e\n    hosts: [{name: h, address: h}]\n',
      );
      for (const problem of problems) expect(formatProfileProblem(problem)).not.toContain('correct-horse');
    });

    it('does not mistake ordinary fields for secrets', () => {
      expect(() => profileOf(stringify(fullProfile()))).not.toThrow();
    });
  });

  describe('each problem names the file, the line and the field', () => {
    /** The 1-based line of the first line of `text` containing `needle`. */
    const lineOf = (text: string, needle: string) =>
      text.split('\n').findIndex((l) => l.includes(needle)) + 1;

    const block = (hostLines: string[], appLines: string[] = []) =>
      [
        'name: shop',
        'environments:',
        '  - name: production',
        '    hosts:',
        ...hostLines,
        ...(appLines.length ? ['    applications:', ...appLines] : []),
        '',
      ].join('\n');

    it('an unknown field, at the line of that field', () => {
      const text = block(['      - name: web-1', '        address: web-1', '        colour: red']);
      const [problem] = problemsOf(text);
      expect(problem).toMatchObject({
        file: FILE,
        line: lineOf(text, 'colour'),
        field: 'environments[0].hosts[0].colour',
        message: 'unknown field "colour"',
      });
    });

    it('several unknown fields, one problem each', () => {
      const text = block([
        '      - name: web-1',
        '        address: web-1',
        '        hostname: x',
        '        ip: y',
      ]);
      expect(problemsOf(text).map((p) => [p.field, p.line])).toEqual([
        ['environments[0].hosts[0].hostname', lineOf(text, 'hostname')],
        ['environments[0].hosts[0].ip', lineOf(text, 'ip:')],
      ]);
    });

    it.each([
      ['0', 0],
      ['65536', 65536],
      ['-22', -22],
      ['22.5', 22.5],
    ])('a port out of range or not an integer (%s)', (shown) => {
      const text = block(['      - name: web-1', '        address: web-1', `        port: ${shown}`]);
      const [problem] = problemsOf(text);
      expect(problem).toMatchObject({
        file: FILE,
        line: 7,
        column: 15,
        field: 'environments[0].hosts[0].port',
      });
    });

    it('a port given as text says it must be a number (not that it is missing)', () => {
      const text = block(['      - name: web-1', '        address: web-1', '        port: "22"']);
      const [problem] = problemsOf(text);
      expect(problem.field).toBe('environments[0].hosts[0].port');
      expect(problem.line).toBe(7);
      expect(problem.message).toBe('must be a number');
    });

    it('a list, an empty file or a binary file is named as not a profile, with nothing thrown', () => {
      for (const text of ['- just\n- a list\n', '', '\u00ff\u00fe\0binary\n']) {
        const [problem] = problemsOf(text);
        expect(problem).toMatchObject({ file: FILE, line: 1, column: 1 });
        expect(problem.message).toMatch(/YAML mapping with "name" and "environments"|not a text file/);
      }
    });

    it('aliases expanding into millions of nodes are refused, naming the file', () => {
      const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
      for (const name of ['b', 'c', 'd', 'e', 'f', 'g'])
        levels.push(
          `${name}: &${name} [${Array(9)
            .fill(`*${levels.length === 1 ? 'a' : String.fromCharCode(name.charCodeAt(0) - 1)}`)
            .join(', ')}]`,
        );
      const [problem] = problemsOf(`${levels.join('\n')}\nname: shop\n`);
      expect(problem).toMatchObject({ file: FILE, line: 1 });
      expect(problem.message).toMatch(/^YAML: .*alias/i);
    });

    it('a missing required field points at its parent and says it is required', () => {
      const text = block(['      - name: web-1']);
      const [problem] = problemsOf(text);
      expect(problem.field).toBe('environments[0].hosts[0].address');
      expect(problem.line).toBe(5);
      expect(problem.message).toMatch(/^is required/);
    });

    it('an unknown log format and an unknown timezone, each at its line, with what to write instead', () => {
      const text = block(
        ['      - { name: web-1, address: web-1 }'],
        [
          '      - name: checkout',
          '        hosts: [web-1]',
          '        logs:',
          '          - path: /var/log/app.log',
          '            format: log4',
          '          - path: /var/log/other.log',
          '            timezone: Europe/Pariss',
          '          - path: /var/log/fine.log',
          '            format: cri',
          '            timezone: -05:30',
        ],
      );
      const problems = problemsOf(text);
      expect(problems.map((p) => [p.line, p.field])).toEqual([
        [lineOf(text, 'log4'), 'environments[0].applications[0].logs[0].format'],
        [lineOf(text, 'Pariss'), 'environments[0].applications[0].logs[1].timezone'],
      ]);
      expect(problems[0].message).toMatch(/use auto or one of cri, iso8601, .*log4j/);
      expect(problems[1].message).toMatch(/IANA name such as Europe\/Paris, or an offset such as \+0200/);
    });

    it('a relative log path', () => {
      const text = block(
        ['      - { name: web-1, address: web-1 }'],
        [
          '      - name: checkout',
          '        hosts: [web-1]',
          '        logs:',
          '          - path: var/log/app.log',
        ],
      );
      const [problem] = problemsOf(text);
      expect(problem).toMatchObject({
        file: FILE,
        line: lineOf(text, 'var/log/app.log'),
        field: 'environments[0].applications[0].logs[0].path',
      });
      expect(problem.message).toMatch(/absolute path/);
    });

    it.each([
      ['tab', '\\t'],
      ['newline', '\\n'],
      ['escape', '\\e'],
      ['NUL', '\\0'],
      ['DEL', '\\x7f'],
      ['carriage return', '\\r'],
    ])('a control character (%s) in a name', (_label, escape) => {
      const text = block([`      - { name: "web${escape}1", address: web-1 }`]);
      const [problem] = problemsOf(text);
      expect(problem).toMatchObject({ file: FILE, line: 5, field: 'environments[0].hosts[0].name' });
      expect(problem.message).toMatch(/control characters/);
    });

    it('an address starting with "-" (it would be read as an ssh option)', () => {
      const text = block(['      - { name: web-1, address: -oProxyJump }']);
      const [problem] = problemsOf(text);
      expect(problem).toMatchObject({ file: FILE, line: 5, field: 'environments[0].hosts[0].address' });
      expect(problem.message).toMatch(/must not start with "-"/);
    });

    it('a host name given twice in one environment, at the second one', () => {
      const text = block(['      - { name: web-1, address: a }', '      - { name: web-1, address: b }']);
      const [problem] = problemsOf(text);
      expect(problem).toMatchObject({ file: FILE, line: 6, field: 'environments[0].hosts[1].name' });
      expect(problem.message).toBe('duplicate host "web-1"');
    });

    it('an application naming a host the environment does not have', () => {
      const text = block(
        ['      - { name: web-1, address: web-1 }'],
        ['      - name: checkout', '        hosts: [web-1, web-9]', '        logs: [{ path: /l }]'],
      );
      const [problem] = problemsOf(text);
      expect(problem).toMatchObject({
        file: FILE,
        line: lineOf(text, 'web-9'),
        column: text.split('\n')[lineOf(text, 'web-9') - 1].indexOf('web-9') + 1,
        field: 'environments[0].applications[0].hosts[1]',
      });
      expect(problem.message).toBe('names host "web-9", which is not in environment "production"');
    });

    it.each([
      'bastion,',
      ',bastion',
      'ops@',
      '@bastion',
      'ops@-oProxyCommand=x',
      '-bastion',
      'a,-b',
      'bastion b',
      'ops@bastion;id',
      'ssh://bastion',
    ])('a bad jump spec (%s)', (jump) => {
      const text = block([`      - { name: web-1, address: web-1, jump: ${JSON.stringify(jump)} }`]);
      const [problem] = problemsOf(text);
      expect(problem).toMatchObject({ file: FILE, line: 5, field: 'environments[0].hosts[0].jump' });
    });

    it.each(['bastion', 'ops@bastion', 'ops@bastion:2222', 'a,ops@b:22,c', '[::1]:22', 'ops@10.0.0.1'])(
      'accepts the jump spec %s',
      (jump) => {
        const text = block([`      - { name: web-1, address: web-1, jump: ${JSON.stringify(jump)} }`]);
        expect(profileOf(text).environments[0].hosts[0].jump).toBe(jump);
      },
    );

    it('a profile without environments, or an environment without hosts', () => {
      expect(problemsOf('name: shop\nenvironments: []\n')[0]).toMatchObject({
        field: 'environments',
        line: 2,
      });
      expect(problemsOf('name: shop\nenvironments:\n  - name: e\n    hosts: []\n')[0]).toMatchObject({
        field: 'environments[0].hosts',
        line: 4,
      });
    });

    it('formats problems as file:line:column: field: message', () => {
      expect(
        formatProfileProblem({ file: 'a.yaml', line: 3, column: 7, field: 'x[0].y', message: 'is wrong' }),
      ).toBe('a.yaml:3:7: x[0].y: is wrong');
      expect(formatProfileProblem({ file: 'a.yaml', line: 1, column: 1, field: '', message: 'bad' })).toBe(
        'a.yaml:1:1: bad',
      );
      expect(formatFieldPath(['environments', 0, 'hosts', 12, 'port'])).toBe(
        'environments[0].hosts[12].port',
      );
    });
  });

  describe('values that look like shell injection', () => {
    describe.each(strictFields.map((at) => [formatFieldPath(at), at] as const))('%s', (field, at) => {
      it.each(injections)('rejects %j', (value) => {
        const problems = problemsOf(withValue(at, value));
        expect(problems.map((p) => p.field)).toContain(field);
      });

      it('rejects a newline', () => {
        expect(problemsOf(withValue(at, 'web-1\nProxyCommand x')).map((p) => p.field)).toContain(field);
      });
    });

    describe.each(freeTextFields.map((at) => [formatFieldPath(at), at] as const))('%s', (field, at) => {
      it.each(injections)('keeps %j as data, byte for byte', (value) => {
        expect(valueAt(profileOf(withValue(at, value)), at)).toBe(value);
      });

      it('rejects a newline', () => {
        expect(problemsOf(withValue(at, 'a\nb')).map((p) => p.field)).toContain(field);
      });
    });

    it.each([
      [[...log0, 'format'], 'auto'],
      [[...log0, 'timezone'], 'Europe/Paris'],
    ] as const)('%j takes only a known name, so an injection is refused there', (at, good) => {
      expect(valueAt(profileOf(withValue([...at], good)), [...at])).toBe(good);
      for (const value of injections)
        expect(problemsOf(withValue([...at], value)).map((p) => p.field)).toContain(formatFieldPath(at));
    });

    it('host names are data: an application finds a host by the exact same odd name', () => {
      const odd = 'web-1; $(id) `id` \'q\' "dq"';
      const profile = fullProfile();
      profile.environments[0].hosts[0].name = odd;
      profile.environments[0].applications[0].hosts[0] = odd;
      const parsed = profileOf(stringify(profile));
      expect(parsed.environments[0].hosts[0].name).toBe(odd);
      expect(parsed.environments[0].applications[0].hosts[0]).toBe(odd);
    });

    it('log paths are data (quoted when tailed) but must be absolute and free of control characters', () => {
      const odd = '/var/log/a b; $(touch x) `id` \'q\' "dq".log';
      expect(valueAt(profileOf(withValue([...log0, 'path'], odd)), [...log0, 'path'])).toBe(odd);
      for (const bad of ['-oops', 'relative; id', '/var/log/a\nb', '/var/log/\u0000x']) {
        expect(problemsOf(withValue([...log0, 'path'], bad)).map((p) => p.field)).toContain(
          'environments[0].applications[0].logs[0].path',
        );
      }
    });

    it('user names allow only a plain account name (with the trailing "$" of machine accounts)', () => {
      expect(valueAt(profileOf(withValue([...host0, 'user'], 'svc_web.01-a$')), [...host0, 'user'])).toBe(
        'svc_web.01-a$',
      );
      for (const bad of ['-root', 'root$(id)', 'a b', '1root', 'root@host']) {
        expect(problemsOf(withValue([...host0, 'user'], bad)).map((p) => p.field)).toContain(
          'environments[0].hosts[0].user',
        );
      }
    });

    it('addresses allow host names, aliases, IPv4 and bracketed or scoped IPv6', () => {
      for (const address of ['web-1', 'web_1.example.com', '10.0.1.12', '::1', '[fe80::1%eth0]']) {
        expect(valueAt(profileOf(withValue([...host0, 'address'], address)), [...host0, 'address'])).toBe(
          address,
        );
      }
    });
  });
});
