import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_LINE_BYTES,
  LineSplitter,
  SniffingLineSplitter,
  sniffEncoding,
  splitLines,
  sniffLineEnd,
  Utf16LineSplitter,
  type ByteLineSplitter,
  type SplitResult,
} from '../../../src/engine/ingest/line-splitter';

/** Feeds `stream` cut at `cuts`; returns every line and the byte total after each push. */
function splitAll(splitter: ByteLineSplitter, stream: Buffer, cuts: number[], flush = false) {
  const lines: string[] = [];
  const offsets: number[] = [];
  let offset = 0;
  let from = 0;
  for (const cut of [...cuts, stream.length]) {
    const result = splitter.push(stream.subarray(from, cut));
    lines.push(...splitLines(result));
    offset += result.bytes;
    offsets.push(offset);
    from = cut;
  }
  if (flush) {
    const result = splitter.flush();
    lines.push(...splitLines(result));
    offset += result.bytes;
  }
  return { lines, offset, offsets };
}

/** A small deterministic generator, so failures replay. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Feeds the same 64 KiB chunk `times` times, so a gigantic line never exists in memory as a whole. */
function pushRepeated(splitter: LineSplitter, chunk: Buffer, times: number) {
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; i < times; i++) {
    const result = splitter.push(chunk);
    lines.push(...result.lines);
    bytes += result.bytes;
  }
  return { lines, bytes };
}

describe('LineSplitter', () => {
  it('splits a chunk into lines and counts their bytes, newlines included', () => {
    const splitter = new LineSplitter();
    expect(splitter.push(Buffer.from('alpha\nbeta\n\ngamma\n'))).toEqual({
      lines: ['alpha', 'beta', '', 'gamma'],
      bytes: 18,
    });
  });

  it('joins a line split across chunks, and returns it only when its newline arrives', () => {
    const splitter = new LineSplitter();
    expect(splitter.push(Buffer.from('first\nsec'))).toEqual({ lines: ['first'], bytes: 6 });
    expect(splitter.push(Buffer.from('ond li'))).toEqual({ lines: [], bytes: 0 });
    expect(splitter.push(Buffer.from('ne\nthird'))).toEqual({ lines: ['second line'], bytes: 12 });
    expect(splitter.push(Buffer.from('\n'))).toEqual({ lines: ['third'], bytes: 6 });
  });

  it('never counts the bytes of a partial line, so a resumed offset lands on a line start', () => {
    const stream = Buffer.from('a1\nbb2\nccc3\ndddd4\nunfinished');
    for (let cut = 0; cut <= stream.length; cut++) {
      const { offsets } = splitAll(new LineSplitter(), stream, [cut]);
      for (const offset of offsets)
        expect(offset === 0 || stream[offset - 1] === 0x0a, `cut ${cut}`).toBe(true);
      expect(offsets[offsets.length - 1]).toBe(stream.lastIndexOf(0x0a) + 1);
    }
  });

  it('drops the CR of CRLF line ends, but counts it', () => {
    const splitter = new LineSplitter();
    expect(splitter.push(Buffer.from('one\r\ntwo\r'))).toEqual({ lines: ['one'], bytes: 5 });
    expect(splitter.push(Buffer.from('\nthree\r\n'))).toEqual({ lines: ['two', 'three'], bytes: 12 });
  });

  it('keeps a CR that is not at the end of a line', () => {
    expect(new LineSplitter().push(Buffer.from('progress\r50%\rdone\n')).lines).toEqual([
      'progress\r50%\rdone',
    ]);
  });

  it('decodes multibyte UTF-8 characters split at any byte across chunks', () => {
    const text = 'é café ü\n日本語のログ\n🚨 alert 🔥\nÅngström ∑ 𝄞\n';
    const stream = Buffer.from(text, 'utf8');
    const expected = text.split('\n').slice(0, -1);
    for (let a = 0; a <= stream.length; a++) {
      for (let b = a; b <= stream.length; b += 3) {
        const { lines, offset } = splitAll(new LineSplitter(), stream, [a, b]);
        expect(lines, `cuts ${a},${b}`).toEqual(expected);
        expect(offset).toBe(stream.length);
      }
    }
  });

  it('keeps NUL bytes and counts invalid UTF-8 as its raw bytes', () => {
    const stream = Buffer.concat([
      Buffer.from('bin '),
      Buffer.from([0x00, 0xff, 0xfe, 0xc3]),
      Buffer.from(' end\nnext\u0000\n'),
    ]);
    const splitter = new LineSplitter();
    const result = splitter.push(stream);
    expect(result.bytes).toBe(stream.length);
    expect(result.lines).toHaveLength(2);
    expect(result.lines[0].startsWith('bin \u0000')).toBe(true);
    expect(result.lines[0]).toContain('\ufffd');
    expect(result.lines[0].endsWith(' end')).toBe(true);
    expect(result.lines[1]).toBe('next\u0000');
  });

  it('flushes the last line when the stream ends without a newline, and only once', () => {
    const splitter = new LineSplitter();
    splitter.push(Buffer.from('done\nlast words'));
    expect(splitter.flush()).toEqual({ lines: ['last words'], bytes: 10 });
    expect(splitter.flush()).toEqual({ lines: [], bytes: 0 });
    expect(new LineSplitter().flush()).toEqual({ lines: [], bytes: 0 });
  });

  it('flushes a CRLF-less last line that ends in CR without the CR', () => {
    const splitter = new LineSplitter();
    splitter.push(Buffer.from('windows\r'));
    expect(splitter.flush()).toEqual({ lines: ['windows'], bytes: 8 });
  });

  it('gives the same lines and byte total however a random stream is chunked', () => {
    const random = prng(7);
    const alphabet = ['a', 'b', ' ', 'é', '日', '🚨', '\n', '\n', '\r\n', '\u0000'];
    let text = '';
    for (let i = 0; i < 4000; i++) text += alphabet[Math.floor(random() * alphabet.length)];
    const stream = Buffer.from(text, 'utf8');
    const expected = text.split('\n').map((line) => line.replace(/\r$/, ''));
    for (let round = 0; round < 50; round++) {
      const cuts = Array.from({ length: 1 + Math.floor(random() * 40) }, () =>
        Math.floor(random() * stream.length),
      ).sort((a, b) => a - b);
      const { lines, offset } = splitAll(new LineSplitter(), stream, cuts, true);
      expect(lines).toEqual(text.endsWith('\n') ? expected.slice(0, -1) : expected);
      expect(offset).toBe(stream.length);
    }
  });

  describe('gigantic lines', () => {
    it('keeps a line of exactly the limit whole and truncates one byte more', () => {
      const splitter = new LineSplitter(16);
      const exact = 'x'.repeat(16);
      const over = 'y'.repeat(17);
      const result = splitter.push(Buffer.from(`${exact}\n${over}\nok\n`));
      expect(result.bytes).toBe(16 + 1 + 17 + 1 + 3);
      expect(result.lines[0]).toBe(exact);
      expect(result.lines[1].startsWith('y'.repeat(16))).toBe(true);
      expect(result.lines[1]).not.toContain('y'.repeat(17));
      expect(result.lines[1]).toMatch(/truncated.*17 bytes/);
      expect(result.lines[2]).toBe('ok');
      expect(splitter.truncatedLines).toBe(1);
    });

    it('uses a 64 KiB limit by default', () => {
      expect(DEFAULT_MAX_LINE_BYTES).toBe(64 * 1024);
    });

    it('truncates a line longer than the limit that arrives in a single chunk', () => {
      const line = 'z'.repeat(1024 * 1024);
      const splitter = new LineSplitter();
      const result = splitter.push(Buffer.from(`${line}\nafter\n`));
      expect(result.bytes).toBe(line.length + 7);
      expect(result.lines).toHaveLength(2);
      expect(result.lines[0].startsWith('z'.repeat(DEFAULT_MAX_LINE_BYTES))).toBe(true);
      expect(result.lines[0].length).toBeLessThan(DEFAULT_MAX_LINE_BYTES + 100);
      expect(result.lines[0]).toContain(String(line.length));
      expect(result.lines[1]).toBe('after');
    });

    it.each([
      ['1 MB', 16],
      ['50 MB', 800],
    ])('truncates a %s line fed in 64 KiB chunks, counting all its bytes', (_label, chunks) => {
      const chunk = Buffer.alloc(64 * 1024, 'q');
      const splitter = new LineSplitter();
      expect(splitter.push(Buffer.from('before\nq'))).toEqual({ lines: ['before'], bytes: 7 });
      const body = pushRepeated(splitter, chunk, chunks);
      expect(body).toEqual({ lines: [], bytes: 0 });
      const end = splitter.push(Buffer.from('\r\nafter\n'));
      const lineBytes = 1 + chunks * chunk.length;
      expect(end.bytes).toBe(lineBytes + 2 + 6);
      expect(end.lines).toHaveLength(2);
      expect(end.lines[0].startsWith('q'.repeat(DEFAULT_MAX_LINE_BYTES))).toBe(true);
      expect(end.lines[0].length).toBeLessThan(DEFAULT_MAX_LINE_BYTES + 100);
      expect(end.lines[0]).toMatch(/truncated/);
      expect(end.lines[1]).toBe('after');
      expect(splitter.truncatedLines).toBe(1);
    });

    it('does not hold a 50 MB line in memory while it streams through', () => {
      const chunk = Buffer.alloc(64 * 1024, 'm');
      const splitter = new LineSplitter();
      splitter.push(chunk);
      const before = process.memoryUsage().arrayBuffers;
      pushRepeated(splitter, chunk, 800);
      // Buffering the line would need 50 MB more; a bounded splitter needs at most a chunk or two.
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(20 * 1024 * 1024);
      expect(splitter.push(Buffer.from('\n')).bytes).toBe(801 * chunk.length + 1);
    });

    it('flushes a gigantic unfinished last line truncated, with its byte count', () => {
      const chunk = Buffer.alloc(64 * 1024, 'f');
      const splitter = new LineSplitter();
      pushRepeated(splitter, chunk, 20);
      const flushed = splitter.flush();
      expect(flushed.bytes).toBe(20 * chunk.length);
      expect(flushed.lines).toHaveLength(1);
      expect(flushed.lines[0]).toMatch(/truncated/);
      expect(flushed.lines[0]).toContain(String(20 * chunk.length));
      expect(splitter.flush()).toEqual({ lines: [], bytes: 0 });
    });

    it('goes back to normal lines after a truncated one, whatever the chunking', () => {
      const stream = Buffer.from(`short\n${'L'.repeat(100)}\nnext\nlast\n`);
      for (let cut = 0; cut <= stream.length; cut += 7) {
        const splitter = new LineSplitter(32);
        const { lines, offset } = splitAll(splitter, stream, [cut, Math.min(stream.length, cut + 40)]);
        expect(
          lines.map((l) => (l.startsWith('L') ? 'L…' : l)),
          `cut ${cut}`,
        ).toEqual(['short', 'L…', 'next', 'last']);
        expect(lines[1].startsWith('L'.repeat(32))).toBe(true);
        expect(lines[1]).toContain('100');
        expect(offset).toBe(stream.length);
        expect(splitter.truncatedLines).toBe(1);
      }
    });
  });
});

describe('UTF-16 logs', () => {
  const text =
    '2024-03-01T12:00:00Z ERROR naïve 日本 🚀\r\n2024-03-01T12:00:01Z INFO second\r\nthird without end';
  const lines = [
    '2024-03-01T12:00:00Z ERROR naïve 日本 🚀',
    '2024-03-01T12:00:01Z INFO second',
    'third without end',
  ];
  const encode = (s: string, encoding: 'utf16le' | 'utf16be') => {
    const le = Buffer.from(s, 'utf16le');
    return encoding === 'utf16le' ? le : Buffer.from(le).swap16();
  };

  it('tells UTF-16 from its byte order mark or its NUL pattern, and the byte order from where the NULs fall', () => {
    expect(sniffEncoding(Buffer.from([0xff, 0xfe, 0x41, 0]))).toBe('utf16le');
    expect(sniffEncoding(Buffer.from([0xfe, 0xff, 0, 0x41]))).toBe('utf16be');
    expect(sniffEncoding(encode(text, 'utf16le'))).toBe('utf16le');
    expect(sniffEncoding(encode(text, 'utf16be'))).toBe('utf16be');
    // A stream starting after a little-endian newline's first byte: NULs on odd offsets of the file.
    expect(sniffEncoding(encode(text, 'utf16le').subarray(1), 1)).toBe('utf16le');
    expect(sniffEncoding(Buffer.from(text))).toBe('utf8');
    expect(sniffEncoding(Buffer.from('short'))).toBe('utf8');
    // Binary with NULs here and there is not UTF-16.
    const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => (i % 3 === 0 ? 0 : i)));
    expect(sniffEncoding(binary)).toBe('utf8');
  });

  it.each(['utf16le', 'utf16be'] as const)(
    'splits %s at every cut, counting source bytes, with a byte order mark kept for the parser',
    (encoding) => {
      const stream = Buffer.concat([encode('\uFEFF', encoding), encode(text, encoding)]);
      const random = prng(7);
      for (let round = 0; round < 50; round++) {
        const cuts = Array.from({ length: 5 }, () => Math.floor(random() * stream.length)).sort(
          (a, b) => a - b,
        );
        const result = splitAll(new SniffingLineSplitter(0), stream, cuts, true);
        expect(result.lines).toEqual(['\uFEFF' + lines[0], ...lines.slice(1)]);
        expect(result.offset).toBe(stream.length);
      }
    },
  );

  it('starts in the middle of a little-endian newline (a tail shown from its recent end) one byte later', () => {
    const file = encode(text, 'utf16le');
    const start = file.indexOf(Buffer.from([0x0a])) + 1;
    const splitter = new SniffingLineSplitter(start);
    const first = splitter.push(file.subarray(start));
    const last = splitter.flush();
    expect(splitter.encoding).toBe('utf16le');
    expect([...first.lines, ...last.lines]).toEqual(lines.slice(1));
    expect(first.bytes + last.bytes).toBe(file.length - start);
  });

  it('cuts a gigantic UTF-16 line, counting all of its bytes, and goes on with the next', () => {
    const long = encode(`${'x'.repeat(100_000)}\nafter\n`, 'utf16le');
    const splitter = new Utf16LineSplitter('utf16le', 0, 1000);
    const { lines: got, offset } = splitAll(splitter, long, [333, 20_001, 150_000]);
    expect(got).toEqual([`${'x'.repeat(500)} … [line truncated: 200000 bytes]`, 'after']);
    expect(offset).toBe(long.length);
  });

  it('reads plain UTF-8 as before', () => {
    const result = splitAll(new SniffingLineSplitter(0), Buffer.from(`${text}\n`), [10], true);
    expect(result.lines).toEqual(lines);
    expect(result.offset).toBe(Buffer.byteLength(text) + 1);
  });
});

describe('lines ended by a carriage return alone', () => {
  const lines = ['2024-03-05T14:22:31Z INFO modem up', '2024-03-05T14:22:32Z ERROR carrier lost', 'redial 3'];
  const stream = Buffer.from(`${lines.join('\r')}\r`);

  it('tells them from CRLF and from a first chunk that ends in the middle of a CRLF', () => {
    expect(sniffLineEnd(stream)).toBe('cr');
    expect(sniffLineEnd(Buffer.from('first line\r\nsecond'))).toBe('lf');
    expect(sniffLineEnd(Buffer.from('first line\r'))).toBe('lf');
    expect(sniffLineEnd(Buffer.from('no line end yet'))).toBe('lf');
  });

  it('splits them into lines, counting every byte, however the stream is chunked', () => {
    for (const cuts of [[], [1], [20, 21, 40], [stream.length - 1]]) {
      const result = splitAll(new SniffingLineSplitter(0), stream, cuts, true);
      expect(result.lines, `cut at ${cuts.join(',')}`).toEqual(lines);
      expect(result.offset).toBe(stream.length);
    }
  });

  it('reads CRLF that turns up later in such a stream as one line end', () => {
    const mixed = Buffer.from('old line one\rold line two\rnew line\r\nnext\r\n');
    const result = splitAll(new SniffingLineSplitter(0), mixed, [20], true);
    expect(result.lines).toEqual(['old line one', 'old line two', 'new line', 'next']);
    expect(result.offset).toBe(mixed.length);
  });
});

describe('holes of NUL bytes (what a crash leaves of preallocated space)', () => {
  /** Every line and hole, the holes as `<hole N>` where they fall, and the byte total, for a chunking. */
  function readAll(stream: Buffer, cuts: number[]) {
    const splitter = new SniffingLineSplitter(0);
    const out: string[] = [];
    let bytes = 0;
    let from = 0;
    const take = (result: SplitResult) => {
      const holes = [...(result.holes ?? [])];
      result.lines.forEach((line, i) => {
        while (holes.length > 0 && holes[0].beforeLine === i) out.push(`<hole ${holes.shift()!.bytes}>`);
        out.push(line);
      });
      for (const hole of holes) out.push(`<hole ${hole.bytes}>`);
      bytes += result.bytes;
    };
    for (const cut of [...cuts, stream.length]) {
      take(splitter.push(stream.subarray(from, cut)));
      from = cut;
    }
    expect(splitter.hasPartial).toBe(false);
    take(splitter.flush());
    return { out, bytes };
  }

  const crashed = Buffer.concat([
    Buffer.from('2024-03-05T14:22:31Z INFO before the crash\n2024-03-05T14:22:32Z INFO half writ'),
    Buffer.alloc(200_000),
    Buffer.from('2024-03-05T14:25:00Z INFO after the reboot\nnext\n'),
  ]);

  it('ends the line a hole interrupts, and reads the lines after it, however the stream is chunked', () => {
    const random = prng(7);
    const chunkings = [[], [10], [60, 61, 62], [70_000, 140_000], [crashed.length - 50]];
    for (let k = 0; k < 20; k++)
      chunkings.push([...Array(5)].map(() => Math.floor(random() * crashed.length)).sort((a, b) => a - b));
    for (const cuts of chunkings) {
      expect(readAll(crashed, cuts), `cut at ${cuts.join(',')}`).toEqual({
        out: [
          '2024-03-05T14:22:31Z INFO before the crash',
          '2024-03-05T14:22:32Z INFO half writ',
          '<hole 200000>',
          '2024-03-05T14:25:00Z INFO after the reboot',
          'next',
        ],
        bytes: crashed.length,
      });
    }
  });

  it('keeps a few NUL bytes as text of their line, and says a hole at the end of the stream once it ends', () => {
    const few = Buffer.from('request id\u0000\u0000\u0000 end of the line\n');
    expect(readAll(few, [11])).toEqual({
      out: ['request id\u0000\u0000\u0000 end of the line'],
      bytes: few.length,
    });
    const trailing = Buffer.concat([Buffer.from('last line\n'), Buffer.alloc(4096)]);
    const splitter = new LineSplitter();
    expect(splitter.push(trailing)).toEqual({ lines: ['last line'], bytes: 10 });
    expect(splitter.hasPartial).toBe(true);
    expect(splitter.flush()).toEqual({ lines: [], bytes: 4096, holes: [{ beforeLine: 0, bytes: 4096 }] });
  });
});

describe('deferred decoding (lines handed over as bytes, decoded where they are parsed)', () => {
  const random = prng(11);
  const alphabet = ['a', 'b', ' ', 'é', '日', '🚨', '\n', '\n', '\r\n', '\r', '\u0000'];
  let text = '';
  for (let i = 0; i < 6000; i++) text += alphabet[Math.floor(random() * alphabet.length)];
  const gigantic = `${'x'.repeat(300)}\nshort\n${'é'.repeat(200)}\r\nend\n`;

  it('gives the lines, byte totals and truncations decoding at once gives, however the stream is chunked', () => {
    for (const [stream, maxLineBytes] of [
      [Buffer.from(text), DEFAULT_MAX_LINE_BYTES],
      [Buffer.from(gigantic), 100],
      [Buffer.from('one\rtwo\rthree\r\nfour\r'), DEFAULT_MAX_LINE_BYTES],
    ] as const) {
      for (let round = 0; round < 20; round++) {
        const cuts = Array.from({ length: 1 + Math.floor(random() * 30) }, () =>
          Math.floor(random() * stream.length),
        ).sort((a, b) => a - b);
        const direct = splitAll(new SniffingLineSplitter(0, maxLineBytes), stream, cuts, true);
        const deferred = splitAll(new SniffingLineSplitter(0, maxLineBytes, true), stream, cuts, true);
        expect(deferred).toEqual(direct);
      }
    }
  });

  it("hands a chunk's complete lines over undecoded, the start of a line carried from the chunk before as their head", () => {
    const splitter = new LineSplitter(DEFAULT_MAX_LINE_BYTES, 'lf', true);
    expect(splitter.push(Buffer.from('carried ')).lines).toEqual([]);
    const result = splitter.push(Buffer.from('line\nsecond\nthird é\r\npartial'));
    expect(result.lines).toEqual([]);
    expect(Buffer.from(result.text!.head!).toString()).toBe('carried ');
    expect(Buffer.from(result.text!.bytes).toString()).toBe('line\nsecond\nthird é\r');
    expect(splitLines(result)).toEqual(['carried line', 'second', 'third é']);
    expect(result.bytes).toBe('carried line\nsecond\nthird é\r\n'.length + 1);
    // A character cut between two chunks is whole again; a chunk that starts a line has no head.
    const euro = Buffer.from('€');
    const next = splitter.push(Buffer.concat([Buffer.from(' costs 5'), euro.subarray(0, 1)]));
    expect(next.text).toBeUndefined();
    const after = splitter.push(Buffer.concat([euro.subarray(1), Buffer.from('\nlast\n')]));
    expect(splitLines(after)).toEqual(['partial costs 5€', 'last']);
    expect(splitter.push(Buffer.from('fresh\n')).text!.head).toBeUndefined();
  });

  it('decodes a carried line on its own when joining it would pass the longest line kept', () => {
    const splitter = new LineSplitter(16, 'lf', true);
    splitter.push(Buffer.from('0123456789'));
    const result = splitter.push(Buffer.from('abcdefghij\nnext\n'));
    expect(result.text!.head).toBeUndefined();
    expect(splitLines(result)).toEqual(['0123456789abcdef … [line truncated: 20 bytes]', 'next']);
    expect(result.bytes).toBe(26);
  });
});
