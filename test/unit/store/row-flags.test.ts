import { describe, expect, it } from 'vitest';
import {
  flagLevel,
  flagLevelCode,
  flagMarker,
  flagOrigin,
  isMarker,
  LEVEL_BY_CODE,
  levelCode,
  packFlags,
} from '../../../src/engine/store/row-flags';
import type { StreamMarkerKind, TimestampOrigin } from '../../../src/shared/types';

const ORIGINS: TimestampOrigin[] = ['parsed', 'inherited', 'received'];
const MARKERS: (StreamMarkerKind | undefined)[] = [undefined, 'gap', 'reconnect', 'eviction', 'rotation'];

describe('a row’s flags in one byte', () => {
  it('give back every level, timestamp origin and marker they were packed from', () => {
    const seen = new Set<number>();
    for (const level of LEVEL_BY_CODE)
      for (const origin of ORIGINS)
        for (const marker of MARKERS) {
          const flags = packFlags(level, origin, marker);
          expect(flags).toBeLessThan(256);
          expect([flagLevel(flags), flagOrigin(flags), flagMarker(flags)]).toEqual([level, origin, marker]);
          expect(flagLevelCode(flags)).toBe(levelCode(level));
          expect(isMarker(flags)).toBe(marker !== undefined);
          seen.add(flags);
        }
    expect(seen.size).toBe(LEVEL_BY_CODE.length * ORIGINS.length * MARKERS.length);
  });
});
