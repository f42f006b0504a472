import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../src/shared/types';
import { LogStore } from '../../../src/engine/store/log-store';

function clock(start = 1_000_000) {
  let t = start;
  const now = () => t;
  return { now, advance: (ms: number) => (t += ms) };
}

function events(host: string, times: number[], opts: Partial<LogEvent> = {}, firstSeq = 0): LogEvent[] {
  return times.map((ts, i) => ({
    seq: firstSeq + i,
    ts,
    tsOrigin: 'parsed',
    host,
    app: 'checkout',
    source: '/var/log/app.log',
    level: 'info',
    message: `${host} line ${firstSeq + i}`,
    ...opts,
  }));
}

describe('LogStore', () => {
  it('merges sources by time, then host, keeping each source in its own order', () => {
    const store = new LogStore();
    store.add(events('web-2', [10, 20, 20, 40]));
    store.add(events('web-1', [20, 30]));
    store.flush();
    expect(store.page(0, 10).map((r) => `${r.host}@${r.ts}`)).toEqual([
      'web-2@10',
      'web-1@20',
      'web-2@20',
      'web-2@20',
      'web-1@30',
      'web-2@40',
    ]);
    expect(store.page(0, 10).map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('merges many sources in one pass exactly as a sort by time, host name, source and sequence would', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const store = new LogStore();
    const all: LogEvent[] = [];
    const hosts = Array.from({ length: 37 }, (_, i) => `web-${(i * 17) % 37}`);
    for (const host of hosts) {
      let ts = Math.floor(random() * 50);
      const times = Array.from(
        { length: 1 + Math.floor(random() * 60) },
        () => (ts += Math.floor(random() * 4)),
      );
      for (const source of ['/var/log/a.log', '/var/log/b.log']) {
        const batch = events(host, times, { source });
        all.push(...batch);
        store.add(batch);
      }
    }
    store.flush();
    const expected = all
      .slice()
      .sort((a, b) =>
        a.ts !== b.ts
          ? a.ts - b.ts
          : a.host !== b.host
            ? a.host < b.host
              ? -1
              : 1
            : a.source !== b.source
              ? a.source < b.source
                ? -1
                : 1
              : a.seq - b.seq,
      )
      .map((e) => `${e.ts} ${e.host} ${e.source} ${e.message}`);
    const placed = store.page(0, all.length).map((r) => `${r.ts} ${r.host} ${r.source} ${r.message}`);
    expect(placed).toEqual(expected);
  });

  it('never reorders a source whose clock steps back: its rows stay in sequence', () => {
    const store = new LogStore();
    store.add(events('web-1', [100, 50, 60]));
    store.add(events('web-2', [55]));
    store.flush();
    expect(store.page(0, 10).map((r) => `${r.host}@${r.ts}`)).toEqual([
      'web-2@55',
      'web-1@100',
      'web-1@50',
      'web-1@60',
    ]);
  });

  it('holds rows until every active source has passed their time (the watermark)', () => {
    const c = clock();
    const store = new LogStore({ now: c.now, holdMs: 250 });
    store.add(events('web-1', [100, 200]));
    store.add(events('web-2', [150]));
    expect(store.commit()).toBe(2); // web-2 has reached 150: web-1@100 and web-2@150 are final
    expect(store.size).toBe(2);
    expect(store.waiting).toBe(1);
    store.add(events('web-2', [180, 260], {}, 1));
    store.commit();
    expect(store.page(0, 10).map((r) => `${r.host}@${r.ts}`)).toEqual([
      'web-1@100',
      'web-2@150',
      'web-2@180',
      'web-1@200',
    ]);
  });

  it('places a row no later than the hold time even when another source went quiet', () => {
    const c = clock();
    const store = new LogStore({ now: c.now, holdMs: 250 });
    store.add(events('web-1', [100]));
    store.add(events('web-2', [500]));
    expect(store.commit()).toBe(1);
    c.advance(300);
    expect(store.commit()).toBe(1);
    expect(store.size).toBe(2);
  });

  it('merges a line that arrives behind the watermark into its place in the newest segment, counting it as late', () => {
    const c = clock();
    const store = new LogStore({ now: c.now, holdMs: 250 });
    const commits: number[] = [];
    store.onCommit(({ firstChanged }) => commits.push(firstChanged));
    store.add(events('web-1', [100, 200]));
    store.flush();
    store.add(events('web-2', [150]));
    store.flush();
    expect(store.page(0, 10).map((r) => `${r.host}@${r.ts}`)).toEqual([
      'web-1@100',
      'web-2@150',
      'web-1@200',
    ]);
    expect(store.late).toBe(1);
    expect(store.size).toBe(3);
    expect(commits).toEqual([0, 1]);
  });

  it('puts a late line whose place is in a sealed segment at the start of the newest one', () => {
    const store = new LogStore({ segmentRows: 2 });
    store.add(events('web-1', [100, 200, 300]));
    store.flush();
    store.add(events('web-2', [150]));
    store.flush();
    expect(store.page(0, 10).map((r) => `${r.host}@${r.ts}`)).toEqual([
      'web-1@100',
      'web-1@200',
      'web-2@150',
      'web-1@300',
    ]);
    expect(store.late).toBe(1);
  });

  it('carries the rows a late merge moved into a new segment when they no longer fit, with their time span and text', () => {
    const store = new LogStore({ segmentRows: 16 });
    const later = Array.from({ length: 12 }, (_, i) => 100 + i);
    const earlier = Array.from({ length: 8 }, (_, i) => 50 + i);
    store.add(events('web-2', later, { message: 'café ouvert' }));
    store.flush();
    store.add(events('web-1', earlier));
    store.flush();
    const rows = store.page(0, 20);
    expect(rows.map((r) => r.ts)).toEqual([...earlier, ...later]);
    expect(rows.map((r) => r.message)).toEqual([
      ...earlier.map((_, i) => `web-1 line ${i}`),
      ...later.map(() => 'café ouvert'),
    ]);
    expect(store.late).toBe(8);
    expect(store.segments).toHaveLength(2);
    const spilled = store.segments[1];
    expect([spilled.count, spilled.minTs, spilled.maxTs, spilled.ascii]).toEqual([4, 108, 111, false]);
  });

  it('merges a late line into its place among all the rows of the newest segment', () => {
    const store = new LogStore();
    store.add(
      events(
        'web-1',
        Array.from({ length: 10_000 }, (_, i) => 1000 + i),
      ),
    );
    store.flush();
    store.add(events('web-2', [1500]));
    store.flush();
    expect(store.page(0, 10_001).findIndex((r) => r.host === 'web-2')).toBe(501);
    expect(store.late).toBe(1);
  });

  it('merges late lines only among the newest 8192 rows once a second of late merges has moved a segment of rows', () => {
    const c = clock();
    const store = new LogStore({ now: c.now });
    store.add(
      events(
        'web-1',
        Array.from({ length: 10_000 }, (_, i) => 1000 + i),
      ),
    );
    store.flush();
    const placedAt = (host: string) => store.page(0, store.size).findIndex((r) => r.host === host);
    // Each of these moves the 10,000 rows after time 999: six of them spend nearly a segment's worth.
    for (let k = 0; k < 6; k++) {
      store.add(events(`late-${k}`, [999]));
      store.flush();
      expect(placedAt(`late-${k}`), `late-${k}`).toBe(k);
    }
    store.add(events('far-behind', [5]));
    store.flush();
    expect(placedAt('far-behind')).toBe(store.size - 1 - 8192);
    // A second later the budget is back: the next late line finds its place again.
    c.advance(1000);
    store.add(events('back-in-place', [6]));
    store.flush();
    expect(placedAt('back-in-place')).toBe(0);
  });

  it('keeps the budget of late moves for the rows it can put in their place', () => {
    const c = clock();
    const store = new LogStore({ now: c.now, segmentRows: 20_000 });
    // A sealed segment (times 1000…20999) and the newest one (21000…35999).
    store.add(
      events(
        'web-1',
        Array.from({ length: 35_000 }, (_, i) => 1000 + i),
      ),
    );
    store.flush();
    const placedAt = (host: string) => store.page(0, store.size).findIndex((r) => r.host === host);
    // Its place is in the sealed segment: moving the newest segment's 15,000 rows would not reach it.
    store.add(events('far-behind', [5]));
    store.flush();
    expect(placedAt('far-behind')).toBe(35_000 - 8192);
    // 10,000 rows after its place: the budget (a segment's worth, 20,000) still has room for them.
    store.add(events('reachable', [26_000]));
    store.flush();
    expect(placedAt('reachable')).toBe(20_000 + 5001);
    expect(store.late).toBe(2);
  });

  it('keeps row positions whole when the clock has fractions of a millisecond', () => {
    const c = clock(1_000_000.25);
    const store = new LogStore({ now: c.now });
    store.add(
      events(
        'web-1',
        Array.from({ length: 40_000 }, (_, i) => 1000 + i),
      ),
    );
    store.flush();
    // Moves the 40,000 rows, then half a row's worth of budget comes back: 25,536.0005 rows.
    store.add(events('late', [999]));
    store.flush();
    c.advance(0.0005);
    // Its place has 25,536 rows after it: within the budget's whole rows.
    store.add(events('behind', [15_463]));
    store.flush();
    expect(Number.isInteger(store.size)).toBe(true);
    const rows = store.page(0, store.size);
    expect(rows).toHaveLength(40_002);
    expect(rows.every((row) => typeof row.message === 'string' && row.message.length > 0)).toBe(true);
    expect(rows.findIndex((row) => row.host === 'behind')).toBe(40_001 - 25_536);
    expect(rows.map((row) => row.ts).filter((ts, i) => i > 0 && ts < rows[i - 1].ts)).toEqual([]);
  });

  it("places hosts' backlogs in time order when they arrive one after another as the hosts connect", () => {
    const c = clock(1_700_000_000_000);
    const store = new LogStore({ now: c.now });
    const hosts = 60;
    for (let step = 0; step < 2 * hosts + 20; step++) {
      const h = step / 2;
      // Every 50 ms another host connects and sends its last 400 lines, written over the last 10 minutes.
      if (step % 2 === 0 && h < hosts) {
        const start = c.now() - 600_000;
        store.add(
          events(
            `web-${h}`,
            Array.from({ length: 400 }, (_, i) => start + i * 1500 + (h % 7)),
          ),
        );
      }
      // The hosts already connected write a line now and then.
      for (let live = 0; live < Math.min(h, hosts); live += 5)
        store.add(events(`web-${live}`, [c.now()], {}, 1000 + step));
      c.advance(25);
      store.commit();
    }
    store.flush();
    const times = store.page(0, store.size).map((r) => r.ts);
    expect(times.length).toBeGreaterThan(hosts * 400);
    expect(times.filter((ts, i) => i > 0 && ts < times[i - 1])).toEqual([]);
  });

  it('evicts the oldest rows beyond the line limit and counts them; indexes restart at the oldest kept', () => {
    const store = new LogStore({ maxLines: 5, segmentRows: 4 });
    store.add(events('web-1', [1, 2, 3, 4, 5, 6, 7, 8]));
    store.flush();
    expect(store.size).toBe(5);
    expect(store.evicted).toBe(3);
    expect(store.appended).toBe(8);
    const rows = store.page(0, 100);
    expect(rows.map((r) => r.ts)).toEqual([4, 5, 6, 7, 8]);
    expect(rows[0].index).toBe(0);
    expect(store.segments.map((s) => s.firstRow)).toEqual([0, 4]);
    store.add(events('web-1', [9, 10], {}, 8));
    store.flush();
    expect(store.segments.map((s) => s.firstRow)).toEqual([4, 8]);
    expect(store.page(0, 1)[0].ts).toBe(6);
  });

  it('evicts whole oldest segments to stay within the memory budget', () => {
    const store = new LogStore({ segmentRows: 1000, maxBytes: 200_000 });
    const long = 'x'.repeat(100);
    for (let i = 0; i < 10; i++)
      store.add(
        events(
          'web-1',
          Array.from({ length: 500 }, (_, j) => i * 500 + j),
          { message: long },
          i * 500,
        ),
      );
    store.flush();
    expect(store.memoryBytes()).toBeLessThanOrEqual(200_000);
    expect(store.evicted % 1000).toBe(0);
    expect(store.evicted).toBeGreaterThan(0);
    expect(store.size + store.evicted).toBe(5000);
    expect(store.page(0, 1)[0].ts).toBe(store.evicted);
  });

  it("reuses a dropped segment's memory for the next one; the dropped segment reads empty", () => {
    const store = new LogStore({ segmentRows: 1000, maxLines: 1500 });
    const add = (from: number) => {
      store.add(
        events(
          'web-1',
          Array.from({ length: 1000 }, (_, i) => from + i),
          {},
          from,
        ),
      );
      store.flush();
    };
    add(0);
    add(1000);
    const first = store.segments[0];
    const arena = first.arena;
    const ts = first.ts;
    add(2000);
    // The window keeps 1,500 rows: the first segment left, and the next segment made holds its memory.
    expect(store.segments.includes(first)).toBe(false);
    expect(first.count).toBe(0);
    add(3000);
    const reusing = store.segments.find((segment) => segment.arena === arena);
    expect(reusing?.ts).toBe(ts);
    expect(reusing!.firstRow).toBeGreaterThanOrEqual(3000);
    expect(store.page(0, store.size).map((r) => r.message)).toEqual(
      Array.from({ length: store.size }, (_, i) => `web-1 line ${store.evicted + i}`),
    );
  });

  it('accounts memory by what is stored: about the message bytes plus a few bytes of columns per row', () => {
    const store = new LogStore({ segmentRows: 10_000 });
    const message = 'y'.repeat(120);
    store.add(
      events(
        'web-1',
        Array.from({ length: 10_000 }, (_, i) => i),
        { message },
      ),
    );
    store.flush();
    const perRow = store.memoryBytes() / 10_000;
    expect(perRow).toBeGreaterThan(120);
    expect(perRow).toBeLessThan(160);
  });

  it('sizes the message arena of each new segment from the previous one (the first: from the rows placed), so it is neither grown nor trimmed', () => {
    const store = new LogStore({ segmentRows: 1000 });
    store.add(
      events(
        'web-1',
        Array.from({ length: 3500 }, (_, i) => i),
        { message: 'z'.repeat(300) },
      ),
    );
    store.flush();
    const [first, second, third] = store.segments;
    expect(first.arena.length).toBe(second.arena.length);
    expect(second.arena.length).toBeGreaterThanOrEqual(300 * 1000);
    expect(second.arena.length).toBeLessThan(300 * 1000 * 1.1);
    expect(third.arena.length).toBe(second.arena.length);
    expect(third.bytesPerRow).toBe(300);
  });

  it('keeps messages as written (UTF-8, multi-line) and markers as markers', () => {
    const store = new LogStore();
    store.add([
      ...events('web-1', [1], { message: 'Zürich → 東京 ✓\n  at frame (x.js:1)' }),
      ...events(
        'web-1',
        [1],
        { message: 'reconnected to web-1', marker: 'reconnect', level: null, tsOrigin: 'received' },
        1,
      ),
    ]);
    store.flush();
    const [a, b] = store.page(0, 2);
    expect(a.message).toBe('Zürich → 東京 ✓\n  at frame (x.js:1)');
    expect(a.marker).toBeUndefined();
    expect(b).toMatchObject({
      marker: 'reconnect',
      level: null,
      tsOrigin: 'received',
      message: 'reconnected to web-1',
    });
    expect(store.segments[0].ascii).toBe(false);
  });

  it('keeps every message intact through partial takes, late merges, stage growth and compaction', () => {
    let seed = 11;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const c = clock(0);
    const store = new LogStore({ now: c.now, holdMs: 250, segmentRows: 4096 });
    const hosts = ['web-1', 'web-2', 'web-3', 'web-4'];
    const next = new Map(hosts.map((h) => [h, { seq: 0, ts: 0 }]));
    const written: string[] = [];
    const messageOf = (host: string, seq: number) => {
      const kind = seq % 97 === 0 ? 'wide' : seq % 1009 === 0 ? 'huge' : 'plain';
      if (kind === 'wide') return `${host} ${seq} Zürich → 東京 ✓`;
      if (kind === 'huge') return `${host} ${seq} ${'x'.repeat(300_000)}`;
      return `${host} ${seq} ${'payload '.repeat(1 + ((seq * 7) % 20))}`;
    };
    for (let round = 0; round < 400; round++) {
      // web-4 races ahead in time, web-3 falls behind and catches up: rows wait, arrive late, are moved.
      for (const host of hosts) {
        const state = next.get(host)!;
        const count = Math.floor(random() * (host === 'web-3' && round % 50 < 25 ? 2 : 60));
        const batch: LogEvent[] = [];
        for (let i = 0; i < count; i++) {
          state.ts += host === 'web-4' ? 3 : Math.floor(random() * 3);
          const message = messageOf(host, state.seq);
          written.push(`${host}|${state.seq}|${message.length}`);
          batch.push({ ...events(host, [state.ts], {}, state.seq)[0], message });
          state.seq++;
        }
        store.add(batch);
      }
      c.advance(20);
      store.commit();
    }
    store.flush();
    const rows = store.page(0, store.size);
    expect(rows.length).toBe(written.length);
    const seen = rows.map((r) => {
      const [host, seq] = r.message.split(' ');
      const original = messageOf(host, Number(seq));
      if (original.length > 256 * 1024) expect(r.message).toMatch(/… \[event truncated: \d+ characters\]$/);
      else if (original.startsWith(`${host} ${seq} Zürich`)) expect(r.message).toBe(original);
      else expect(r.message).toBe(original);
      return `${host}|${seq}|${original.length}`;
    });
    expect(seen.slice().sort()).toEqual(written.slice().sort());
    for (const host of hosts) {
      const seqs = rows.filter((r) => r.host === host).map((r) => Number(r.message.split(' ')[1]));
      expect(seqs).toEqual(seqs.slice().sort((a, b) => a - b));
    }
    expect(store.late).toBeGreaterThan(100);
    for (const segment of store.segments) {
      if (!segment.ascii) continue;
      for (let i = 0; i < segment.count; i++) expect(/[^\x00-\x7f]/.test(segment.message(i))).toBe(false);
    }
  });

  it('keeps every message intact when segments fill in the middle of a commit, reused arenas run short and late merges move rows across segments', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const c = clock(0);
    // Small segments, a window of a few of them: every commit crosses segments, dropped arenas are reused.
    const store = new LogStore({ now: c.now, holdMs: 100, segmentRows: 50, maxLines: 400 });
    const hosts = ['a', 'b', 'c', 'd', 'e'];
    const next = new Map(hosts.map((h) => [h, { seq: 0, ts: 0 }]));
    const messageOf = (host: string, seq: number) =>
      `${host} ${seq} ${seq % 13 === 0 ? 'Zürich → 東京 ' : ''}${'m'.repeat(Math.floor(((seq * 37) % 101) * (seq % 5 === 0 ? 4 : 1)))}`;
    let written = 0;
    for (let round = 0; round < 300; round++) {
      for (const host of hosts) {
        const state = next.get(host)!;
        const batch: LogEvent[] = [];
        // Host a falls behind every so often: its rows arrive late and move the newest rows.
        const count = Math.floor(random() * (host === 'a' && round % 20 < 10 ? 3 : 40));
        for (let i = 0; i < count; i++) {
          state.ts += host === 'a' ? 1 : 1 + Math.floor(random() * 4);
          batch.push({ ...events(host, [state.ts], {}, state.seq)[0], message: messageOf(host, state.seq) });
          state.seq++;
        }
        written += batch.length;
        store.add(batch);
      }
      c.advance(40);
      store.commit();
      const rows = store.page(0, store.size);
      for (const row of rows) {
        const [host, seq] = row.message.split(' ');
        expect(row.message).toBe(messageOf(host, Number(seq)));
        expect(row.host).toBe(host);
      }
      expect(new Set(rows.map((r) => r.message.split(' ', 2).join(' '))).size).toBe(rows.length);
    }
    store.flush();
    expect(store.appended).toBe(written);
    expect(store.late).toBeGreaterThan(50);
  });

  it('gives back the memory a burst made the waiting rows take once the sources are quiet again', () => {
    const c = clock(0);
    const store = new LogStore({ now: c.now, holdMs: 250 });
    const line = 'x'.repeat(1000);
    // web-2 is far behind in time: web-1's 20,000 rows wait for it (or for the hold time).
    store.add(events('web-2', [0]));
    store.add(
      events(
        'web-1',
        Array.from({ length: 20_000 }, (_, i) => 1000 + i),
        { message: line },
      ),
    );
    expect(store.waitingBytes()).toBeGreaterThan(20_000_000);
    c.advance(300);
    store.commit();
    expect(store.size).toBe(20_001);
    // Sized down within two checks (a second apart) of the sources' lines being small again.
    for (let i = 1; i <= 2; i++) {
      c.advance(1000);
      store.add(events('web-1', [30_000 + i], {}, 20_000 + i));
      store.commit();
    }
    expect(store.waitingBytes()).toBeLessThan(1_000_000);
    expect(store.page(20_001, 2).map((r) => r.message)).toEqual(['web-1 line 20001', 'web-1 line 20002']);
  });

  it('pages by row index, clipped to the window', () => {
    const store = new LogStore({ segmentRows: 3 });
    store.add(events('web-1', [1, 2, 3, 4, 5, 6, 7]));
    store.flush();
    expect(store.page(2, 3).map((r) => [r.index, r.ts])).toEqual([
      [2, 3],
      [3, 4],
      [4, 5],
    ]);
    expect(store.page(6, 10).map((r) => r.ts)).toEqual([7]);
    expect(store.page(9, 10)).toEqual([]);
  });

  it('reports each commit to listeners: the first row changed and the rows placed', () => {
    const store = new LogStore();
    const seen: [number, number][] = [];
    store.onCommit(({ firstChanged, placed }) => seen.push([firstChanged, placed]));
    store.add(events('web-1', [1, 2]));
    store.flush();
    store.add(events('web-1', [3], {}, 2));
    store.flush();
    expect(seen).toEqual([
      [0, 2],
      [2, 1],
    ]);
  });
});

describe('rollups', () => {
  it('count lines per host, 10 s bucket and level, and per-application lines and errors per second', () => {
    const store = new LogStore();
    store.add(events('web-1', [0, 1000, 1500, 12_000], { level: 'error' }));
    store.add([
      ...events('web-2', [500, 2000], { level: 'warn' }),
      ...events('web-2', [2500], { app: 'search' }, 2),
    ]);
    store.add(events('web-2', [2600], { marker: 'gap', level: null }, 3));
    store.flush();
    const heat = store.rollups.heatmap(0, 20_000, 10_000);
    expect(heat.hosts).toEqual(['web-1', 'web-2']);
    expect(heat.times).toEqual([0, 10_000]);
    expect(heat.errors).toEqual([
      [3, 1],
      [0, 0],
    ]);
    expect(heat.warnings).toEqual([
      [0, 0],
      [2, 0],
    ]);
    expect(heat.lines).toEqual([
      [3, 1],
      [3, 0],
    ]);
    const rates = store.rollups.rates(0, 3000, 1000);
    expect(rates.times).toEqual([0, 1000, 2000]);
    expect(rates.apps).toEqual([
      { app: 'checkout', linesPerSec: [2, 2, 1], errorsPerSec: [1, 2, 0] },
      { app: 'search', linesPerSec: [0, 0, 1], errorsPerSec: [0, 0, 0] },
    ]);
    const coarse = store.rollups.rates(0, 4000, 2000);
    expect(coarse.apps[0].linesPerSec).toEqual([2, 0.5]);
  });
});
