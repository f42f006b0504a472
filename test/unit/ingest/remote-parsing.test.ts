import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ParsedRowsBuilder,
  parsedMessage,
  rowsAt,
  type ParsedRows,
} from '../../../src/engine/ingest/parsed-rows';
import { SharedSlotPool, SharedSlots } from '../../../src/engine/ingest/shared-slots';
import { ParseService, ParseWorkerClient } from '../../../src/engine/ingest/remote-parsing';
import { localIngest, SourceIngest, type SourceIdentity } from '../../../src/engine/ingest/source-ingest';
import { LogStore } from '../../../src/engine/store/log-store';
import { flagLevel, flagMarker, flagOrigin } from '../../../src/engine/store/row-flags';
import type { LogEvent } from '../../../src/shared/types';
import { waitFor } from '../../harness/wait-for';

const BUILT_WORKER = path.resolve(__dirname, '../../../out/main/parse-worker.js');
const NOW = Date.UTC(2024, 4, 1, 12, 0, 30);
const WEB1: SourceIdentity = { host: 'web-1', app: 'checkout', source: '/var/log/app.log' };
const WEB2: SourceIdentity = { host: 'web-2', app: 'checkout', source: '/var/log/app.log' };

const LINES = [
  '2024-05-01T12:00:01.250Z INFO order 1 shipped to Zürich',
  '2024-05-01T12:00:02Z ERROR payment failed',
  'java.lang.IllegalStateException: card declined',
  '\tat com.shop.Payments.charge(Payments.java:42)',
  'a line without a stamp',
  '2024-05-01T12:00:03Z WARN café closed',
];

/** The rows as plain values, for comparing two ways of making them. */
function rowsOf(rows: ParsedRows): object[] {
  return Array.from({ length: rows.count }, (_, i) => ({
    ts: rows.ts[i],
    level: flagLevel(rows.flags[i]),
    origin: flagOrigin(rows.flags[i]),
    marker: flagMarker(rows.flags[i]),
    message: parsedMessage(rows, i),
  }));
}

function eventsOf(events: LogEvent[]): object[] {
  return events.map((e) => ({
    ts: e.ts,
    level: e.level,
    origin: e.tsOrigin,
    marker: e.marker,
    message: e.message,
  }));
}

describe('rows parsed off the ingest thread', () => {
  let client: ParseWorkerClient | undefined;
  afterEach(() => client?.dispose());

  it('are the events SourceIngest makes, as columns: times, levels, origins, markers, messages in UTF-8', () => {
    const local = new SourceIngest(
      WEB1,
      {},
      () => 0,
      () => NOW,
    );
    const expected = [...local.lines(LINES), ...local.flush(), local.marker('rotation', 'rotated')];
    const service = new ParseService();
    service.handle({ open: 7, identity: WEB1, options: {} });
    const answers = [
      service.handle({ lines: 7, batch: LINES, now: NOW, offsetMs: 0 }),
      service.handle({ marker: 7, kind: 'rotation', text: 'rotated', now: NOW, offsetMs: 0 }),
    ];
    // Rows come as events complete (detection and multi-line events may hold lines back).
    expect(answers.map((a) => a?.source ?? 7)).toEqual([7, 7]);
    const got = answers.flatMap((a) => (a?.rows ? rowsOf(a.rows as ParsedRows) : []));
    expect(got).toEqual(eventsOf(expected));
    // The error and the lines after it without a stamp are one row; the marker comes after the rest.
    expect(got).toMatchObject([
      { level: 'info', message: LINES[0] },
      { level: 'error', message: LINES.slice(1, 5).join('\n') },
      { level: 'warn', message: LINES[5] },
      { marker: 'rotation', message: 'rotated' },
    ]);
  });

  it('decode lines handed over as bytes as the splitter would have, with the events the same lines make', () => {
    const text = `${LINES.join('\r\n')}\r\n${'x'.repeat(120)}`;
    const service = new ParseService();
    service.handle({ open: 1, identity: WEB1, options: {} });
    const bytes = Buffer.from(text);
    const raw = { raw: 1, slot: -1, bytes, length: bytes.length, lineEnd: 'lf' as const, maxLineBytes: 100 };
    const answer = service.handle({ ...raw, now: NOW, offsetMs: 0 });
    const got = [answer, service.handle({ flush: 1, now: NOW, offsetMs: 0 })].flatMap((a) =>
      a?.rows ? rowsOf(a.rows as ParsedRows) : [],
    );
    const local = new SourceIngest(
      WEB1,
      {},
      () => 0,
      () => NOW,
    );
    const lines = [...LINES, `${'x'.repeat(100)} … [line truncated: 120 bytes]`];
    expect(got).toEqual(eventsOf([...local.lines(lines), ...local.flush()]));
  });

  it('take lines from a slot of shared memory and put rows in another, given back by number, or apart when none is free', () => {
    const text = new SharedSlots(1024, 2);
    const rows = new SharedSlotPool(4096, 1);
    const service = new ParseService();
    service.handle({
      setup: {
        text: text.memory,
        textSlotBytes: 1024,
        rows: rows.memory,
        rowSlotBytes: 4096,
        rowsTaken: rows.taken.buffer as SharedArrayBuffer,
      },
    });
    service.handle({ open: 1, identity: WEB1, options: {} });
    // Past format detection (its first lines are held until it decides): rows in the only row slot.
    const warmUp = service.handle({
      lines: 1,
      batch: Array(25).fill(LINES[0]),
      now: NOW,
      offsetMs: 0,
    });
    expect(warmUp?.rows).toMatchObject({ slot: 0, count: 24 });
    const chunk = Buffer.from(`${LINES[5]}\n${LINES[0]}\n`);
    const send = (slot: number) => {
      text.view(slot, chunk.length).set(chunk);
      return service.handle({
        raw: 1,
        slot,
        length: chunk.length - 1,
        lineEnd: 'lf',
        maxLineBytes: 1000,
        now: NOW,
        offsetMs: 0,
      })!;
    };
    // The row slot read, it is given back through the memory both sides share: no request carries it.
    rows.give(0);
    const first = send(1);
    expect(first).toMatchObject({ source: 1, textSlot: 1, rows: { slot: 0, count: 2 } });
    const { slot, count, byteCount } = first.rows as { slot: number; count: number; byteCount: number };
    expect(rowsOf(rowsAt(rows.memory, rows.offsetOf(slot), count, byteCount))).toMatchObject([
      { level: 'info', message: LINES[0] },
      { level: 'warn', message: LINES[5] },
    ]);
    // The only row slot is still taken: the next rows travel in memory of their own.
    const second = send(0);
    expect(second.textSlot).toBe(0);
    expect(rowsOf(second.rows as ParsedRows)).toMatchObject([{ level: 'info' }, { level: 'warn' }]);
    rows.give(0);
    expect(send(1).rows).toMatchObject({ slot: 0 });
  });

  it('applies the clock offset and receive time each request carries', () => {
    const service = new ParseService();
    service.handle({ open: 1, identity: WEB1, options: {} });
    service.handle({
      lines: 1,
      batch: ['no stamp yet', '2024-05-01T12:00:05Z INFO stamped'],
      now: NOW,
      offsetMs: 2_000,
    });
    const rows = service.handle({ flush: 1, now: NOW, offsetMs: 2_000 })!.rows as ParsedRows;
    expect(rowsOf(rows)).toMatchObject([
      { ts: NOW, origin: 'received' },
      { ts: Date.UTC(2024, 4, 1, 12, 0, 3), origin: 'parsed' },
    ]);
    expect(service.handle({ flush: 1, now: NOW, offsetMs: 0 })).toBeNull();
  });

  it('enter the store in the same merged order as the events they came from', () => {
    const byEvents = new LogStore();
    const byRows = new LogStore();
    const make = (id: SourceIdentity, shift: number) => {
      const ingest = new SourceIngest(
        id,
        {},
        () => shift,
        () => NOW,
      );
      return localIngest(ingest, (events) => {
        byEvents.add(events);
        const builder = new ParsedRowsBuilder();
        builder.add(events);
        byRows.addRows(id, builder.take());
      });
    };
    const web1 = make(WEB1, 0);
    const web2 = make(WEB2, 1500);
    web1.lines(LINES.slice(0, 2));
    web2.lines(LINES);
    web1.lines(LINES.slice(2));
    web2.marker('gap', 'a hole');
    web1.flush();
    byEvents.flush();
    byRows.flush();
    expect(byRows.size).toBe(byEvents.size);
    expect(byRows.page(0, 100)).toEqual(byEvents.page(0, 100));
  });

  it.skipIf(!existsSync(BUILT_WORKER))(
    'come back from the parse worker thread in each source order, and stop coming once disposed',
    async () => {
      const got: [string, object[]][] = [];
      client = new ParseWorkerClient(
        BUILT_WORKER,
        (source, rows) => got.push([source.host, rowsOf(rows)]),
        (err) => {
          throw err;
        },
      );
      const rowsFrom = (host: string) => got.filter(([h]) => h === host).flatMap(([, rows]) => rows);
      const web1 = client.open(
        WEB1,
        {},
        () => 0,
        () => NOW,
      );
      const web2 = client.open(
        WEB2,
        { format: 'iso8601' },
        () => 0,
        () => NOW,
      );
      web1.lines(LINES);
      web2.lines(LINES.slice(0, 2));
      web1.marker('rotation', 'rotated');
      web2.flush();
      const local = new SourceIngest(
        WEB1,
        {},
        () => 0,
        () => NOW,
      );
      const expected = eventsOf([
        ...local.lines(LINES),
        ...local.flush(),
        local.marker('rotation', 'rotated'),
      ]);
      await waitFor(() => rowsFrom('web-1').length === expected.length && rowsFrom('web-2').length === 2, {
        what: 'every row back',
      });
      expect(rowsFrom('web-1')).toEqual(expected);
      expect(rowsFrom('web-2')).toMatchObject([{ level: 'info' }, { level: 'error' }]);
      web1.dispose();
      web1.lines(LINES);
      web1.flush();
      web2.lines(LINES.slice(5));
      web2.flush();
      await waitFor(() => rowsFrom('web-2').length === 3, { what: 'the open source answered' });
      expect(rowsFrom('web-1')).toHaveLength(expected.length);
    },
  );

  it.skipIf(!existsSync(BUILT_WORKER))(
    'say the backlog is full while every slot of lines is at the worker, and when there is room again',
    async () => {
      let rows = 0;
      client = new ParseWorkerClient(
        BUILT_WORKER,
        (_source, parsed) => (rows += parsed.count),
        (err) => {
          throw err;
        },
      );
      let rooms = 0;
      client.onRoom(() => rooms++);
      const web1 = client.open(
        WEB1,
        { format: 'iso8601' },
        () => 0,
        () => NOW,
      );
      const chunk = Buffer.from(LINES[0]);
      let sent = 0;
      // Nothing is answered before this turn ends: every slot is taken, then lines travel apart.
      while (!client.full) {
        web1.text({ bytes: chunk, lineEnd: 'lf', maxLineBytes: 1000 });
        sent++;
      }
      expect(sent).toBe(256);
      web1.text({ bytes: chunk, lineEnd: 'lf', maxLineBytes: 1000 });
      await waitFor(() => rooms === 1 && !client!.full, { what: 'room again' });
      web1.flush();
      await waitFor(() => rows === sent + 1, { what: 'every line parsed, the one sent apart too' });
    },
  );

  it.skipIf(!existsSync(BUILT_WORKER))(
    "parse a chunk's lines after the start of a line carried from the chunk before, in a slot or apart when longer",
    async () => {
      const messages: string[] = [];
      client = new ParseWorkerClient(
        BUILT_WORKER,
        (_source, rows) => {
          for (let i = 0; i < rows.count; i++) messages.push(parsedMessage(rows, i));
        },
        (err) => {
          throw err;
        },
      );
      const web1 = client.open(
        WEB1,
        { format: 'iso8601' },
        () => 0,
        () => NOW,
      );
      const text = (head: string, lines: string) =>
        web1.text({
          head: Buffer.from(head),
          bytes: Buffer.from(lines),
          lineEnd: 'lf',
          maxLineBytes: 100_000,
        });
      text('2024-05-01T12:00:01Z INFO order 1 ship', 'ped to Zürich\n2024-05-01T12:00:02Z WARN café');
      // Longer than a slot of lines, head and lines together: they travel in a buffer of their own.
      const long = 'x'.repeat(40 * 1024);
      text(`2024-05-01T12:00:03Z INFO ${long}`, `${long}\n2024-05-01T12:00:04Z ERROR last`);
      web1.flush();
      await waitFor(() => messages.length === 4, { what: 'every line parsed' });
      // Every line whole, the long one too (compared by its start and length).
      expect(messages.map((m) => (m.length > 100 ? `${m.slice(0, 40)}…${m.length}` : m))).toEqual([
        '2024-05-01T12:00:01Z INFO order 1 shipped to Zürich',
        '2024-05-01T12:00:02Z WARN café',
        `2024-05-01T12:00:03Z INFO ${long.slice(0, 14)}…${26 + 2 * long.length}`,
        '2024-05-01T12:00:04Z ERROR last',
      ]);
    },
  );

  it('refuses a source whose pattern cannot be used, as parsing here would, without reaching the worker', () => {
    client = new ParseWorkerClient(
      BUILT_WORKER,
      () => undefined,
      () => undefined,
    );
    expect(() =>
      client!.open(
        WEB1,
        { pattern: '(?<ts>[' },
        () => 0,
        () => NOW,
      ),
    ).toThrow();
  });

  it('parse here once the worker has failed, saying so once, and lose nothing sent after', async () => {
    const failures: Error[] = [];
    const got: object[][] = [];
    client = new ParseWorkerClient(
      path.join(__dirname, 'no-such-parse-worker.js'),
      (_source, rows) => got.push(rowsOf(rows)),
      (err) => failures.push(err),
    );
    const web1 = client.open(
      WEB1,
      {},
      () => 0,
      () => NOW,
    );
    web1.useHostZone('+0200', null);
    await waitFor(() => failures.length > 0, { what: 'the worker failed' });
    web1.lines(['2024-05-01 14:00:01 INFO local time']);
    web1.flush();
    expect(failures).toHaveLength(1);
    expect(failures[0].message).toMatch(/no-such-parse-worker|Cannot find module/);
    expect(got).toEqual([[expect.objectContaining({ ts: Date.UTC(2024, 4, 1, 12, 0, 1), level: 'info' })]]);
  });
});
