import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import type { HostState, StreamRow } from '../../src/shared/types';
import { LogWriter, isoLine } from '../harness/log-writer';
import { descendants } from '../harness/processes';
import { writeFleetProfile } from '../harness/profiles';
import { fleetForBlock } from '../harness/fleet-block';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';
import { waitFor } from '../harness/wait-for';

const BUILT_PARSE_WORKER = path.resolve(__dirname, '../../out/main/parse-worker.js');
const harness = canRunSshFleet();
if (!harness.ok) console.warn(`[skip] ${harness.why}`);

/** Sequence numbers of the writer lines one host delivered, in merged order. */
function seqs(rows: StreamRow[], host: string): number[] {
  return rows
    .filter((r) => r.host === host && !r.marker)
    .map((r) => Number(/seq=(\d+)/.exec(r.message)?.[1] ?? NaN));
}

async function allRows(engine: Engine): Promise<StreamRow[]> {
  const rows: StreamRow[] = [];
  for (;;) {
    const page = await engine.getStreamPage({ from: rows.length, count: 2000 });
    rows.push(...page.rows);
    if (page.rows.length < 2000) return rows;
  }
}

/** Every line 0..written-1 exactly once, in order. */
function expectExactlyOnce(got: number[], written: number): void {
  const missing = written - new Set(got).size;
  const duplicated = got.length - new Set(got).size;
  expect({ missing, duplicated, count: got.length }).toEqual({ missing: 0, duplicated: 0, count: written });
  expect(got).toEqual([...got].sort((a, b) => a - b));
}

describe.runIf(harness.ok)('the fleet under faults (real sshd)', () => {
  let fleet: SshFleet;
  let engine: Engine;
  let writer: LogWriter | null = null;
  const states: HostState[] = [];

  beforeAll(async () => {
    fleet = await startSshFleet({ hosts: 1 });
  });

  afterEach(async () => {
    await writer?.stop();
    writer = null;
    engine?.dispose();
    states.length = 0;
  });

  afterAll(async () => {
    await fleet?.stop();
  });

  async function connect(file: string, keepaliveSec?: number, parseWorkerPath?: string): Promise<void> {
    const host = fleet.hosts[0];
    writeFileSync(path.join(host.logDir, file), '');
    const profile = writeFleetProfile(fleet, { name: file.replace(/\W/g, '-'), files: [file] });
    engine = new Engine({
      profilesDir: path.dirname(profile),
      home: fleet.home,
      agentSocket: fleet.agentSocket,
      backoff: { initialMs: 200, maxMs: 1000, jitter: 0.2 },
      keepaliveSec,
      parseWorkerPath,
    });
    engine.events.on('hostStatus', (s) => {
      if (states[states.length - 1] !== s.state) states.push(s.state);
    });
    await engine.connect({ profileFile: path.basename(profile), environment: 'test' });
    await waitFor(async () => (await engine.getSession())?.hosts[0].state === 'live', { what: 'host live' });
    writer = new LogWriter(path.join(host.logDir, file), { rate: 5000, line: isoLine(host.name) });
  }

  async function expectAllDelivered(): Promise<void> {
    writer!.pause();
    const written = writer!.written;
    await waitFor(async () => seqs(await allRows(engine), 'web-1').length >= written, {
      what: `${written} lines delivered`,
      timeoutMs: 30_000,
    });
    expectExactlyOnce(seqs(await allRows(engine), 'web-1'), written);
  }

  it('resumes at the byte offset after sshd is killed for 10 s during a 5,000 lines/s tail, losing and repeating nothing', async () => {
    await connect('resume.log');
    writer!.start();
    await waitFor(async () => (await engine.getStreamPage({ from: 0, count: 0 })).total > 2000, {
      what: 'lines flowing',
    });
    await fleet.hosts[0].stopSshd();
    const stoppedAt = Date.now();
    await waitFor(() => states.includes('reconnecting'), { what: 'reconnecting' });
    await waitFor(() => Date.now() - stoppedAt >= 10_000, {
      what: '10 s of outage',
      timeoutMs: 12_000,
      intervalMs: 200,
    });
    await fleet.hosts[0].startSshd();
    await waitFor(() => states[states.length - 1] === 'live', { what: 'live again', timeoutMs: 20_000 });
    await expectAllDelivered();
    expect(states.slice(states.indexOf('live'))).toEqual(
      expect.arrayContaining(['live', 'reconnecting', 'live']),
    );
    const markers = (await allRows(engine)).filter((r) => r.marker === 'reconnect');
    expect(markers.length).toBeGreaterThanOrEqual(1);
  });

  /** A 5,000 lines/s tail whose file is renamed (500 more lines to the old name) and made again. */
  async function followRenameRotation(file: string, parseWorkerPath?: string): Promise<void> {
    await connect(file, undefined, parseWorkerPath);
    writer!.start();
    await waitFor(async () => (await engine.getStreamPage({ from: 0, count: 0 })).total > 1000, {
      what: 'lines flowing',
    });
    writer!.rotateByRename(500);
    await waitFor(async () => (await allRows(engine)).some((r) => r.marker === 'rotation'), {
      what: 'rotation marker',
    });
    await expectAllDelivered();
  }

  it('follows a rename rotation while connected: the rest of the old file, then the new one', async () => {
    await followRenameRotation('rename.log');
  });

  it.skipIf(!existsSync(BUILT_PARSE_WORKER))(
    'parsing on the parse worker: follows a rename rotation at 5,000 lines/s, every line once, in order, the marker between the files',
    async () => {
      await followRenameRotation('worker-rename.log', BUILT_PARSE_WORKER);
      const rows = (await allRows(engine)).filter((r) => r.host === 'web-1');
      const marker = rows.findIndex((r) => r.marker === 'rotation');
      const lastBefore = seqs(rows.slice(0, marker), 'web-1').pop()!;
      expect(seqs(rows.slice(marker), 'web-1')[0]).toBe(lastBefore + 1);
      expect(
        rows.every((r) => r.marker !== undefined || (r.level === 'info' && r.tsOrigin === 'parsed')),
      ).toBe(true);
    },
  );

  it('follows a copytruncate rotation while connected', async () => {
    await connect('copytruncate.log');
    writer!.start();
    await waitFor(async () => (await engine.getStreamPage({ from: 0, count: 0 })).total > 1000, {
      what: 'lines flowing',
    });
    writer!.pause();
    writer!.rotateByCopyTruncate();
    writer!.start();
    await waitFor(async () => (await allRows(engine)).some((r) => r.marker === 'rotation'), {
      what: 'truncation marker',
    });
    await expectAllDelivered();
  });

  it('catches up through rotations that happened while disconnected (rename, then copytruncate)', async () => {
    await connect('offline.log');
    writer!.start();
    await waitFor(async () => (await engine.getStreamPage({ from: 0, count: 0 })).total > 1000, {
      what: 'lines flowing',
    });
    await fleet.hosts[0].stopSshd();
    await waitFor(() => states.includes('reconnecting'), { what: 'reconnecting' });
    writer!.write(300);
    writer!.rotateByRename(200);
    writer!.write(300);
    await fleet.hosts[0].startSshd();
    await waitFor(() => states[states.length - 1] === 'live', { what: 'live again', timeoutMs: 20_000 });
    await waitFor(async () => (await allRows(engine)).some((r) => r.marker === 'rotation'), {
      what: 'rotation marker',
    });

    await fleet.hosts[0].stopSshd();
    await waitFor(() => states.filter((s) => s === 'reconnecting').length >= 2, { what: 'second outage' });
    writer!.pause();
    writer!.write(300);
    writer!.rotateByCopyTruncate('.copy');
    writer!.write(300);
    await fleet.hosts[0].startSshd();
    await waitFor(() => states[states.length - 1] === 'live', { what: 'live again', timeoutMs: 20_000 });
    await expectAllDelivered();
  });

  it('catches up through a copytruncate while disconnected after which the file grew past the old offset', async () => {
    await connect('regrown.log');
    writer!.write(200);
    await waitFor(async () => seqs(await allRows(engine), 'web-1').length >= 200, {
      what: 'the first lines',
    });
    await fleet.hosts[0].stopSshd();
    await waitFor(() => states.includes('reconnecting'), { what: 'reconnecting' });
    writer!.write(100);
    writer!.rotateByCopyTruncate('.1');
    // Far more than was read before: the size alone no longer shows the truncation.
    writer!.write(2000);
    await fleet.hosts[0].startSshd();
    await waitFor(() => states[states.length - 1] === 'live', { what: 'live again', timeoutMs: 20_000 });
    await waitFor(async () => (await allRows(engine)).some((r) => r.marker === 'rotation'), {
      what: 'truncation marker',
    });
    await expectAllDelivered();
  });

  it('shows a last line whose newline has not come (a writer stopped mid-line), once, and what follows it', async () => {
    await connect('partial.log');
    const file = path.join(fleet.hosts[0].logDir, 'partial.log');
    appendFileSync(
      file,
      `${new Date().toISOString()} INFO before\n${new Date().toISOString()} FATAL last words`,
    );
    const lastWords = await waitFor(
      async () => (await allRows(engine)).find((r) => r.message.includes('last words')),
      { what: 'the line without its newline', timeoutMs: 15_000 },
    );
    expect(lastWords.level).toBe('fatal');
    appendFileSync(file, ` written late\n${new Date().toISOString()} INFO after\n`);
    await waitFor(async () => (await allRows(engine)).some((r) => r.message.endsWith('INFO after')), {
      what: 'the line after it',
    });
    const messages = (await allRows(engine)).filter((r) => !r.marker).map((r) => r.message);
    expect(messages.filter((m) => m.includes('last words'))).toHaveLength(1);
    expect(messages.filter((m) => m.includes('written late'))).toHaveLength(1);
    expect(messages.filter((m) => m.includes('INFO before'))).toHaveLength(1);
  });

  it('reads the lines written after a hole of NUL bytes (a crash), saying where the hole was', async () => {
    await connect('crashed.log');
    const file = path.join(fleet.hosts[0].logDir, 'crashed.log');
    const stamp = new Date().toISOString();
    // The line being written when the machine stopped is cut short by the hole; the service, restarted,
    // appends after the preallocated space the file kept. (All of it within the 64 KB a fresh tail shows.)
    appendFileSync(
      file,
      Buffer.concat([
        Buffer.from(`${stamp} INFO before the crash\n${stamp} INFO half writ`),
        Buffer.alloc(40_000),
        Buffer.from(`${stamp} ERROR after the reboot\n`),
      ]),
    );
    const rows = await waitFor(
      async () => {
        const all = await allRows(engine);
        return all.some((r) => r.message.endsWith('after the reboot')) ? all : null;
      },
      { what: 'the line after the hole', timeoutMs: 15_000 },
    );
    const texts = rows.map((r) =>
      r.marker ? `[${r.marker}] ${r.message}` : r.message.slice(stamp.length + 1),
    );
    expect(texts).toEqual([
      'INFO before the crash',
      'INFO half writ',
      expect.stringMatching(/^\[gap\] .*crashed\.log: 40000 NUL bytes skipped/),
      'ERROR after the reboot',
    ]);
    expect(rows.find((r) => r.message.endsWith('after the reboot'))?.level).toBe('error');
  });

  it('detects a frozen host within keepalive × (count + 1) + 1 s and resumes after SIGCONT', async () => {
    await connect('freeze.log', 1);
    writer!.start();
    await waitFor(async () => (await engine.getStreamPage({ from: 0, count: 0 })).total > 500, {
      what: 'lines flowing',
    });
    const sshd = fleet.hosts[0].sshd!;
    const frozen = [sshd.pid, ...descendants(sshd.pid)];
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    const frozenAt = Date.now();
    try {
      await waitFor(() => states.includes('reconnecting'), {
        what: 'freeze detected',
        timeoutMs: 10_000,
        intervalMs: 20,
      });
      const detectedMs = Date.now() - frozenAt;
      console.log(`frozen host detected after ${detectedMs} ms (keepalive 1 s, count 3)`);
      expect(detectedMs).toBeLessThanOrEqual(1000 * (3 + 1) + 1000);
    } finally {
      for (const pid of frozen) process.kill(pid, 'SIGCONT');
    }
    await waitFor(() => states[states.length - 1] === 'live', {
      what: 'live after SIGCONT',
      timeoutMs: 20_000,
    });
    await expectAllDelivered();
  });
});

describe.runIf(harness.ok)('a host with more logs than sshd MaxSessions', () => {
  let fleet: SshFleet;
  let engine: Engine;
  fleetForBlock(
    { hosts: 1, maxSessions: 10 },
    (started) => (fleet = started),
    () => engine,
  );

  it('tails all 12 files of one host', async () => {
    const files = Array.from({ length: 12 }, (_, i) => `f${i + 1}.log`);
    for (const f of files)
      writeFileSync(
        path.join(fleet.hosts[0].logDir, f),
        `${new Date().toISOString()} INFO ${f} first line\n`,
      );
    const profile = writeFleetProfile(fleet, { name: 'twelve', files });
    engine = new Engine({
      profilesDir: path.dirname(profile),
      home: fleet.home,
      agentSocket: fleet.agentSocket,
    });
    await engine.connect({ profileFile: path.basename(profile), environment: 'test' });
    await waitFor(async () => new Set((await allRows(engine)).map((r) => r.source)).size === 12, {
      what: 'lines from all 12 files',
      timeoutMs: 30_000,
    });
    const sources = new Set((await allRows(engine)).map((r) => path.basename(r.source)));
    expect([...sources].sort()).toEqual([...files].sort());
  });
});

/** Connections sshd accepted so far, from its log. */
function acceptedLogins(fleet: SshFleet): number {
  return (readFileSync(fleet.hosts[0].sshdLog, 'utf8').match(/Accepted publickey/g) ?? []).length;
}

describe.runIf(harness.ok)('a host allowing one session per connection (MaxSessions 1)', () => {
  let fleet: SshFleet;
  let engine: Engine;
  fleetForBlock(
    { hosts: 1, maxSessions: 1 },
    (started) => (fleet = started),
    () => engine,
  );

  it('opens a connection per refused session: every file, the glob and the metrics, without a complaint', async () => {
    const dir = fleet.hosts[0].logDir;
    const files = ['a.log', 'b.log', 'c.log'];
    for (const f of files) writeFileSync(path.join(dir, f), `${new Date().toISOString()} INFO ${f} first\n`);
    mkdirSync(path.join(dir, 'jobs'));
    writeFileSync(path.join(dir, 'jobs', 'nightly.log'), `${new Date().toISOString()} INFO nightly\n`);
    const profile = writeFleetProfile(fleet, { name: 'one-session', files: [...files, 'jobs/*.log'] });
    engine = new Engine({
      profilesDir: path.dirname(profile),
      home: fleet.home,
      agentSocket: fleet.agentSocket,
      metricsIntervalSec: 1,
      globRescanMs: 300,
    });
    const diagnostics: string[] = [];
    engine.events.on('diagnostic', (d) => diagnostics.push(d.message));
    await engine.connect({ profileFile: path.basename(profile), environment: 'test' });
    await waitFor(async () => new Set((await allRows(engine)).map((r) => r.source)).size === 4, {
      what: 'lines from all 4 files',
      timeoutMs: 30_000,
    });
    await waitFor(async () => (await engine.getHostMetrics({ host: 'web-1' })).length > 0, {
      what: 'a metrics sample',
    });
    expect((await engine.getSession())!.hosts[0].state).toBe('live');
    expect(diagnostics).toEqual([]);
    // The first connection holds the metrics probe; each tail then needs its own, the glob one more at most.
    expect(acceptedLogins(fleet)).toBeLessThanOrEqual(6);
  });
});

describe.runIf(harness.ok)('a host allowing no session at all (MaxSessions 0)', () => {
  let fleet: SshFleet;
  let engine: Engine;
  fleetForBlock(
    { hosts: 1, maxSessions: 0 },
    (started) => (fleet = started),
    () => engine,
  );

  it('says why the log cannot be followed, and does not open connection after connection', async () => {
    writeFileSync(path.join(fleet.hosts[0].logDir, 'app.log'), `${new Date().toISOString()} INFO up\n`);
    const profile = writeFleetProfile(fleet, { name: 'no-session' });
    engine = new Engine({
      profilesDir: path.dirname(profile),
      home: fleet.home,
      agentSocket: fleet.agentSocket,
    });
    const diagnostics: string[] = [];
    engine.events.on('diagnostic', (d) => diagnostics.push(d.message));
    await engine.connect({ profileFile: path.basename(profile), environment: 'test' });
    await waitFor(
      () => diagnostics.some((d) => d.includes('refused another SSH session (sshd_config MaxSessions)')),
      {
        what: 'the refusal, explained',
      },
    );
    expect(acceptedLogins(fleet)).toBeLessThanOrEqual(2);
  });
});

describe.runIf(harness.ok)('a UTF-16 log (SQL Server writes its errorlog so)', () => {
  let fleet: SshFleet;
  let engine: Engine;
  fleetForBlock(
    { hosts: 1 },
    (started) => (fleet = started),
    () => engine,
  );

  it('is decoded from its recent end, which starts inside a character, and as it grows', async () => {
    const file = path.join(fleet.hosts[0].logDir, 'errorlog');
    const base = Date.now() - 60_000;
    const line = (i: number) =>
      `${new Date(base + i * 10).toISOString().replace('T', ' ').slice(0, 22)} spid${i}s   Recovery ${i} é 日本\r\n`;
    const utf16 = (text: string) => Buffer.from(text, 'utf16le');
    writeFileSync(
      file,
      Buffer.concat([utf16('\uFEFF'), ...Array.from({ length: 200 }, (_, i) => utf16(line(i)))]),
    );
    const profile = writeFleetProfile(fleet, { name: 'utf16', files: ['errorlog'] });
    engine = new Engine({
      profilesDir: path.dirname(profile),
      home: fleet.home,
      agentSocket: fleet.agentSocket,
      backlogBytes: 1001,
    });
    await engine.connect({ profileFile: path.basename(profile), environment: 'test' });
    const shown = await waitFor(async () => ((await allRows(engine)).length > 0 ? allRows(engine) : null), {
      what: 'the recent end of the file',
    });
    appendFileSync(file, Buffer.concat([200, 201, 202].map((i) => utf16(line(i)))));
    const rows = await waitFor(
      async () => {
        const all = await allRows(engine);
        return all.length === shown.length + 3 ? all : null;
      },
      { what: 'the three appended lines' },
    );
    const first = 200 - rows.length + 3;
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.map((r) => r.message)).toEqual(
      Array.from({ length: rows.length }, (_, k) => line(first + k).slice(0, -2)),
    );
    expect(rows.every((r) => r.tsOrigin === 'parsed')).toBe(true);
    const [stats] = await engine.getSourceStats();
    expect(stats.offset).toBe(statSync(file).size);
  });
});

describe.runIf(harness.ok)('a log path with wildcards', () => {
  let fleet: SshFleet;
  let engine: Engine;
  fleetForBlock(
    { hosts: 1 },
    (started) => (fleet = started),
    () => engine,
  );

  it('is expanded on the host, and files that appear later are read from their beginning', async () => {
    const dir = fleet.hosts[0].logDir;
    const stamp = () => new Date().toISOString();
    writeFileSync(path.join(dir, 'api.log'), `${stamp()} INFO api first\n`);
    writeFileSync(path.join(dir, 'worker one.log'), `${stamp()} INFO worker first\n`);
    writeFileSync(path.join(dir, 'ignored.txt'), `${stamp()} INFO not a log\n`);
    const profile = writeFleetProfile(fleet, { name: 'globbed', files: ['*.log'] });
    engine = new Engine({
      profilesDir: path.dirname(profile),
      home: fleet.home,
      agentSocket: fleet.agentSocket,
      globRescanMs: 300,
    });
    await engine.connect({ profileFile: path.basename(profile), environment: 'test' });
    await waitFor(async () => (await allRows(engine)).length === 2, { what: 'both matching files' });
    writeFileSync(path.join(dir, 'late.log'), `${stamp()} INFO late one\n${stamp()} INFO late two\n`);
    await waitFor(async () => (await allRows(engine)).length === 4, { what: 'the file that appeared later' });
    const sources = new Set((await allRows(engine)).map((r) => path.basename(r.source)));
    expect([...sources].sort()).toEqual(['api.log', 'late.log', 'worker one.log']);
  });

  it('does not read a log again when rotation renames it to a name the pattern matches (app.log → app.log.1)', async () => {
    const dir = path.join(fleet.hosts[0].logDir, 'rotating');
    mkdirSync(dir);
    const stamp = () => new Date().toISOString();
    const lines = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => `${stamp()} INFO line ${from + i}\n`).join('');
    writeFileSync(path.join(dir, 'app.log'), lines(0, 50));
    const profile = writeFleetProfile(fleet, { name: 'rotating', files: ['rotating/app.log*'] });
    engine?.dispose();
    engine = new Engine({
      profilesDir: path.dirname(profile),
      home: fleet.home,
      agentSocket: fleet.agentSocket,
      globRescanMs: 300,
      backlogBytes: 1024 * 1024,
    });
    await engine.connect({ profileFile: path.basename(profile), environment: 'test' });
    const messages = async () =>
      (await allRows(engine)).filter((r) => !r.marker).map((r) => r.message.slice(25));
    await waitFor(async () => (await messages()).length === 50, { what: 'the 50 first lines' });
    // logrotate's default: rename, then a new file; a new log of another worker shows a rescan has run since.
    renameSync(path.join(dir, 'app.log'), path.join(dir, 'app.log.1'));
    writeFileSync(path.join(dir, 'app.log'), lines(50, 60));
    writeFileSync(path.join(dir, 'app.log.worker-2'), `${stamp()} INFO worker 2 up\n`);
    await waitFor(async () => (await messages()).includes('INFO worker 2 up'), {
      what: 'the new worker log',
    });
    await waitFor(async () => (await messages()).length >= 61, { what: 'the lines of the new app.log' });
    const got = await messages();
    expect(got.filter((m) => m.startsWith('INFO line')).sort()).toEqual(
      Array.from({ length: 60 }, (_, i) => `INFO line ${i}`).sort(),
    );
    const sources = new Set((await allRows(engine)).map((r) => path.basename(r.source)));
    expect([...sources].sort()).toEqual(['app.log', 'app.log.worker-2']);
  });
});
