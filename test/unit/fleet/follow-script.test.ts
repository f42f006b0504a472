import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buildFollowCommand,
  buildTailFollowCommand,
  type FollowCommandOptions,
} from '../../../src/engine/fleet/follow-script';
import { FrameReader, type FollowControl } from '../../../src/engine/fleet/follow-frames';
import { shellQuote } from '../../../src/engine/fleet/shell-quote';
import { waitFor } from '../../harness/wait-for';

const NONCE = 'WF-3f9a1c7e0b2d4e68';

/** File and directory names a profile could hold, each of which would run code if left unquoted. */
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
  '--help',
  'glob * ? [a].log',
  '\\ backslash \\n.log',
  'pipe | touch canary-pipe > redirect.log',
  '@{[ `touch canary-perl` ]}.log',
];

type FollowEvent = FollowControl | { kind: 'DATA'; bytes: Buffer };

interface FollowRun {
  child: ChildProcess;
  /** Parsed frames, consecutive data merged into one event. */
  events: FollowEvent[];
  /** The events with data as UTF-8 text, for readable comparisons (HEAD and ZONE records are checked on their own). */
  timeline(): (FollowControl | { kind: 'DATA'; text: string })[];
  /** All data bytes received. */
  data(): Buffer;
  controls(kind: FollowControl['kind']): FollowControl[];
  stderr(): string;
  exited(): boolean;
}

let root: string;
const running: ChildProcess[] = [];

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'follow-script-'));
});

afterEach(async () => {
  await Promise.all(running.splice(0).map(stop));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function freshDir(): string {
  return mkdtempSync(path.join(root, 'case-'));
}

/**
 * Runs a command as an ssh server does, `sh -c <command>` (the login shell), in its own process group
 * so that it and anything it starts can be stopped together; stdout goes through the FrameReader.
 */
function run(
  command: string,
  cwd: string,
  options: { shell?: string; env?: NodeJS.ProcessEnv } = {},
): FollowRun {
  const child = spawn(options.shell ?? '/bin/sh', ['-c', command], {
    cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  const events: FollowEvent[] = [];
  let stderr = '';
  const reader = new FrameReader(NONCE, {
    data: (bytes) => {
      const last = events[events.length - 1];
      if (last?.kind === 'DATA') last.bytes = Buffer.concat([last.bytes, bytes]);
      else events.push({ kind: 'DATA', bytes: Buffer.from(bytes) });
    },
    control: (record) => events.push(record),
  });
  child.stdout!.on('data', (chunk: Buffer) => reader.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    child,
    events,
    timeline: () => {
      const out: (FollowControl | { kind: 'DATA'; text: string })[] = [];
      for (const e of events) {
        if (e.kind === 'HEAD' || e.kind === 'ZONE') continue;
        const last = out[out.length - 1];
        if (e.kind !== 'DATA') out.push(e);
        else if (last?.kind === 'DATA') last.text += e.bytes.toString();
        else out.push({ kind: 'DATA', text: e.bytes.toString() });
      }
      return out;
    },
    data: () => Buffer.concat(events.flatMap((e) => (e.kind === 'DATA' ? [e.bytes] : []))),
    controls: (kind) => events.filter((e): e is FollowControl => e.kind === kind),
    stderr: () => stderr,
    exited: () => child.exitCode !== null || child.signalCode !== null,
  };
}

function follow(options: Partial<FollowCommandOptions> & { path: string }, cwd: string): FollowRun {
  return run(
    buildFollowCommand({ offset: null, inode: null, backlogBytes: 64 * 1024, nonce: NONCE, ...options }),
    cwd,
  );
}

/** Waits until `condition` holds for the run, or fails saying what arrived so far. */
async function until(follower: FollowRun, condition: () => unknown, what: string): Promise<void> {
  await waitFor(condition, {
    what: `${what}; got ${JSON.stringify(follower.timeline())}, stderr ${JSON.stringify(follower.stderr())}`,
    timeoutMs: 15_000,
    intervalMs: 10,
  });
}

const hasText = (follower: FollowRun, text: string) => () => follower.data().toString().includes(text);

/** Kills the process group (the follower and any child, such as sudo's) and waits for the exit. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise((resolve) => child.once('close', resolve));
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
  await closed;
}

/** Voluntary context switches of a process: every nap of the follower's polling loop adds one. */
function naps(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/voluntary_ctxt_switches:\s+(\d+)/.exec(status)![1]);
}

/** Lets the follower go round its polling loop at least `rounds` more times. */
async function idleRounds(follower: FollowRun, rounds: number): Promise<void> {
  const start = naps(follower.child.pid!);
  await until(follower, () => naps(follower.child.pid!) >= start + rounds, `${rounds} idle rounds`);
}

const inodeOf = (file: string) => String(statSync(file).ino);

/** Login shells a host may give its users: sshd runs every command with `SHELL -c COMMAND`. */
const LOGIN_SHELLS = ['/bin/sh', '/bin/bash', '/usr/bin/zsh', '/usr/bin/fish', '/usr/bin/tcsh', '/bin/csh'];

/** The arguments a perl command hands its program (its hex words after the program's). */
function argumentsOf(command: string): string[] {
  const words = command.slice(command.indexOf(' -- ') + 4).split(' ');
  return words.slice(1).map((word) => Buffer.from(word.slice(1), 'hex').toString('utf8'));
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

describe('buildFollowCommand', () => {
  it('is one line that any login shell passes to perl untouched: a fixed loader, then hex words', () => {
    const command = buildFollowCommand({
      path: '/var/log/it\'s !here \\ "x".log',
      offset: null,
      inode: null,
      backlogBytes: 10,
      include: ['^(?!DEBUG)'],
      nonce: NONCE,
    });
    expect(command).toMatch(
      /^exec \/usr\/bin\/env LC_ALL=C perl -e '[^'!\\\n]*' -- x[0-9a-f]+( x[0-9a-f]*)+$/,
    );
  });

  it('passes every variable part as an argument; resuming needs both offset and inode', () => {
    const base = { path: '/var/log/a b.log', backlogBytes: 100.7, nonce: NONCE };
    expect(
      argumentsOf(
        buildFollowCommand({
          ...base,
          offset: 7.9,
          inode: '42',
          head: '6f6c64',
          include: ['a', 'b|c'],
          exclude: ['d'],
        }),
      ),
    ).toEqual(['/var/log/a b.log', NONCE, '7', '42', '100', '(?:a)|(?:b|c)', '(?:d)', '6f6c64']);
    const fresh = ['/var/log/a b.log', NONCE, '0', '', '100', '', '', ''];
    expect(argumentsOf(buildFollowCommand({ ...base, offset: 7, inode: null, head: '6f' }))).toEqual(fresh);
    expect(argumentsOf(buildFollowCommand({ ...base, offset: null, inode: '42' }))).toEqual(fresh);
  });

  it('rejects relative paths, unsafe nonces and NUL bytes', () => {
    const base = { offset: null, inode: null, backlogBytes: 0, nonce: NONCE };
    for (const bad of ['var/log/x', '-x', '', '~/x.log', './x.log']) {
      expect(() => buildFollowCommand({ ...base, path: bad })).toThrow(/absolute/);
    }
    for (const nonce of ['', 'a b', 'a;b', '$(id)', "a'b", 'a\nb', 'a_b']) {
      expect(() => buildFollowCommand({ ...base, path: '/l', nonce })).toThrow(/nonce/);
    }
    expect(() => buildFollowCommand({ ...base, path: '/var/\0log' })).toThrow(/NUL/);
  });

  it('adds sudo -n (never prompting) in front of perl when asked, and only then', () => {
    const base = { path: '/l', offset: null, inode: null, backlogBytes: 0, nonce: NONCE };
    expect(buildFollowCommand({ ...base, sudo: true })).toMatch(
      /^exec \/usr\/bin\/env LC_ALL=C sudo -n perl -e '/,
    );
    expect(buildFollowCommand(base)).not.toContain('sudo');
  });
});

describe('the follower run by a real /bin/sh', { timeout: 30_000 }, () => {
  const content = Buffer.from('first line\nsecond with é, 日本, 🚀 and a \u0000 NUL\n\u0000\u00ff\n', 'utf8');

  it.each(hostileNames)('follows a file named %j: the exact bytes, and no code runs', async (name) => {
    const cwd = freshDir();
    const file = path.join(cwd, name);
    writeFileSync(file, content);
    const follower = follow({ path: file }, cwd);
    await until(follower, () => follower.data().length >= content.length, 'the whole file');
    expect(follower.timeline()[0]).toEqual({
      kind: 'OPEN',
      inode: inodeOf(file),
      start: 0,
      size: content.length,
    });
    expect(follower.data()).toEqual(content);
    expect(readdirSync(cwd)).toEqual([name]);
  });

  it('runs the same under bash, with every hostile name at once in one hostile directory', async () => {
    const cwd = freshDir();
    const dir = path.join(cwd, 'd $(touch canary-dir) `touch canary-dir2`; \'x\' "y" \\z\n-n');
    mkdirSync(dir);
    const followers = hostileNames.map((name) => {
      writeFileSync(path.join(dir, name), content);
      return run(
        buildFollowCommand({
          path: path.join(dir, name),
          offset: 0,
          inode: null,
          backlogBytes: 1024,
          nonce: NONCE,
        }),
        cwd,
        { shell: '/usr/bin/bash' },
      );
    });
    for (const follower of followers) {
      await until(follower, () => follower.data().length >= content.length, 'the whole file');
      expect(follower.data()).toEqual(content);
    }
    expect(readdirSync(cwd)).toEqual([path.basename(dir)]);
    expect(readdirSync(dir).sort()).toEqual([...hostileNames].sort());
  });

  it.each(LOGIN_SHELLS)(
    'runs the same when the login shell is %s, with a hostile name and a pattern holding "!"',
    async (shell) => {
      if (!existsSync(shell)) {
        console.warn(`[skip] ${shell} is not installed`);
        return;
      }
      const cwd = freshDir();
      const name = 'it\'s !1 \\ "x" $(touch canary) `touch canary2`.log';
      writeFileSync(path.join(cwd, name), 'DEBUG hidden\nINFO shown\n');
      const follower = run(
        buildFollowCommand({
          path: path.join(cwd, name),
          offset: 0,
          inode: null,
          backlogBytes: 1024,
          include: ['^(?!DEBUG)'],
          nonce: NONCE,
        }),
        cwd,
        { shell },
      );
      await until(follower, () => follower.data().toString().includes('INFO shown\n'), 'the matching line');
      expect(follower.data().toString()).toBe('INFO shown\n');
      expect(readdirSync(cwd)).toEqual([name]);
    },
  );

  it('treats hostile include/exclude patterns as regular expressions only', async () => {
    const cwd = freshDir();
    const file = path.join(cwd, 'app.log');
    writeFileSync(file, 'keep me\ndrop me\n');
    const include = [
      'keep',
      "'; touch canary-quote; '",
      '$(touch canary-subshell)',
      '`touch canary-backtick`',
      '@{[ system "touch canaryperl" ]}',
      '${\\ system("touch canary-scalar")}',
    ];
    const follower = follow({ path: file, include, exclude: ['$(touch canary-exclude)'] }, cwd);
    await until(follower, () => follower.controls('POS').length > 0, 'a POS record');
    expect(follower.data().toString()).toBe('keep me\n');
    expect(readdirSync(cwd)).toEqual(['app.log']);
  });

  it('discards login-shell noise printed before the first frame, even noise holding part of the nonce', async () => {
    const cwd = freshDir();
    const file = path.join(cwd, 'app.log');
    writeFileSync(file, 'payload\n');
    const noise = `printf 'Welcome to host\\nLast login: today\\n%s\\n%s' ${shellQuote(NONCE.slice(0, 6))} ${shellQuote(NONCE)}`;
    const follower = run(
      `${noise}; ${buildFollowCommand({ path: file, offset: null, inode: null, backlogBytes: 100, nonce: NONCE })}`,
      cwd,
    );
    await until(follower, hasText(follower, 'payload\n'), 'the payload');
    expect(follower.timeline()).toEqual([
      { kind: 'OPEN', inode: inodeOf(file), start: 0, size: 8 },
      { kind: 'DATA', text: 'payload\n' },
    ]);
  });

  it('reads through sudo -n when asked, with every argument intact', async () => {
    const cwd = freshDir();
    const bin = path.join(cwd, 'bin');
    mkdirSync(bin);
    const sudoLog = path.join(cwd, 'sudo.log');
    writeFileSync(
      path.join(bin, 'sudo'),
      `#!/bin/sh\n[ "$1" = -n ] || exit 97\nshift\necho "$1" > ${shellQuote(sudoLog)}\nexec "$@"\n`,
    );
    chmodSync(path.join(bin, 'sudo'), 0o755);
    const file = path.join(cwd, "it's a log.log");
    writeFileSync(file, 'secret line\n');
    const command = buildFollowCommand({
      path: file,
      offset: null,
      inode: null,
      backlogBytes: 100,
      nonce: NONCE,
      sudo: true,
    });
    const follower = run(command, cwd, { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    await until(follower, hasText(follower, 'secret line\n'), 'the line through sudo');
    expect(readFileSync(sudoLog, 'utf8')).toBe('perl\n');
  });

  describe('starting fresh (no offset)', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `line-${i}...\n`).join(''); // 10 lines of 10 bytes

    it('starts backlogBytes before the end, skipping the partial first line', async () => {
      const cwd = freshDir();
      const file = path.join(cwd, 'app.log');
      writeFileSync(file, lines);
      const follower = follow({ path: file, backlogBytes: 25 }, cwd);
      await until(follower, hasText(follower, 'line-9'), 'the last line');
      expect(follower.timeline()).toEqual([
        { kind: 'OPEN', inode: inodeOf(file), start: 80, size: 100 },
        { kind: 'DATA', text: 'line-8...\nline-9...\n' },
      ]);
    });

    it('keeps the first line when the backlog starts exactly at a line start', async () => {
      const cwd = freshDir();
      const file = path.join(cwd, 'app.log');
      writeFileSync(file, lines);
      const follower = follow({ path: file, backlogBytes: 20 }, cwd);
      await until(follower, hasText(follower, 'line-9'), 'the last line');
      expect(follower.timeline()).toEqual([
        { kind: 'OPEN', inode: inodeOf(file), start: 80, size: 100 },
        { kind: 'DATA', text: 'line-8...\nline-9...\n' },
      ]);
    });

    it('starts at 0 when the file is smaller than the backlog, then follows what is appended', async () => {
      const cwd = freshDir();
      const file = path.join(cwd, 'app.log');
      writeFileSync(file, 'tiny\n');
      const follower = follow({ path: file, backlogBytes: 64 * 1024 }, cwd);
      await until(follower, hasText(follower, 'tiny\n'), 'the file');
      appendFileSync(file, 'more\n');
      await until(follower, hasText(follower, 'more\n'), 'the appended line');
      expect(follower.timeline()).toEqual([
        { kind: 'OPEN', inode: inodeOf(file), start: 0, size: 5 },
        { kind: 'DATA', text: 'tiny\nmore\n' },
      ]);
    });

    it('reports a missing file once (WAIT), then opens it when it appears', async () => {
      const cwd = freshDir();
      const file = path.join(cwd, 'later.log');
      const follower = follow({ path: file, backlogBytes: 100 }, cwd);
      await until(follower, () => follower.controls('WAIT').length > 0, 'the WAIT record');
      await idleRounds(follower, 2);
      writeFileSync(file, 'born\n');
      await until(follower, hasText(follower, 'born\n'), 'the new file');
      expect(follower.timeline()).toEqual([
        { kind: 'WAIT', reason: 'missing' },
        { kind: 'OPEN', inode: inodeOf(file), start: 0, size: 5 },
        { kind: 'DATA', text: 'born\n' },
      ]);
    });
  });

  describe('resuming at an offset and inode', () => {
    it('continues the same file at the offset', async () => {
      const cwd = freshDir();
      const file = path.join(cwd, 'app.log');
      writeFileSync(file, '0123456789\nabc\n');
      const follower = follow({ path: file, offset: 11, inode: inodeOf(file) }, cwd);
      await until(follower, hasText(follower, 'abc\n'), 'the rest of the file');
      appendFileSync(file, 'new\n');
      await until(follower, hasText(follower, 'new\n'), 'the appended line');
      expect(follower.timeline()).toEqual([
        { kind: 'OPEN', inode: inodeOf(file), start: 11, size: 15 },
        { kind: 'DATA', text: 'abc\nnew\n' },
      ]);
    });

    it('at the exact end, sends nothing until the file grows', async () => {
      const cwd = freshDir();
      const file = path.join(cwd, 'app.log');
      writeFileSync(file, 'old\n');
      const follower = follow({ path: file, offset: 4, inode: inodeOf(file) }, cwd);
      await until(follower, () => follower.controls('OPEN').length > 0, 'the OPEN record');
      appendFileSync(file, 'new\n');
      await until(follower, hasText(follower, 'new\n'), 'the appended line');
      expect(follower.timeline()).toEqual([
        { kind: 'OPEN', inode: inodeOf(file), start: 4, size: 4 },
        { kind: 'DATA', text: 'new\n' },
      ]);
    });

    it('truncated while away: reads the rest from the rotated copy, then TRUNCATED, then the file from 0', async () => {
      const cwd = freshDir();
      const file = path.join(cwd, 'app.log');
      writeFileSync(file, 'line-1\nline-2\nline-3\n');
      const inode = inodeOf(file);
      appendFileSync(file, 'line-4\n');
      copyFileSync(file, `${file}.1`);
      writeFileSync(`${file}.2`, 'an older copy, long enough to be taken if the age were ignored\n');
      utimesSync(`${file}.2`, new Date(Date.now() - 3600_000), new Date(Date.now() - 3600_000));
      writeFileSync(file, 'fresh\n'); // truncates in place: the inode stays
      expect(inodeOf(file)).toBe(inode);

      const follower = follow({ path: file, offset: 7, inode }, cwd);
      await until(follower, hasText(follower, 'fresh\n'), 'the truncated file');
      expect(follower.timeline()).toEqual([
        { kind: 'DATA', text: 'line-2\nline-3\nline-4\n' },
        { kind: 'TRUNCATED', size: 6 },
        { kind: 'OPEN', inode, start: 0, size: 6 },
        { kind: 'DATA', text: 'fresh\n' },
      ]);
    });

    it('reports the first 64 bytes of the file as HEAD, as far as they exist, and then no more', async () => {
      const cwd = freshDir();
      const file = path.join(cwd, 'app.log');
      writeFileSync(file, 'short\n');
      const follower = follow({ path: file }, cwd);
      await until(follower, () => follower.controls('HEAD').length === 1, 'the first HEAD');
      const long = 'x'.repeat(100) + '\n';
      appendFileSync(file, long);
      await until(follower, hasText(follower, long), 'the appended line');
      await until(follower, () => follower.controls('HEAD').length === 2, 'the full HEAD');
      appendFileSync(file, 'more\n');
      await until(follower, hasText(follower, 'more\n'), 'another line');
      await idleRounds(follower, 3);
      const full = Buffer.from('short\n' + long)
        .subarray(0, 64)
        .toString('hex');
      expect(follower.controls('HEAD')).toEqual([
        { kind: 'HEAD', hex: Buffer.from('short\n').toString('hex') },
        { kind: 'HEAD', hex: full },
      ]);
    });

    it('truncated while away and grown past the offset: told by its first bytes; the rest from the copy that starts with them', async () => {
      const cwd = freshDir();
      const file = path.join(cwd, 'app.log');
      const before = Array.from({ length: 10 }, (_, i) => `old line ${i}\n`).join('');
      writeFileSync(file, before);
      const inode = inodeOf(file);
      const head = Buffer.from(before).subarray(0, 64).toString('hex');
      const offset = before.indexOf('old line 5');
      appendFileSync(file, 'old line 10, written while away\n');
      copyFileSync(file, `${file}.1`);
      utimesSync(`${file}.1`, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
      // A newer sibling, long enough, but not this file's copy: its first bytes differ.
      writeFileSync(`${file}.bak`, 'another file entirely, '.repeat(20) + '\n');
      const after = Array.from({ length: 20 }, (_, i) => `new line ${i}\n`).join('');
      writeFileSync(file, after); // truncated in place, then longer than the offset: the inode stays
      expect(inodeOf(file)).toBe(inode);
      expect(after.length).toBeGreaterThan(offset);

      const follower = follow({ path: file, offset, inode, head }, cwd);
      await until(follower, hasText(follower, 'new line 19\n'), 'the new content');
      expect(follower.timeline()).toEqual([
        { kind: 'DATA', text: before.slice(offset) + 'old line 10, written while away\n' },
        { kind: 'TRUNCATED', size: after.length },
        { kind: 'OPEN', inode, start: 0, size: after.length },
        { kind: 'DATA', text: after },
      ]);
    });

    it('resumed with the right first bytes: carries on at the offset', async () => {
      const cwd = freshDir();
      const file = path.join(cwd, 'app.log');
      writeFileSync(file, 'first line\nsecond line\n');
      const head = Buffer.from('first line\nsecond line\n').toString('hex');
      appendFileSync(file, 'third line\n');
      const follower = follow({ path: file, offset: 11, inode: inodeOf(file), head }, cwd);
      await until(follower, hasText(follower, 'third line\n'), 'the rest');
      expect(follower.timeline()).toEqual([
        { kind: 'OPEN', inode: inodeOf(file), start: 11, size: 34 },
        { kind: 'DATA', text: 'second line\nthird line\n' },
      ]);
    });

    it('truncated while away without a rotated copy: a GAP, then TRUNCATED, then the file from 0', async () => {
      const cwd = freshDir();
      const file = path.join(cwd, 'app.log');
      writeFileSync(file, 'short\n');
      writeFileSync(`${file}.1`, 'a copy shorter than the offset\n'); // cannot be the one
      const follower = follow({ path: file, offset: 5000, inode: inodeOf(file) }, cwd);
      await until(follower, hasText(follower, 'short\n'), 'the file');
      expect(follower.timeline()).toEqual([
        { kind: 'GAP', bytes: null, reason: 'truncated-while-disconnected' },
        { kind: 'TRUNCATED', size: 6 },
        { kind: 'OPEN', inode: inodeOf(file), start: 0, size: 6 },
        { kind: 'DATA', text: 'short\n' },
      ]);
    });

    it('renamed while away: the rest of the old file (found by inode), then ROTATED and the new file from 0', async () => {
      const cwd = freshDir();
      const dir = path.join(cwd, "logs $(touch canary)\n'x'");
      mkdirSync(dir);
      const file = path.join(dir, 'app.log');
      writeFileSync(file, 'old-1\nold-2\n');
      const oldInode = inodeOf(file);
      renameSync(file, path.join(dir, 'app.log-20240101'));
      writeFileSync(file, 'new\n');
      const follower = follow({ path: file, offset: 6, inode: oldInode }, cwd);
      await until(follower, hasText(follower, 'new\n'), 'the new file');
      expect(follower.timeline()).toEqual([
        { kind: 'DATA', text: 'old-2\n' },
        { kind: 'ROTATED', inode: inodeOf(file) },
        { kind: 'OPEN', inode: inodeOf(file), start: 0, size: 4 },
        { kind: 'DATA', text: 'new\n' },
      ]);
      expect(readdirSync(cwd)).toEqual([path.basename(dir)]);
    });

    it('renamed while away and the old file gone: a GAP, then ROTATED and the new file from 0', async () => {
      const cwd = freshDir();
      const file = path.join(cwd, 'app.log');
      writeFileSync(file, 'old-1\nold-2\n');
      const oldInode = inodeOf(file);
      renameSync(file, `${file}.1`);
      writeFileSync(file, 'new\n'); // created while the old inode is still in use, so it cannot reuse it
      unlinkSync(`${file}.1`);
      const follower = follow({ path: file, offset: 6, inode: oldInode }, cwd);
      await until(follower, hasText(follower, 'new\n'), 'the new file');
      expect(follower.timeline()).toEqual([
        { kind: 'GAP', bytes: null, reason: 'rotated-file-gone' },
        { kind: 'ROTATED', inode: inodeOf(file) },
        { kind: 'OPEN', inode: inodeOf(file), start: 0, size: 4 },
        { kind: 'DATA', text: 'new\n' },
      ]);
    });
  });

  describe('live rotation', () => {
    it('rename: drains the old file, including what the writer appends to it for a moment, then ROTATED and the new file from 0', async () => {
      const cwd = freshDir();
      const file = path.join(cwd, 'app.log');
      writeFileSync(file, 'one\n');
      const writer = openSync(file, 'a');
      try {
        const follower = follow({ path: file }, cwd);
        await until(follower, hasText(follower, 'one\n'), 'the first line');
        writeSync(writer, 'two\n');
        renameSync(file, `${file}.1`);
        writeFileSync(file, 'new-1\n');
        writeSync(writer, 'late-1\n'); // the writer has not reopened its log yet
        await until(follower, hasText(follower, 'late-1\n'), 'the first late line');
        writeSync(writer, 'late-2\n');
        await until(follower, () => follower.controls('ROTATED').length > 0, 'the rotation');
        appendFileSync(file, 'new-2\n');
        await until(follower, hasText(follower, 'new-2\n'), 'the new file');
        expect(follower.timeline()).toEqual([
          { kind: 'OPEN', inode: inodeOf(`${file}.1`), start: 0, size: 4 },
          { kind: 'DATA', text: 'one\ntwo\nlate-1\nlate-2\n' },
          { kind: 'ROTATED', inode: inodeOf(file) },
          { kind: 'DATA', text: 'new-1\nnew-2\n' },
        ]);
      } finally {
        closeSync(writer);
      }
    });

    it('copytruncate: the rest from the copy, then TRUNCATED, then the new content', async () => {
      const cwd = freshDir();
      const file = path.join(cwd, 'app.log');
      writeFileSync(file, 'one\n');
      const follower = follow({ path: file }, cwd);
      await until(follower, hasText(follower, 'one\n'), 'the first line');
      // Paused, so that the line written just before the copy can only be read from the copy.
      follower.child.kill('SIGSTOP');
      await until(
        follower,
        () => /^\S+ \(.*\) T/.test(readFileSync(`/proc/${follower.child.pid}/stat`, 'utf8')),
        'the pause',
      );
      appendFileSync(file, 'two\n');
      copyFileSync(file, `${file}.1`);
      truncateSync(file, 0);
      follower.child.kill('SIGCONT');
      await until(follower, () => follower.controls('TRUNCATED').length > 0, 'the truncation');
      appendFileSync(file, 'three\n');
      await until(follower, hasText(follower, 'three\n'), 'the new content');
      expect(follower.timeline()).toEqual([
        { kind: 'OPEN', inode: inodeOf(file), start: 0, size: 4 },
        { kind: 'DATA', text: 'one\ntwo\n' },
        { kind: 'TRUNCATED', size: 0 },
        { kind: 'DATA', text: 'three\n' },
      ]);
    });
  });

  describe('include/exclude filters', () => {
    it('deliver only matching complete lines; POS is the offset of the last complete line examined', async () => {
      const cwd = freshDir();
      const file = path.join(cwd, 'app.log');
      const complete = 'INFO a\nERROR b\nDEBUG c\nERROR d healthcheck\nWARN é\n';
      writeFileSync(file, `${complete}ERROR e`);
      const follower = follow({ path: file, include: ['^ERROR', 'WARN'], exclude: ['healthcheck'] }, cwd);
      await until(follower, () => follower.controls('POS').length > 0, 'a POS record');
      expect(follower.timeline()).toEqual([
        { kind: 'OPEN', inode: inodeOf(file), start: 0, size: Buffer.byteLength(complete) + 7 },
        { kind: 'DATA', text: 'ERROR b\nWARN é\n' },
        { kind: 'POS', offset: Buffer.byteLength(complete) },
      ]);

      appendFileSync(file, ' done\nINFO f\n');
      const size = statSync(file).size;
      await until(follower, () => follower.controls('POS').length > 1, 'a second POS record');
      expect(follower.timeline().slice(3)).toEqual([
        { kind: 'DATA', text: 'ERROR e done\n' },
        { kind: 'POS', offset: size },
      ]);
    });

    it('do not repeat POS while idle, and move it for lines that do not match', async () => {
      const cwd = freshDir();
      const file = path.join(cwd, 'app.log');
      writeFileSync(file, 'INFO a\n');
      const follower = follow({ path: file, include: ['ERROR'] }, cwd);
      await until(follower, () => follower.controls('POS').length > 0, 'a POS record');
      await idleRounds(follower, 10);
      expect(follower.timeline()).toEqual([
        { kind: 'OPEN', inode: inodeOf(file), start: 0, size: 7 },
        { kind: 'POS', offset: 7 },
      ]);
      appendFileSync(file, 'INFO b\n');
      await until(follower, () => follower.controls('POS').length > 1, 'a second POS record');
      expect(follower.timeline().slice(2)).toEqual([{ kind: 'POS', offset: 14 }]);
    });

    it('report POS for the new file after a rotation, even at the same offset as the old one', async () => {
      const cwd = freshDir();
      const file = path.join(cwd, 'app.log');
      const lines = (tag: string) => Array.from({ length: 10 }, (_, i) => `${tag}-${i}....\n`).join('');
      writeFileSync(file, lines('old'));
      const follower = follow({ path: file, include: ['-[0-4]'] }, cwd);
      await until(follower, () => follower.controls('POS').length > 0, 'a POS record');
      renameSync(file, `${file}.1`);
      writeFileSync(file, lines('new'));
      await until(follower, () => follower.controls('POS').length > 1, 'the POS of the new file');
      expect(follower.timeline().slice(2)).toEqual([
        { kind: 'POS', offset: 100 },
        { kind: 'ROTATED', inode: inodeOf(file) },
        { kind: 'DATA', text: 'new-0....\nnew-1....\nnew-2....\nnew-3....\nnew-4....\n' },
        { kind: 'POS', offset: 100 },
      ]);
    });

    it('deliver a matching unterminated last line when the file is truncated, as without a filter', async () => {
      const cwd = freshDir();
      const file = path.join(cwd, 'app.log');
      writeFileSync(file, 'ERROR a\nERROR b');
      const follower = follow({ path: file, include: ['ERROR'] }, cwd);
      await until(follower, () => follower.controls('POS').length > 0, 'a POS record');
      truncateSync(file, 0);
      await until(follower, () => follower.controls('POS').length > 1, 'the POS after the truncation');
      expect(follower.timeline()).toEqual([
        { kind: 'OPEN', inode: inodeOf(file), start: 0, size: 15 },
        { kind: 'DATA', text: 'ERROR a\n' },
        { kind: 'POS', offset: 8 },
        { kind: 'DATA', text: 'ERROR b\n' },
        { kind: 'TRUNCATED', size: 0 },
        { kind: 'POS', offset: 0 },
      ]);
    });

    // The profile schema rejects these; the follower must stay safe should one get through.
    it('never run Perl code in a pattern: the follower stops with a clear message before reading anything', async () => {
      const cwd = freshDir();
      const file = path.join(cwd, 'app.log');
      writeFileSync(file, 'line\n');
      for (const pattern of [
        '(?{ system("touch canary-eval") })',
        '(??{ system("touch canary-postponed") })',
      ]) {
        const follower = follow({ path: file, include: [pattern] }, cwd);
        await until(follower, follower.exited, 'the follower to stop');
        expect(follower.child.exitCode).not.toBe(0);
        expect(follower.stderr()).toMatch(/Eval-group not allowed at runtime/);
        expect(follower.events).toEqual([]);
      }
      expect(readdirSync(cwd)).toEqual(['app.log']);
      expect(existsSync(path.join(cwd, 'canary-eval'))).toBe(false);
    });
  });
});

/** The follower for hosts without perl, run by a real /bin/sh with the system's tail. */
describe('the follower without perl (tail -F)', { timeout: 30_000 }, () => {
  const lines = Array.from({ length: 10 }, (_, i) => `line-${i}...\n`).join(''); // 10 lines of 10 bytes
  /** A PATH holding no perl: the follower must find tail and the rest in the standard places by itself. */
  const noPerl = { ...process.env, PATH: '/nonexistent' };

  function tailFollow(options: Partial<FollowCommandOptions> & { path: string }, cwd: string): FollowRun {
    return run(
      buildTailFollowCommand({
        offset: null,
        inode: null,
        backlogBytes: 64 * 1024,
        nonce: NONCE,
        ...options,
      }),
      cwd,
      { env: noPerl },
    );
  }

  it.each(hostileNames)(
    'follows a file named %j: OPEN, RAW, the exact bytes, and no code runs',
    async (name) => {
      const cwd = freshDir();
      const file = path.join(cwd, name);
      const content = Buffer.from('first line\nsecond with é, 日本 and a \u0000 NUL\n', 'utf8');
      writeFileSync(file, content);
      const follower = tailFollow({ path: file }, cwd);
      await until(follower, () => follower.data().length >= content.length, 'the whole file');
      expect(follower.timeline().slice(0, 2)).toEqual([
        { kind: 'OPEN', inode: inodeOf(file), start: 0, size: content.length },
        { kind: 'RAW' },
      ]);
      expect(follower.data()).toEqual(content);
      expect(readdirSync(cwd)).toEqual([name]);
    },
  );

  it('starts backlogBytes before the end, skipping the partial first line, and says where it starts', async () => {
    const cwd = freshDir();
    const file = path.join(cwd, 'app.log');
    writeFileSync(file, lines);
    const follower = tailFollow({ path: file, backlogBytes: 25 }, cwd);
    await until(follower, hasText(follower, 'line-9'), 'the last line');
    appendFileSync(file, 'more\n');
    await until(follower, hasText(follower, 'more\n'), 'the appended line');
    expect(follower.timeline()).toEqual([
      { kind: 'OPEN', inode: inodeOf(file), start: 80, size: 100 },
      { kind: 'RAW' },
      { kind: 'DATA', text: 'line-8...\nline-9...\nmore\n' },
    ]);
  });

  it('keeps the first line when the backlog starts exactly at a line start', async () => {
    const cwd = freshDir();
    const file = path.join(cwd, 'app.log');
    writeFileSync(file, lines);
    const follower = tailFollow({ path: file, backlogBytes: 20 }, cwd);
    await until(follower, hasText(follower, 'line-9'), 'the last line');
    expect(follower.timeline()).toEqual([
      { kind: 'OPEN', inode: inodeOf(file), start: 80, size: 100 },
      { kind: 'RAW' },
      { kind: 'DATA', text: 'line-8...\nline-9...\n' },
    ]);
  });

  it('resumes the same file at the offset; a file replaced meanwhile is read from its backlog', async () => {
    const cwd = freshDir();
    const file = path.join(cwd, 'app.log');
    writeFileSync(file, '0123456789\nabc\n');
    const same = tailFollow({ path: file, offset: 11, inode: inodeOf(file) }, cwd);
    await until(same, hasText(same, 'abc\n'), 'the rest of the file');
    expect(same.timeline()).toEqual([
      { kind: 'OPEN', inode: inodeOf(file), start: 11, size: 15 },
      { kind: 'RAW' },
      { kind: 'DATA', text: 'abc\n' },
    ]);
    const other = tailFollow({ path: file, offset: 11, inode: String(Number(inodeOf(file)) + 1) }, cwd);
    await until(other, hasText(other, 'abc\n'), 'the file from its backlog');
    expect(other.timeline()[0]).toEqual({ kind: 'OPEN', inode: inodeOf(file), start: 0, size: 15 });
  });

  it('reports a missing file once (WAIT), then opens it when it appears', async () => {
    const cwd = freshDir();
    const file = path.join(cwd, 'later.log');
    const follower = tailFollow({ path: file, backlogBytes: 100 }, cwd);
    await until(follower, () => follower.controls('WAIT').length > 0, 'the WAIT record');
    writeFileSync(file, 'born\n');
    await until(follower, hasText(follower, 'born\n'), 'the new file');
    expect(follower.timeline()).toEqual([
      { kind: 'WAIT', reason: 'missing' },
      { kind: 'OPEN', inode: inodeOf(file), start: 0, size: 5 },
      { kind: 'RAW' },
      { kind: 'DATA', text: 'born\n' },
    ]);
  });

  it("follows a rename rotation by name: the new file's lines follow the old one's", async () => {
    const cwd = freshDir();
    const file = path.join(cwd, 'app.log');
    writeFileSync(file, 'one\n');
    const follower = tailFollow({ path: file }, cwd);
    await until(follower, hasText(follower, 'one\n'), 'the first line');
    renameSync(file, `${file}.1`);
    writeFileSync(file, 'new-1\n');
    await until(follower, hasText(follower, 'new-1\n'), 'the new file');
    expect(follower.data().toString()).toBe('one\nnew-1\n');
  });

  it('stops tail once its session has ended (re-parented), even when the log stays quiet', async () => {
    const cwd = freshDir();
    const file = path.join(cwd, 'quiet.log');
    writeFileSync(file, 'only line\n');
    const command = buildTailFollowCommand({
      path: file,
      offset: null,
      inode: null,
      backlogBytes: 1024,
      nonce: NONCE,
    });
    // The session: a shell that starts the follower and ends when told to, as sshd's does when the client goes.
    const session = run(
      `${shellQuote('/bin/sh')} -c ${shellQuote(command)} & while [ ! -e ended ]; do sleep 0.05; done`,
      cwd,
      {
        env: noPerl,
      },
    );
    await until(session, hasText(session, 'only line\n'), 'the line');
    const tails = () =>
      readdirSync('/proc')
        .filter((entry) => /^\d+$/.test(entry))
        .filter((pid) => {
          try {
            const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
            return args.some((arg) => arg.endsWith('tail')) && args.includes(file);
          } catch {
            return false;
          }
        });
    expect(tails()).toHaveLength(1);
    writeFileSync(path.join(cwd, 'ended'), '');
    await waitFor(() => tails().length === 0, {
      what: 'tail stopped after the session ended',
      timeoutMs: 10_000,
    });
  });

  it('reads through sudo -n when asked', async () => {
    const cwd = freshDir();
    const bin = path.join(cwd, 'bin');
    mkdirSync(bin);
    // A sudo that records its arguments and runs the command, as sudo -n does for a permitted user.
    writeFileSync(path.join(bin, 'sudo'), '#!/bin/sh\nprintf %s "$*" > "$SUDO_ARGS"\nshift\nexec "$@"\n');
    chmodSync(path.join(bin, 'sudo'), 0o755);
    const file = path.join(cwd, 'app.log');
    writeFileSync(file, 'secret\n');
    const follower = run(
      buildTailFollowCommand({
        path: file,
        offset: null,
        inode: null,
        backlogBytes: 1024,
        nonce: NONCE,
        sudo: true,
      }),
      cwd,
      { env: { ...noPerl, PATH: bin, SUDO_ARGS: path.join(cwd, 'sudo-args') } },
    );
    await until(follower, hasText(follower, 'secret\n'), 'the file');
    expect(readFileSync(path.join(cwd, 'sudo-args'), 'utf8')).toMatch(/^-n \/bin\/sh -c /);
  });
});

/** The zone name this machine's libc reads from /etc/localtime, as the followers report it (null: not a link). */
function localZoneName(): string | null {
  try {
    const link = execFileSync('readlink', ['/etc/localtime'], { encoding: 'utf8' }).trim();
    return /zoneinfo\/(.+)$/.exec(link)?.[1] ?? null;
  } catch {
    return null;
  }
}

describe.each([
  [
    'with perl',
    (file: string) =>
      buildFollowCommand({ path: file, offset: null, inode: null, backlogBytes: 1024, nonce: NONCE }),
    {},
  ],
  [
    'without perl',
    (file: string) =>
      buildTailFollowCommand({ path: file, offset: null, inode: null, backlogBytes: 1024, nonce: NONCE }),
    { PATH: '/nonexistent' },
  ],
])('the host timezone the follower %s reports', { timeout: 30_000 }, (_which, command, env) => {
  async function zoneFor(tz: string | undefined): Promise<FollowControl[]> {
    const cwd = freshDir();
    const file = path.join(cwd, 'app.log');
    writeFileSync(file, 'first\n');
    const environment: NodeJS.ProcessEnv = { ...process.env, ...env };
    if (tz === undefined) delete environment.TZ;
    else environment.TZ = tz;
    const follower = run(command(file), cwd, { env: environment });
    await until(follower, hasText(follower, 'first\n'), 'the file');
    // Before anything else of the file.
    expect(follower.events[0].kind).toBe('ZONE');
    return follower.controls('ZONE');
  }

  it('names the zone of TZ, with its offset now, as date +%z prints it', async () => {
    const [zone] = await zoneFor('Europe/Paris');
    expect(zone).toEqual({
      kind: 'ZONE',
      offset: expect.stringMatching(/^\+0[12]00$/),
      name: 'Europe/Paris',
    });
    expect(await zoneFor(':America/New_York')).toEqual([
      { kind: 'ZONE', offset: expect.stringMatching(/^-0[45]00$/), name: 'America/New_York' },
    ]);
  });

  it('gives only the offset for a POSIX rule that names no zone', async () => {
    expect(await zoneFor('CET-1CEST,M3.5.0,M10.5.0/3')).toEqual([
      { kind: 'ZONE', offset: expect.stringMatching(/^\+0[12]00$/), name: null },
    ]);
  });

  it("reads the system's zone from /etc/localtime without TZ", async () => {
    const [zone] = await zoneFor(undefined);
    expect(zone).toMatchObject({ kind: 'ZONE', offset: expect.stringMatching(/^[+-]\d{4}$/) });
    // A machine whose /etc/localtime is a copy, not a link, is named by /etc/timezone, if at all.
    if (localZoneName() !== null) expect(zone).toMatchObject({ name: localZoneName() });
  });
});
