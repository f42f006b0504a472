import { describe, expect, it } from 'vitest';
import { parseProfileText } from '../../../src/shared/profile-validate';
import { createRedactor } from '../../../src/engine/snapshots/redaction/create-redactor';
import { KeyBlockTracker } from '../../../src/engine/snapshots/redaction/key-block-tracker';
import { builtInRuleSpecs } from '../../../src/engine/snapshots/redaction/redaction-rules';
import { CANARIES } from './secret-canaries';

describe('redaction', () => {
  it.each(CANARIES.map((c) => [c.rule, c] as const))('%s: replaces the canary', (_rule, canary) => {
    const redactor = createRedactor();
    const out = redactor.redact(canary.line);
    expect(out).not.toContain(canary.secret);
    expect(out).toContain('[REDACTED:');
    expect(redactor.countsByRule()[canary.rule]).toBeGreaterThan(0);
  });

  it('has a canary for every built-in rule', () => {
    const covered = new Set(CANARIES.map((c) => c.rule));
    expect(builtInRuleSpecs().filter((r) => !covered.has(r.name))).toEqual([]);
  });

  it('keeps the text around a secret and only the value of a secret key', () => {
    const redactor = createRedactor();
    expect(redactor.redact('login user=alice password=hunter2canary from 10.0.0.7')).toBe(
      'login user=alice password=[REDACTED:password-key-value] from 10.0.0.7',
    );
    expect(redactor.redact('{"user":"bob","password": "s3cr3t pass"}')).toBe(
      '{"user":"bob","password": "[REDACTED:password-key-value]"}',
    );
    expect(redactor.redact('dsn=postgres://app:pw123456@db:5432/x')).toBe(
      'dsn=postgres://app:[REDACTED:url-password]@db:5432/x',
    );
  });

  it('redacts a whole private key block inside a multi-line event, keeping the lines around it', () => {
    const redactor = createRedactor();
    const out = redactor.redact(CANARIES[0].line);
    expect(out).toBe('loaded key:\n[REDACTED:private-key]\nkey loaded');
  });

  it('counts replacements per rule', () => {
    const redactor = createRedactor();
    redactor.redact('a password=one1 b password=two2');
    redactor.redact('AKIAQ3CANARY7EXAMPLE');
    expect(redactor.countsByRule()).toEqual({ 'aws-access-key-id': 1, 'password-key-value': 2 });
  });

  it.each([
    '2024-05-01 12:00:01 INFO GET /api/cart/42 200 12ms user=1234 region=eu-west-1',
    'request_id=550e8400-e29b-41d4-a716-446655440000 trace=4bf92f3577b34da6a3ce929d0e0e4736 done',
    'commit sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 deployed',
    '{"etag":"d41d8cd98f00b204e9800998ecf8427e","cache_key":"cart:42:eu"}',
    'Failed password for invalid user admin from 10.0.0.9 port 22 ssh2',
    'token_count=1500 max_tokens=2048 auth_method=publickey session=ok',
    'password=******** (hidden) secret=<redacted> token=${API_TOKEN} pwd=null',
    'Basic configuration loaded; bearer of the pager is on call',
    'fetching https://example.com:8443/health@latest and http://user@host/path',
    'Accepted publickey for deploy from 10.0.0.3 port 51234 ssh2: ED25519 SHA256:abcDEF123',
    'authorization=granted for role admin',
    'AKIA is the prefix of AWS keys; eyJ starts JSON in base64',
  ])('leaves ordinary text alone: %s', (line) => {
    const redactor = createRedactor();
    expect(redactor.redact(line)).toBe(line);
    expect(redactor.countsByRule()).toEqual({});
  });

  it('applies a profile’s own rules after the built-in ones', () => {
    const parsed = parseProfileText(
      [
        'name: shop',
        'environments:',
        '  - name: prod',
        '    hosts: [{ name: web-1, address: web-1 }]',
        'redaction:',
        '  rules:',
        '    - name: loyalty-card',
        "      pattern: 'card=(?<secret>LC[0-9]{8})'",
        '      hints: [card=]',
      ].join('\n'),
      'shop.yaml',
    );
    expect(parsed.ok).toBe(true);
    const redactor = createRedactor(parsed.ok ? parsed.profile : undefined);
    expect(redactor.redact('purchase card=LC12345678 total=12.00')).toBe(
      'purchase card=[REDACTED:loyalty-card] total=12.00',
    );
  });

  it('rejects a profile rule whose pattern is not a regular expression', () => {
    const parsed = parseProfileText(
      [
        'name: shop',
        'environments:',
        '  - name: prod',
        '    hosts: [{ name: web-1, address: web-1 }]',
        'redaction:',
        '  rules:',
        "    - { name: broken, pattern: 'a(b' }",
      ].join('\n'),
      'shop.yaml',
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0].field).toBe('redaction.rules[0].pattern');
  });

  it('redacts every string inside structured values', () => {
    const redactor = createRedactor();
    expect(
      redactor.redactDeep({ text: 'password=abc123', list: ['AKIAQ3CANARY7EXAMPLE'], n: 3, none: null }),
    ).toEqual({
      text: 'password=[REDACTED:password-key-value]',
      list: ['[REDACTED:aws-access-key-id]'],
      n: 3,
      none: null,
    });
  });
});

describe('private key blocks split across events', () => {
  const split = [
    'loading tls key',
    '-----BEGIN EC PRIVATE KEY-----',
    'MHcCAQEEICanarySplitBody0aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789oAoGCCqGSM49',
    'AwEHoUQDQgAECanarySplitTail+/=',
    '-----END EC PRIVATE KEY----- loaded',
    'listening on :8443',
  ];

  it('replaces the body lines that follow an unterminated BEGIN on the same stream', () => {
    const redactor = createRedactor();
    const tracker = new KeyBlockTracker(redactor);
    const out = split.map((line) => tracker.follow('web-1', '/var/log/a.log', line, redactor.redact(line)));
    expect(out).toEqual([
      'loading tls key',
      '[REDACTED:private-key]',
      '[REDACTED:private-key]',
      '[REDACTED:private-key]',
      '[REDACTED:private-key] loaded',
      'listening on :8443',
    ]);
    expect(redactor.countsByRule()).toEqual({ 'private-key': 4 });
  });

  it('leaves other streams alone and closes the block at an ordinary line', () => {
    const redactor = createRedactor();
    const tracker = new KeyBlockTracker(redactor);
    const follow = (source: string, line: string) =>
      tracker.follow('web-1', source, line, redactor.redact(line));
    follow('/a.log', '-----BEGIN RSA PRIVATE KEY-----');
    expect(follow('/b.log', 'QUJDREVGR0g=')).toBe('QUJDREVGR0g=');
    expect(follow('/a.log', '2024-05-01 12:00:00 INFO request handled')).toBe(
      '2024-05-01 12:00:00 INFO request handled',
    );
    expect(follow('/a.log', 'QUJDREVGR0g=')).toBe('QUJDREVGR0g=');
  });
});
