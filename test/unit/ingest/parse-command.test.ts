import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/cli/commands/parse';
import { DEFAULT_MAX_LINE_BYTES } from '../../../src/engine/ingest/line-splitter';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'watchfloor-parse-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: '', err: '' };
  stdout.on('data', (c) => (chunks.out += c));
  stderr.on('data', (c) => (chunks.err += c));
  const code = await parseCommand.run(argv, { stdout, stderr, stdin: new PassThrough(), env: {}, cwd: dir });
  return { code, stdout: chunks.out, stderr: chunks.err };
}

/** The NDJSON objects printed. */
function eventsOf(stdout: string) {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('watchfloor parse', () => {
  it('prints one JSON object per event, joining continuation lines', async () => {
    writeFileSync(
      path.join(dir, 'app.log'),
      '2024-03-01 12:00:00,000 ERROR [main] A - boom\r\n\tat a.B.c(B.java:1)\r\n2024-03-01 12:00:01,000 INFO [main] A - ok',
    );
    const { code, stdout } = await run(['--tz', '+0100', 'app.log']);
    expect(code).toBe(0);
    const events = eventsOf(stdout);
    expect(events).toEqual([
      {
        line: 1,
        ts: Date.UTC(2024, 2, 1, 11),
        level: 'error',
        format: 'log4j',
        message: '2024-03-01 12:00:00,000 ERROR [main] A - boom\n\tat a.B.c(B.java:1)',
      },
      {
        line: 3,
        ts: Date.UTC(2024, 2, 1, 11, 0, 1),
        level: 'info',
        format: 'log4j',
        message: '2024-03-01 12:00:01,000 INFO [main] A - ok',
      },
    ]);
  });

  it.each([
    ['UTF-16LE with a byte order mark (SQL Server errorlog)', 'utf-16le', true],
    ['UTF-16BE with a byte order mark', 'utf-16be', true],
    ['UTF-16LE without one', 'utf-16le', false],
    ['UTF-8 with a byte order mark', 'utf-8', true],
  ] as const)('reads a file in %s', async (_, encoding, bom) => {
    const text = `${bom ? '\uFEFF' : ''}2024-03-01 12:00:00.12 Server      Error: 17883, Severity: 16 é\r\n2024-03-01 12:00:01.00 spid5s      Starting up\r\n`;
    const le = Buffer.from(text, 'utf16le');
    const bytes =
      encoding === 'utf-8' ? Buffer.from(text) : encoding === 'utf-16le' ? le : Buffer.from(le).swap16();
    writeFileSync(path.join(dir, 'errorlog'), bytes);
    const { code, stdout } = await run(['errorlog']);
    expect(code).toBe(0);
    const events = eventsOf(stdout);
    expect(events.map((e) => [e.line, e.ts, e.message])).toEqual([
      [
        1,
        Date.UTC(2024, 2, 1, 12, 0, 0, 120),
        '2024-03-01 12:00:00.12 Server      Error: 17883, Severity: 16 é',
      ],
      [2, Date.UTC(2024, 2, 1, 12, 0, 1), '2024-03-01 12:00:01.00 spid5s      Starting up'],
    ]);
  });

  it('reads the stamp and level of coloured lines (Spring Boot with ANSI output), keeping the colours in the message', async () => {
    const line =
      '\x1b[2m2024-03-01 12:00:00.000\x1b[0;39m \x1b[31mERROR\x1b[0;39m \x1b[35m4242\x1b[0;39m boom';
    writeFileSync(path.join(dir, 'color.log'), `${line}\n`);
    const { stdout } = await run(['--tz', 'UTC', 'color.log']);
    expect(JSON.parse(stdout)).toMatchObject({ ts: Date.UTC(2024, 2, 1, 12), level: 'error', message: line });
  });

  it('cuts a gigantic line as the live tail does, and reads on from the next line', async () => {
    const stamp = '2024-03-01 12:00:00,000 ERROR [main] A - ';
    // 3 MB without a newline, then an ordinary line; the file is read in 1 MB chunks.
    const giant = `${stamp}${'x'.repeat(3 * 1024 * 1024)}`;
    writeFileSync(path.join(dir, 'giant.log'), `${giant}\n2024-03-01 12:00:01,000 INFO [main] A - ok\n`);
    const { code, stdout } = await run(['--tz', 'UTC', 'giant.log']);
    expect(code).toBe(0);
    const events = eventsOf(stdout);
    expect(events.map((e) => [e.line, e.ts, e.level])).toEqual([
      [1, Date.UTC(2024, 2, 1, 12), 'error'],
      [2, Date.UTC(2024, 2, 1, 12, 0, 1), 'info'],
    ]);
    expect(events[0].message.length).toBeLessThan(DEFAULT_MAX_LINE_BYTES + 100);
    expect(events[0].message.startsWith(`${stamp}xxx`)).toBe(true);
    expect(events[0].message.endsWith(` … [line truncated: ${giant.length} bytes]`)).toBe(true);
  });

  it('reads on after a hole of NUL bytes (a crash), numbering lines as the file does, and says where it was', async () => {
    writeFileSync(
      path.join(dir, 'crashed.log'),
      Buffer.concat([
        Buffer.from('2024-03-01 12:00:00,000 INFO [main] A - before\n'),
        Buffer.alloc(3 * 1024 * 1024),
        Buffer.from('2024-03-01 12:05:00,000 WARN [main] A - after the restart\n'),
      ]),
    );
    const { code, stdout, stderr } = await run(['--tz', 'UTC', 'crashed.log']);
    expect(code).toBe(0);
    expect(eventsOf(stdout).map((e) => [e.line, e.ts, e.level, e.message.slice(24)])).toEqual([
      [1, Date.UTC(2024, 2, 1, 12), 'info', 'INFO [main] A - before'],
      [2, Date.UTC(2024, 2, 1, 12, 5), 'warn', 'WARN [main] A - after the restart'],
    ]);
    expect(stderr).toBe(
      `${path.join(dir, 'crashed.log')}: line 2: 3145728 NUL bytes skipped before it (a hole in the file, as a crash leaves)\n`,
    );
  });

  it('applies --year to year-less stamps and --format to pin the format', async () => {
    writeFileSync(path.join(dir, 'messages'), 'Jun 14 15:16:01 combo sshd[1]: hello\n');
    const { stdout } = await run(['--format', 'syslog-rfc3164', '--year', '2005', 'messages']);
    expect(JSON.parse(stdout)).toMatchObject({
      ts: Date.UTC(2005, 5, 14, 15, 16, 1),
      format: 'syslog-rfc3164',
    });
  });

  it('rejects an unknown format with exit code 2, listing the formats', async () => {
    writeFileSync(path.join(dir, 'a.log'), 'x\n');
    const { code, stderr } = await run(['--format', 'nope', 'a.log']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown log format "nope"/);
    expect(stderr).toMatch(/syslog-rfc5424/);
  });

  it('names the file it cannot read', async () => {
    const { code, stderr } = await run(['missing.log']);
    expect(code).toBe(1);
    expect(stderr).toContain(path.join(dir, 'missing.log'));
  });

  it('asks for exactly one file', async () => {
    expect((await run([])).code).toBe(2);
  });
});
