import { describe, expect, it } from 'vitest';
import type { Level, LogEvent } from '../../../src/shared/types';
import { LogWindow } from '../../../src/engine/store/log-window';

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);

interface Line {
  host: string;
  level: Level | null;
  message: string;
  app?: string;
  source?: string;
}

const LINES: Line[] = [
  { host: 'web-1', level: 'info', message: 'GET /api/orders 200 in 12ms req_id=7f3a9c21-0b4e' },
  {
    host: 'web-2',
    level: 'error',
    message: 'upstream timeout after 3000ms table=orders req_id=a91b22f0-11cd',
  },
  { host: 'web-1', level: 'warn', message: 'Connection refused by db-1:5432, retrying' },
  {
    host: 'db-1',
    level: 'error',
    message: 'deadlock detected on table=payments',
    app: 'postgres',
    source: '/var/log/pg.log',
  },
  { host: 'web-2', level: 'info', message: 'GET /api/items 200 in 8ms req_id=c0ffee00-1234' },
  { host: 'web-3', level: 'debug', message: 'cache hit ratio=0.93 for orders' },
  {
    host: 'web-1',
    level: 'error',
    message: 'Timeout waiting for lock\n  at Lock.acquire (lock.js:10)\n  at main (app.js:3)',
  },
  { host: 'web-3', level: null, message: 'café order für Zürich – delivered' },
];

/** A repeatable random whole number below n (a linear congruential generator). */
function seededRandom(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
}

function window(lines: Line[] = LINES, segmentRows = 3): LogWindow {
  let t = T0;
  const logs = new LogWindow({ segmentRows, now: () => t, indexSliceMs: 1 });
  const seqs = new Map<string, number>();
  logs.store.add(
    lines.map((line, i): LogEvent => {
      const key = line.host + (line.app ?? 'shop');
      const seq = seqs.get(key) ?? 0;
      seqs.set(key, seq + 1);
      return {
        seq,
        ts: T0 - 60_000 + i * 1000,
        tsOrigin: 'parsed',
        host: line.host,
        app: line.app ?? 'shop',
        source: line.source ?? '/var/log/app.log',
        level: line.level,
        message: line.message,
      };
    }),
  );
  logs.store.flush();
  t += 1;
  return logs;
}

function indexed(logs: LogWindow): LogWindow {
  logs.indexer.indexPending();
  return logs;
}

const messages = (logs: LogWindow, query: string) =>
  logs.search({ query }).indexes.map((i) => logs.store.row(i).message.split(' ').slice(0, 3).join(' '));

describe('search', () => {
  it('finds whole words through the index, case-insensitively, including words inside key=value', () => {
    const logs = indexed(window());
    expect(logs.indexer.lagRows).toBe(0);
    const result = logs.search({ query: 'ORDERS' });
    expect(result.indexes).toEqual([0, 1, 5]);
    expect(result.total).toBe(3);
    expect(result.indexLagLines).toBe(0);
    expect(result.scannedLines).toBe(0);
    expect(messages(logs, 'timeout')).toEqual(['upstream timeout after', 'Timeout waiting for']);
    expect(messages(logs, 'lock')).toEqual(['Timeout waiting for']);
  });

  it('answers the same for rows not indexed yet, by scanning them', () => {
    const fresh = window();
    const result = fresh.search({ query: 'orders' });
    expect(result.indexes).toEqual([0, 1, 5]);
    expect(result.indexLagLines).toBe(LINES.length);
    expect(result.scannedLines).toBeGreaterThan(0);
    // half indexed: one segment through the index, the rest scanned
    const half = window();
    half.indexer.indexPending(0);
    expect(half.indexer.lagRows).toBeGreaterThan(0);
    expect(half.indexer.lagRows).toBeLessThan(LINES.length);
    expect(half.search({ query: 'orders' }).indexes).toEqual([0, 1, 5]);
    expect(half.search({ query: 'time*' }).indexes).toEqual([1, 6]);
  });

  it('matches words AND-ed, and `word*` as a prefix', () => {
    const logs = indexed(window());
    expect(logs.search({ query: 'orders timeout' }).indexes).toEqual([1]);
    expect(logs.search({ query: 'dead*' }).indexes).toEqual([3]);
    expect(logs.search({ query: 'orders nothinglikethis' }).total).toBe(0);
  });

  it('answers every word and prefix query through the index exactly as a scan of the text does', () => {
    const random = seededRandom(7);
    const words = ['cache', 'cached', 'caches', 'miss', 'missing', 'db', 'order', 'orders', 'ok', 'fail'];
    const lines: Line[] = Array.from({ length: 400 }, () => ({
      host: `web-${random(3)}`,
      level: 'info',
      message: Array.from({ length: 1 + random(6) }, () =>
        random(4) === 0 ? String(random(1000)) : words[random(words.length)],
      ).join(random(2) === 0 ? ' ' : '='),
    }));
    const viaIndex = indexed(window(lines, 64));
    const viaScan = window(lines, 64);
    for (let i = 0; i < 200; i++) {
      const query = Array.from({ length: 1 + random(3) }, () => {
        const word = words[random(words.length)];
        return random(3) === 0 ? `${word.slice(0, 2 + random(word.length - 1))}*` : word;
      }).join(' ');
      const expected = viaScan.search({ query, limit: 1000 });
      expect(expected.scannedLines).toBeGreaterThan(0);
      const actual = viaIndex.search({ query, limit: 1000 });
      expect(actual.scannedLines, query).toBe(0);
      expect(actual.indexes, query).toEqual(expected.indexes);
    }
  });

  it('matches every "phrase" ignoring case as a search of the lowercased text does, on ASCII and UTF-8 segments', () => {
    const random = seededRandom(11);
    const words = ['Cache', 'cache', 'MISS', 'miss', 'db', 'order', 'of', 'ok', 'FAIL', 'x'];
    const messages = (accent: boolean) =>
      Array.from({ length: 300 }, (_, i) =>
        Array.from({ length: 1 + random(8) }, () => words[random(words.length)])
          .join(random(3) === 0 ? '  ' : ' ')
          .concat(accent && i === 0 ? ' café' : ''),
      );
    for (const accent of [false, true]) {
      const texts = messages(accent);
      const logs = indexed(
        window(
          texts.map((message) => ({ host: 'web-1', level: 'info', message })),
          64,
        ),
      );
      expect(logs.store.segments[0].ascii).toBe(!accent);
      for (let i = 0; i < 100; i++) {
        const start = random(texts.length);
        const from = random(Math.max(1, texts[start].length - 3));
        const phrase = texts[start].slice(from, from + 2 + random(12)).trim();
        if (phrase.length < 2 || phrase.includes('"')) continue;
        const expected = texts.flatMap((t, row) =>
          t.toLowerCase().includes(phrase.toLowerCase()) ? [row] : [],
        );
        expect(logs.search({ query: `"${phrase}"`, limit: 1000 }).indexes, phrase).toEqual(expected);
      }
    }
  });

  it('finds request ids and numbers as exact substrings (the index drops them)', () => {
    const logs = indexed(window());
    expect(logs.search({ query: 'a91b22f0-11cd' }).indexes).toEqual([1]);
    expect(logs.search({ query: 'c0ffee00' }).indexes).toEqual([4]);
    expect(logs.search({ query: '200' }).indexes).toEqual([0, 4]);
    expect(logs.search({ query: "'Connection refused by db-1'" }).indexes).toEqual([2]);
    expect(logs.search({ query: "'connection refused by db-1'" }).total).toBe(0);
  });

  it('matches "phrases" case-insensitively as exact text', () => {
    const logs = indexed(window());
    expect(logs.search({ query: '"connection REFUSED by"' }).indexes).toEqual([2]);
    expect(logs.search({ query: '"refused db"' }).total).toBe(0);
    expect(logs.search({ query: '"imeout after 30"' }).indexes).toEqual([1]);
  });

  it('matches /regex/ over whole messages, multi-line events included', () => {
    const logs = indexed(window());
    expect(logs.search({ query: '/in \\d+ms/' }).indexes).toEqual([0, 4]);
    expect(logs.search({ query: '/^\\s+at main/m' }).indexes).toEqual([6]);
    expect(logs.search({ query: '/z[üu]rich/i' }).indexes).toEqual([7]);
  });

  it('answers a regex the same whether its literal is rare or on most rows (the byte search then gives up)', () => {
    const lines: Line[] = Array.from({ length: 400 }, (_, i) => ({
      host: `web-${i % 3}`,
      level: 'info',
      message: i % 5 === 0 ? `request done status=${500 + (i % 4)}` : `request done took=${i * 7}ms`,
    }));
    const logs = indexed(window(lines, 128));
    const expected = (pattern: RegExp) => lines.flatMap((line, i) => (pattern.test(line.message) ? [i] : []));
    // took= is on 80% of the rows, status=5 on 20%: each way of narrowing is taken.
    for (const [query, pattern] of [
      ['/took=\\d{3}ms/', /took=\d{3}ms/],
      ['/took=\\d{3}ms$/', /took=\d{3}ms$/],
      ['/status=50[13]/', /status=50[13]/],
    ] as const) {
      const result = logs.search({ query, limit: 1000 });
      expect(result.indexes, query).toEqual(expected(pattern));
      expect(result.total).toBeGreaterThan(10);
    }
  });

  it('answers a regex the same when its literal is dense in the first rows searched and rare after them', () => {
    // 400 of the first 500 rows hold the literal, 40 of the next 3500: the byte search judges the literal
    // dense from its first hits and gives up; the one below judges it rare and narrows.
    const lines: Line[] = Array.from({ length: 4000 }, (_, i) => ({
      host: 'web-1',
      level: 'info',
      message: (i < 500 ? i % 5 !== 0 : i % 87 === 0) ? `req ${i} took=${i}ms` : `req ${i} done in ${i}ms`,
    }));
    const logs = indexed(window(lines, 4096));
    for (const pattern of [/took=\d{3}ms/, /req 1\d took=/, /done in 3\d{3}ms/]) {
      const expected = lines.flatMap((line, i) => (pattern.test(line.message) ? [i] : []));
      expect(logs.search({ query: `/${pattern.source}/`, limit: 5000 }).indexes, pattern.source).toEqual(
        expected,
      );
      expect(expected.length).toBeGreaterThan(5);
    }
  });

  it('answers a regex over a segment of many 64 KB runs of text as a test of every message does', () => {
    const random = seededRandom(5);
    const lines: Line[] = Array.from({ length: 3000 }, (_, i) => ({
      host: 'web-1',
      level: 'info',
      message: `req ${i} took=${random(3000)}ms ${'x'.repeat(random(90))}${random(7) === 0 ? ' end took=' : ''}`,
    }));
    const logs = indexed(window(lines, 4096));
    expect(logs.store.segments[0].starts[3000]).toBeGreaterThan(2 * 64 * 1024);
    for (const pattern of [/took=\d{4}ms/, /took=2\d\dms x/, /=$/, /ms x+$/]) {
      const expected = lines.flatMap((line, i) => (pattern.test(line.message) ? [i] : []));
      const result = logs.search({ query: `/${pattern.source}/`, limit: 5000 });
      expect(result.indexes, pattern.source).toEqual(expected);
      expect(expected.length).toBeGreaterThan(10);
    }
  });

  it('never matches a regex or phrase across two messages', () => {
    const lines: Line[] = [
      { host: 'web-1', level: 'info', message: 'first ends with abc' },
      { host: 'web-1', level: 'info', message: 'def starts the second' },
      { host: 'web-1', level: 'info', message: 'third has abc def inside' },
    ];
    const logs = indexed(window(lines, 10));
    expect(logs.search({ query: '/c.?d/' }).indexes).toEqual([2]);
    expect(logs.search({ query: '/abc\\s*def/' }).indexes).toEqual([2]);
    expect(logs.search({ query: '"abc def"' }).indexes).toEqual([2]);
    expect(logs.search({ query: '"abcdef"' }).total).toBe(0);
    expect(logs.search({ query: '/abc$/' }).indexes).toEqual([0]);
  });

  it('filters by host, app, source, level and time', () => {
    const logs = indexed(window());
    expect(logs.search({ query: 'host:web-1' }).indexes).toEqual([0, 2, 6]);
    expect(logs.search({ query: 'host:web-* level:error' }).indexes).toEqual([1, 6]);
    expect(logs.search({ query: 'host:web-1 host:db-1 level:>=warn' }).indexes).toEqual([2, 3, 6]);
    expect(logs.search({ query: 'app:postgres' }).indexes).toEqual([3]);
    expect(logs.search({ query: 'source:*pg.log table' }).indexes).toEqual([3]);
    expect(logs.search({ query: 'level:<=debug' }).indexes).toEqual([5]);
    expect(logs.search({ query: `since:${T0 - 57_000} until:${T0 - 55_000}` }).indexes).toEqual([3, 4, 5]);
    expect(logs.search({ query: 'since:55s' }).indexes).toEqual([6, 7]);
  });

  it('finds non-ASCII text by word, substring and phrase', () => {
    for (const logs of [window(), indexed(window())]) {
      expect(logs.search({ query: 'zürich' }).indexes).toEqual([7]);
      expect(logs.search({ query: 'für' }).indexes).toEqual([7]);
      expect(logs.search({ query: '"order für"' }).indexes).toEqual([7]);
    }
  });

  it('returns newest first on request, with paging and a total', () => {
    const logs = indexed(window());
    expect(logs.search({ query: 'level:>=info', newestFirst: true }).indexes).toEqual([6, 4, 3, 2, 1, 0]);
    const page = logs.search({ query: 'level:>=info', newestFirst: true, from: 2, limit: 2 });
    expect(page).toMatchObject({ total: 6, indexes: [3, 2] });
    expect(logs.search({ query: '' }).total).toBe(LINES.length);
  });

  it('pages through matches spread over many segments, oldest or newest first, from anywhere', () => {
    const random = seededRandom(7);
    const levels = ['error', 'warn', 'info', 'debug'] as const;
    const lines: Line[] = Array.from({ length: 300 }, (_, i) => ({
      host: `web-${1 + random(4)}`,
      level: levels[random(4)],
      message: `request ${i} handled`,
    }));
    const logs = indexed(window(lines, 7));
    const oldestFirst = lines.flatMap((l, i) => (l.level === 'error' || l.level === 'warn' ? [i] : []));
    for (const newestFirst of [false, true]) {
      const all = logs.search({ query: 'level:>=warn', newestFirst, limit: 1000 });
      expect(all.indexes).toEqual(newestFirst ? [...oldestFirst].reverse() : oldestFirst);
      expect(all.total).toBe(oldestFirst.length);
      for (let k = 0; k < 40; k++) {
        const from = random(all.total + 5);
        const limit = 1 + random(30);
        const page = logs.search({ query: 'level:>=warn', newestFirst, from, limit });
        expect(page.total).toBe(all.total);
        expect(page.indexes).toEqual(all.indexes.slice(from, from + limit));
      }
    }
  });

  it('reports a query it cannot read instead of failing', () => {
    const result = indexed(window()).search({ query: 'orders /(/' });
    expect(result.total).toBe(0);
    expect(result.error?.message).toMatch(/invalid regular expression/);
    expect(result.error?.position).toBe(7);
  });

  it('forgets evicted rows and gives indexes relative to the window', () => {
    let t = T0;
    const logs = new LogWindow({ segmentRows: 4, maxLines: 6, now: () => t });
    const lines = Array.from({ length: 10 }, (_, i): LogEvent => ({
      seq: i,
      ts: T0 + i,
      tsOrigin: 'parsed',
      host: 'web-1',
      app: 'shop',
      source: '/a.log',
      level: 'info',
      message: i % 2 === 0 ? `even request ${i}` : `odd request ${i}`,
    }));
    logs.store.add(lines.slice(0, 5));
    logs.store.flush();
    logs.indexer.indexPending();
    logs.store.add(lines.slice(5));
    logs.store.flush();
    t++;
    const result = logs.search({ query: 'even' });
    expect(result.evicted).toBe(4);
    expect(result.indexes.map((i) => logs.store.row(i).message)).toEqual([
      'even request 4',
      'even request 6',
      'even request 8',
    ]);
    expect(result.indexes).toEqual([0, 2, 4]);
    logs.indexer.indexPending();
    expect(logs.search({ query: 'even' }).indexes).toEqual([0, 2, 4]);
  });

  it('indexes again the rows a late line moved, and finds the late line itself', () => {
    let t = T0;
    const logs = new LogWindow({ now: () => t });
    const at = (host: string, ts: number, message: string, seq = 0): LogEvent => ({
      seq,
      ts,
      tsOrigin: 'parsed',
      host,
      app: 'shop',
      source: '/a.log',
      level: 'info',
      message,
    });
    logs.store.add([at('web-1', T0, 'alpha one'), at('web-1', T0 + 20, 'gamma three', 1)]);
    logs.store.flush();
    logs.indexer.indexPending();
    logs.store.add([at('web-2', T0 + 10, 'beta two')]);
    logs.store.flush();
    t++;
    expect(logs.indexer.lagRows).toBe(2);
    expect(logs.search({ query: 'beta' }).indexes).toEqual([1]);
    expect(logs.search({ query: 'gamma' }).indexes).toEqual([2]);
    logs.indexer.indexPending();
    expect(logs.indexer.lagRows).toBe(0);
    expect(logs.search({ query: 'beta' }).indexes).toEqual([1]);
    expect(logs.search({ query: 'gamma' }).indexes).toEqual([2]);
    expect(logs.search({ query: 'alpha' }).indexes).toEqual([0]);
  });

  it('indexes each template once however many lines share it', () => {
    const many: Line[] = Array.from({ length: 3000 }, (_, i) => ({
      host: `web-${i % 5}`,
      level: 'info',
      message: `GET /api/items/${i} 200 in ${i % 97}ms req_id=${(i * 7919).toString(16)}`,
    }));
    const logs = indexed(window(many, 1000));
    const indexes = logs.store.segments.map((s) => logs.indexer.indexOf(s)!);
    expect(indexes.map((ix) => ix.templates)).toEqual([1, 1, 1]);
    expect(logs.search({ query: 'items' }).total).toBe(3000);
    expect(logs.search({ query: `req_id=${(1234 * 7919).toString(16)}` }).indexes).toEqual([1234]);
  });
});
