import { describe, expect, it } from 'vitest';
import { BUILT_IN_FORMATS } from '../../../src/engine/ingest/formats/registry';
import type { LineFields } from '../../../src/engine/ingest/parser/log-format';
import { createParseContext } from '../../../src/engine/ingest/parser/parse-context';

// Golden tests: every built-in format carries sample lines with the parse it must produce.

const SAMPLE_CLOCK = Date.UTC(2024, 5, 15);

describe.each(BUILT_IN_FORMATS.map((format) => [format.name, format] as const))(
  'format %s',
  (_name, format) => {
    it('has a description and at least two samples', () => {
      expect(format.description.length).toBeGreaterThan(10);
      expect(format.samples.length).toBeGreaterThanOrEqual(2);
    });

    it.each(format.samples.map((sample) => [sample.line, sample] as const))('parses %s', (_line, sample) => {
      const ctx = createParseContext({
        timezone: sample.timezone ?? 'UTC',
        year: sample.year ?? 2024,
        now: () => SAMPLE_CLOCK,
      });
      const parser = format.fit ? format.fit([sample.line], ctx) : format;
      expect(parser).not.toBeNull();
      const out: LineFields = { ts: null, level: null };
      expect(parser!.parse(sample.line, out, ctx)).toBeGreaterThan(0);
      expect(out.ts).toBe(sample.ts === null ? null : Date.parse(sample.ts));
      expect(out.level).toBe(sample.level);
    });
  },
);
