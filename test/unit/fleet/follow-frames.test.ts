import { describe, expect, it } from 'vitest';
import { FrameReader, type FollowControl } from '../../../src/engine/fleet/follow-frames';

const NONCE = 'WF-3f9a1c7e0b2d4e68a1b2c3d4';

type Event = FollowControl | { kind: 'DATA'; bytes: Buffer };

/** A reader that records what it parses, consecutive data chunks merged into one event. */
function recorder(): { reader: FrameReader; events: Event[] } {
  const events: Event[] = [];
  const reader = new FrameReader(NONCE, {
    data: (bytes) => {
      const last = events[events.length - 1];
      if (last?.kind === 'DATA') last.bytes = Buffer.concat([last.bytes, bytes]);
      else events.push({ kind: 'DATA', bytes: Buffer.from(bytes) });
    },
    control: (record) => events.push(record),
  });
  return { reader, events };
}

/** Feeds `stream` cut at `cuts` (ascending byte positions) and returns the events. */
function parse(stream: Buffer, cuts: number[] = []): Event[] {
  const { reader, events } = recorder();
  let from = 0;
  for (const cut of [...cuts, stream.length]) {
    reader.push(stream.subarray(from, cut));
    from = cut;
  }
  return events;
}

const data = (bytes: Buffer | string) => {
  const body = Buffer.from(bytes);
  return Buffer.concat([Buffer.from(`${NONCE} D ${body.length}\n`), body]);
};
const ctl = (fields: string) => Buffer.from(`${NONCE} C ${fields}\n`);
const dataEvent = (text: Buffer | string): Event => ({ kind: 'DATA', bytes: Buffer.from(text) });

/** A stream using every control kind, with data that looks like frames, NULs and multibyte UTF-8. */
const payloadWithLookalikes = Buffer.concat([
  Buffer.from(`line one\n${NONCE} C ROTATED 99\n${NONCE} D 5\nfake\n`),
  Buffer.from([0, 0xff, 0x0a]),
  Buffer.from(`${NONCE}${NONCE} é 日本 🚀\n`, 'utf8'),
]);
const everyKind = Buffer.concat([
  ctl('ZONE +0100 Europe/Paris'),
  ctl('ZONE -0330 -'),
  ctl('WAIT missing'),
  ctl('OPEN 1234567 80 120'),
  data(payloadWithLookalikes),
  ctl('POS 118'),
  ctl('GAP ? rotated-file-gone'),
  ctl('GAP 4096 truncated-while-disconnected'),
  ctl('ROTATED 1234568'),
  data(''),
  data('new\n'),
  ctl('TRUNCATED 0'),
  data(`${NONCE} `),
]);
const everyKindEvents: Event[] = [
  { kind: 'ZONE', offset: '+0100', name: 'Europe/Paris' },
  { kind: 'ZONE', offset: '-0330', name: null },
  { kind: 'WAIT', reason: 'missing' },
  { kind: 'OPEN', inode: '1234567', start: 80, size: 120 },
  dataEvent(payloadWithLookalikes),
  { kind: 'POS', offset: 118 },
  { kind: 'GAP', bytes: null, reason: 'rotated-file-gone' },
  { kind: 'GAP', bytes: 4096, reason: 'truncated-while-disconnected' },
  { kind: 'ROTATED', inode: '1234568' },
  dataEvent('new\n'),
  { kind: 'TRUNCATED', size: 0 },
  dataEvent(`${NONCE} `),
];

describe('FrameReader', () => {
  it('parses every control kind, and data frames holding header look-alikes and the nonce as plain data', () => {
    expect(parse(everyKind)).toEqual(everyKindEvents);
  });

  it('gives the same result fed byte by byte and cut at every position', () => {
    expect(
      parse(
        everyKind,
        Array.from({ length: everyKind.length }, (_, i) => i),
      ),
    ).toEqual(everyKindEvents);
    for (let cut = 0; cut <= everyKind.length; cut++) {
      expect(parse(everyKind, [cut]), `cut at ${cut}`).toEqual(everyKindEvents);
    }
  });

  it('takes every byte after RAW as data, frame look-alikes and noise included, whatever the chunking', () => {
    const raw = Buffer.concat([ctl('OPEN 42 0 9'), ctl('RAW'), payloadWithLookalikes, ctl('ROTATED 7')]);
    const expected: Event[] = [
      { kind: 'OPEN', inode: '42', start: 0, size: 9 },
      { kind: 'RAW' },
      dataEvent(Buffer.concat([payloadWithLookalikes, ctl('ROTATED 7')])),
    ];
    for (let cut = 0; cut <= raw.length; cut++) expect(parse(raw, [cut]), `cut at ${cut}`).toEqual(expected);
  });

  it('delivers a data frame as it arrives, before its last byte is in', () => {
    const { reader, events } = recorder();
    reader.push(Buffer.from(`${NONCE} D 10\nhello`));
    expect(events).toEqual([dataEvent('hello')]);
    reader.push(Buffer.from(`world${NONCE} C POS 10\n`));
    expect(events).toEqual([dataEvent('helloworld'), { kind: 'POS', offset: 10 }]);
  });

  describe('login-shell noise before the first frame', () => {
    const noise = Buffer.concat([
      Buffer.from('motd: welcome\r\n\u001b[1mbold\u001b[0m\nLast login: today\n'),
      Buffer.from([0, 1, 2, 0xff, 0xfe, 0x0a]),
      Buffer.from(`${NONCE}\n`), // the nonce, but without the space that ends the prefix
      Buffer.from(`${NONCE.slice(0, 9)}\n${NONCE.slice(0, -1)} C OPEN 1 2 3\n`), // parts of the prefix
      Buffer.from('no newline at the end of the noise'),
    ]);
    const stream = Buffer.concat([noise, everyKind]);

    it('is discarded, whatever the chunking, even when it holds parts of the nonce', () => {
      expect(parse(stream)).toEqual(everyKindEvents);
      for (let cut = 0; cut <= stream.length; cut++) {
        expect(parse(stream, [cut]), `cut at ${cut}`).toEqual(everyKindEvents);
      }
      expect(
        parse(
          stream,
          Array.from({ length: stream.length }, (_, i) => i),
        ),
      ).toEqual(everyKindEvents);
    });

    it('is discarded when it exceeds 1 MB, in one chunk or many, with the prefix split across chunks', () => {
      const megabytes = Buffer.alloc(3 * 1024 * 1024, `noise ${NONCE.slice(0, 10)} ${NONCE}\n`);
      expect(parse(Buffer.concat([megabytes, everyKind]))).toEqual(everyKindEvents);

      const { reader, events } = recorder();
      const chunk = Buffer.from(`noise ${NONCE.slice(0, 10)} `.repeat(100) + '\n');
      for (let i = 0; i < 1000; i++) reader.push(chunk);
      expect(events).toEqual([]);
      for (let split = 1; split < NONCE.length + 1; split++) {
        const { reader: splitReader, events: splitEvents } = recorder();
        splitReader.push(Buffer.concat([megabytes, everyKind.subarray(0, split)]));
        splitReader.push(everyKind.subarray(split));
        expect(splitEvents, `prefix split after ${split} bytes`).toEqual(everyKindEvents);
      }
    });
  });

  describe('malformed input fails with a clear error', () => {
    const cases: [string, Buffer, RegExp][] = [
      [
        'text between frames',
        Buffer.concat([ctl('POS 1'), Buffer.from('stray output\n')]),
        /unexpected output.*stray output/,
      ],
      ['an unknown frame type', `${NONCE} X 1\n`, /malformed frame header.*X 1/],
      ['a data length that is not a number', `${NONCE} D ten\n0123456789`, /malformed frame header.*D ten/],
      ['a negative data length', `${NONCE} D -1\n`, /malformed frame header/],
      ['a missing data length', `${NONCE} D\n`, /malformed frame header/],
      ['an unknown control kind', ctl('REWIND 0'), /malformed frame header.*REWIND/],
      ['a control without its fields', ctl('OPEN 12'), /malformed frame header.*OPEN 12/],
      ['RAW with fields', ctl('RAW 12'), /malformed frame header.*RAW 12/],
      ['a non-numeric offset', ctl('POS 1e3'), /malformed frame header.*POS 1e3/],
      ['a GAP without a reason', ctl('GAP 12'), /malformed frame header/],
      ['a header that never ends', `${NONCE} C WAIT ${'x'.repeat(300)}`, /malformed frame header/],
      ['a zone without its offset', ctl('ZONE Europe/Paris'), /malformed frame header.*ZONE/],
      ['a zone offset that is not ±hhmm', ctl('ZONE +1 Europe/Paris'), /malformed frame header.*ZONE/],
      ['a zone name with a shell metacharacter', ctl('ZONE +0100 Europe/Paris;x'), /malformed frame header/],
    ].map(([what, stream, error]) => [
      what as string,
      Buffer.from(stream as string | Buffer),
      error as RegExp,
    ]);

    it.each(cases)('%s', (_what, stream, error) => {
      expect(() => parse(stream)).toThrow(error);
    });
  });
});
