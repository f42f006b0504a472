import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { shellQuote } from '../../../src/engine/fleet/shell-quote';
import { buildTailCommand, TailFramer, type TailHeader } from '../../../src/engine/fleet/tail-command';
import { waitFor } from '../../harness/wait-for';

const NONCE = 'wf-3f9a1c7e0b2d4e68';

/** File and directory names a profile may legitimately hold, each of which would run code if left unquoted. */
const hostileNames = [
  'app log with spaces.log',
  "it's 'quoted'.log",
  'double "quoted".log',
  '$(touch canary-subshell).log',
  '`touch canary-backtick`.log',
  'a; touch canary-semicolon; b.log',
  'a\ntouch canary-newline\nb.log',
  "x' ; touch canary-break-out ; echo '.log",
  '$HOME ${PATH} $((1+1)) && touch canary-and || touch canary-or.log',
  '-n leading dash.log',
  'glob * ? [a].log',
  '\\ backslash \\n.log',
  'pipe | touch canary-pipe > redirect.log',
];

let dir: string;
const running: ChildProcess[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tail-command-'));
});

afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface TailRun {
  child: ChildProcess;
  framer: TailFramer;
  /** Bytes after the header, as received so far. */
  payload: () => Buffer;
  /** Everything on stdout, noise and header included. */
  raw: () => Buffer;
  stderr: () => string;
}

/** Runs a command as the remote login shell would, `sh -c <command>`, in `cwd`; framing stdout as the reader does. */
function runTail(command: string, cwd: string): TailRun {
  const child = spawn('/bin/sh', ['-c', command], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  const framer = new TailFramer(NONCE);
  const payload: Buffer[] = [];
  const raw: Buffer[] = [];
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    raw.push(chunk);
    payload.push(framer.push(chunk));
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    child,
    framer,
    payload: () => Buffer.concat(payload),
    raw: () => Buffer.concat(raw),
    stderr: () => stderr,
  };
}

/** Waits for the header and `bytes` of payload, then stops the never-ending `tail -F`. */
async function collect(run: TailRun, bytes: number): Promise<{ header: TailHeader; payload: Buffer }> {
  await waitFor(() => run.framer.header !== null && run.payload().length >= bytes, {
    what: `the header and ${bytes} bytes (got ${run.raw().length} raw bytes; stderr: ${run.stderr()})`,
    timeoutMs: 10_000,
    intervalMs: 10,
  });
  await stop(run.child);
  return { header: run.framer.header!, payload: run.payload() };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function freshDir(): string {
  return mkdtempSync(path.join(dir, 'case-'));
}

describe('shellQuote', () => {
  it.each(hostileNames)('passes %j to a POSIX shell as one literal argument', (value) => {
    const cwd = freshDir();
    const printed = execFileSync('/bin/sh', ['-c', `printf '%s' ${shellQuote(value)}`], { cwd });
    expect(printed.toString()).toBe(value);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('quotes the empty string as an empty argument', () => {
    expect(execFileSync('/bin/sh', ['-c', `set -- ${shellQuote('')}; echo $#`]).toString()).toBe('1\n');
  });

  it('refuses a NUL byte, which no shell argument can hold', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });
});

describe('buildTailCommand run by a real /bin/sh', () => {
  it.each(hostileNames)('tails a file named %j: header, then the bytes, and no code runs', async (name) => {
    const cwd = freshDir();
    const file = path.join(cwd, name);
    const content = Buffer.from('first line\nsecond line with é and \u0000 NUL\n', 'utf8');
    writeFileSync(file, content);

    const run = runTail(buildTailCommand({ path: file, offset: 0, backlogBytes: 1024, nonce: NONCE }), cwd);
    const { header, payload } = await collect(run, content.length);

    expect(header).toEqual({ start: 0, size: content.length, inode: String(statSync(file).ino) });
    expect(payload).toEqual(content);
    expect(readdirSync(cwd)).toEqual([name]);
  });

  it('survives a directory name just as hostile as the file name', async () => {
    const cwd = freshDir();
    const sub = path.join(cwd, "d $(touch canary-dir) `touch canary-dir2`; 'x'");
    execFileSync('mkdir', ['--', sub]);
    const file = path.join(sub, 'app.log');
    writeFileSync(file, 'hello\n');
    const run = runTail(buildTailCommand({ path: file, offset: 0, backlogBytes: 0, nonce: NONCE }), cwd);
    const { payload } = await collect(run, 6);
    expect(payload.toString()).toBe('hello\n');
    expect(readdirSync(cwd)).toEqual([path.basename(sub)]);
  });

  it('keeps following: bytes appended after the start arrive too', async () => {
    const cwd = freshDir();
    const file = path.join(cwd, 'app.log');
    writeFileSync(file, 'one\n');
    const run = runTail(buildTailCommand({ path: file, offset: 0, backlogBytes: 0, nonce: NONCE }), cwd);
    await waitFor(() => run.payload().length >= 4, { what: 'the first line', intervalMs: 10 });
    appendFileSync(file, 'two\n');
    const { payload } = await collect(run, 8);
    expect(payload.toString()).toBe('one\ntwo\n');
  });

  it('resumes at a byte offset (tail -c +N)', async () => {
    const cwd = freshDir();
    const file = path.join(cwd, 'app.log');
    writeFileSync(file, '0123456789\nabc\n');
    const run = runTail(buildTailCommand({ path: file, offset: 11, backlogBytes: 0, nonce: NONCE }), cwd);
    const { header, payload } = await collect(run, 4);
    expect(header.start).toBe(11);
    expect(header.size).toBe(15);
    expect(payload.toString()).toBe('abc\n');
  });

  it('resumes at the exact end of the file with nothing to send until it grows', async () => {
    const cwd = freshDir();
    const file = path.join(cwd, 'app.log');
    writeFileSync(file, 'old\n');
    const run = runTail(buildTailCommand({ path: file, offset: 4, backlogBytes: 0, nonce: NONCE }), cwd);
    await waitFor(() => run.framer.header, { what: 'the header', intervalMs: 10 });
    appendFileSync(file, 'new\n');
    const { header, payload } = await collect(run, 4);
    expect(header).toMatchObject({ start: 4, size: 4 });
    expect(payload.toString()).toBe('new\n');
  });

  it('starts again from 0 when the file is shorter than the offset (it was truncated or replaced)', async () => {
    const cwd = freshDir();
    const file = path.join(cwd, 'app.log');
    writeFileSync(file, 'short\n');
    const run = runTail(buildTailCommand({ path: file, offset: 5000, backlogBytes: 0, nonce: NONCE }), cwd);
    const { header, payload } = await collect(run, 6);
    expect(header).toMatchObject({ start: 0, size: 6 });
    expect(payload.toString()).toBe('short\n');
  });

  it('without an offset, starts backlogBytes before the end', async () => {
    const cwd = freshDir();
    const file = path.join(cwd, 'app.log');
    const content = Buffer.from('x'.repeat(90) + '123456789\n');
    writeFileSync(file, content);
    const run = runTail(buildTailCommand({ path: file, offset: null, backlogBytes: 10, nonce: NONCE }), cwd);
    const { header, payload } = await collect(run, 10);
    expect(header).toMatchObject({ start: 90, size: 100 });
    expect(payload.toString()).toBe('123456789\n');
  });

  it('without an offset, starts at 0 when the file is smaller than the backlog', async () => {
    const cwd = freshDir();
    const file = path.join(cwd, 'app.log');
    writeFileSync(file, 'tiny\n');
    const run = runTail(
      buildTailCommand({ path: file, offset: null, backlogBytes: 64 * 1024, nonce: NONCE }),
      cwd,
    );
    const { header, payload } = await collect(run, 5);
    expect(header).toMatchObject({ start: 0, size: 5 });
    expect(payload.toString()).toBe('tiny\n');
  });

  it('reports size 0 and inode 0 for a missing file, then follows it once it appears', async () => {
    const cwd = freshDir();
    const file = path.join(cwd, 'later.log');
    const run = runTail(buildTailCommand({ path: file, offset: null, backlogBytes: 100, nonce: NONCE }), cwd);
    await waitFor(() => run.framer.header, { what: 'the header', intervalMs: 10 });
    expect(run.framer.header).toEqual({ start: 0, size: 0, inode: '0' });
    writeFileSync(file, 'born\n');
    const { payload } = await collect(run, 5);
    expect(payload.toString()).toBe('born\n');
  });

  it('discards login-shell noise printed before the header, even noise holding part of the nonce', async () => {
    const cwd = freshDir();
    const file = path.join(cwd, 'app.log');
    writeFileSync(file, 'payload\n');
    const noise = `printf 'Welcome to host\\nLast login: today\\n%s\\n%s' ${shellQuote(NONCE.slice(0, 6))} ${shellQuote(NONCE.slice(0, 12))}`;
    const command = `${noise}; ${buildTailCommand({ path: file, offset: 0, backlogBytes: 0, nonce: NONCE })}`;
    const run = runTail(command, cwd);
    const { payload } = await collect(run, 8);
    expect(run.raw().toString()).toContain('Welcome to host');
    expect(payload.toString()).toBe('payload\n');
  });

  it('floors a fractional offset and rejects relative paths and unsafe nonces', () => {
    expect(buildTailCommand({ path: '/l', offset: 7.9, backlogBytes: 0, nonce: NONCE })).toContain(
      'start=7;',
    );
    expect(() => buildTailCommand({ path: 'var/log/x', offset: 0, backlogBytes: 0, nonce: NONCE })).toThrow(
      /absolute/,
    );
    expect(() => buildTailCommand({ path: '-x', offset: 0, backlogBytes: 0, nonce: NONCE })).toThrow(
      /absolute/,
    );
    for (const nonce of ['', 'a b', 'a;b', '$(id)', "a'b"]) {
      expect(() => buildTailCommand({ path: '/l', offset: 0, backlogBytes: 0, nonce })).toThrow(/nonce/);
    }
    expect(() => buildTailCommand({ path: '/var/\0log', offset: 0, backlogBytes: 0, nonce: NONCE })).toThrow(
      /NUL/,
    );
  });

  it('adds sudo -n (never prompting) to every file access when asked', () => {
    const command = buildTailCommand({ path: '/l', offset: 0, backlogBytes: 0, nonce: NONCE, sudo: true });
    expect(command.match(/sudo -n /g)).toHaveLength(3);
    expect(buildTailCommand({ path: '/l', offset: 0, backlogBytes: 0, nonce: NONCE })).not.toContain('sudo');
  });
});

describe('TailFramer', () => {
  const header = (start: number, size: number, inode: string) => `\n${NONCE} ${start} ${size} ${inode}\n`;

  /** Feeds `stream` in chunks cut at `cuts` and returns the concatenated payload. */
  function frame(stream: Buffer, cuts: number[]): { framer: TailFramer; payload: Buffer } {
    const framer = new TailFramer(NONCE);
    const out: Buffer[] = [];
    let from = 0;
    for (const cut of [...cuts, stream.length]) {
      out.push(framer.push(stream.subarray(from, cut)));
      from = cut;
    }
    return { framer, payload: Buffer.concat(out) };
  }

  it('returns nothing until the header line is complete, then the bytes after it', () => {
    const framer = new TailFramer(NONCE);
    expect(framer.push(Buffer.from(`\n${NONCE} 12 3`)).length).toBe(0);
    expect(framer.header).toBeNull();
    expect(framer.push(Buffer.from('4 9876\nline one\n')).toString()).toBe('line one\n');
    expect(framer.header).toEqual({ start: 12, size: 34, inode: '9876' });
    expect(framer.push(Buffer.from(`\n${NONCE} 0 0 0\nmore\n`)).toString()).toBe(`\n${NONCE} 0 0 0\nmore\n`);
  });

  it('strips arbitrary shell noise before the header, whatever the chunking', () => {
    const noise = Buffer.concat([
      Buffer.from('motd: welcome\r\n\u001b[1mbold\u001b[0m\n'),
      Buffer.from([0, 1, 2, 0xff, 0xfe, 0x0a]),
      Buffer.from(`${NONCE}\n`), // the nonce at a line start, but without the separating space
      Buffer.from(`\n${NONCE.slice(0, 9)}`), // part of the marker, then something else
      Buffer.from('no newline at the end of the noise'),
    ]);
    const payload = Buffer.from('2024-01-01 ERROR boom\n2024-01-01 INFO ok\n');
    const stream = Buffer.concat([noise, Buffer.from(header(100, 200, '42')), payload]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const result = frame(stream, [cut]);
      expect(result.payload, `cut at ${cut}`).toEqual(payload);
      expect(result.framer.header).toEqual({ start: 100, size: 200, inode: '42' });
    }
    const byteByByte = frame(
      stream,
      Array.from({ length: stream.length }, (_, i) => i),
    );
    expect(byteByByte.payload).toEqual(payload);
  });

  it('finds the header after more than 64 KiB of noise, even when its marker straddles the chunk that crossed the limit', () => {
    for (let split = 1; split <= NONCE.length + 1; split++) {
      const marker = `\n${NONCE} `;
      const firstChunk = Buffer.concat([Buffer.alloc(70_000, 'n'), Buffer.from(marker.slice(0, split))]);
      const rest = Buffer.from(`${marker.slice(split)}5 6 7\npayload\n`);
      const framer = new TailFramer(NONCE);
      expect(framer.push(firstChunk).length).toBe(0);
      expect(framer.push(rest).toString(), `marker split after ${split} bytes`).toBe('payload\n');
      expect(framer.header).toEqual({ start: 5, size: 6, inode: '7' });
    }
  });

  it('survives megabytes of noise in small chunks', () => {
    const framer = new TailFramer(NONCE);
    const chunk = Buffer.from(`noise ${NONCE.slice(0, 10)} `.repeat(100) + '\n');
    for (let i = 0; i < 2000; i++) expect(framer.push(chunk).length).toBe(0);
    expect(framer.push(Buffer.from(`${header(1, 2, '3')}tail`)).toString()).toBe('tail');
  });

  it('returns an empty payload when the header ends the chunk', () => {
    const framer = new TailFramer(NONCE);
    expect(framer.push(Buffer.from(header(0, 0, '0'))).length).toBe(0);
    expect(framer.header).toEqual({ start: 0, size: 0, inode: '0' });
  });
});
