import type { Level, StreamMarkerKind, TimestampOrigin } from '../../shared/types';

// One byte per row: level (3 bits), timestamp origin (2 bits), marker kind (3 bits).

/** Level codes; 0 is "no level". Also the slot order of the rollups' level counts. */
export const LEVEL_BY_CODE: readonly (Level | null)[] = [
  null,
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
];
export const LEVEL_SLOTS = LEVEL_BY_CODE.length;
const ORIGIN_BY_CODE: readonly TimestampOrigin[] = ['parsed', 'inherited', 'received'];
const MARKER_BY_CODE: readonly (StreamMarkerKind | undefined)[] = [
  undefined,
  'gap',
  'reconnect',
  'eviction',
  'rotation',
];

const LEVEL_CODE = new Map(LEVEL_BY_CODE.map((level, code) => [level, code]));
const ORIGIN_CODE = new Map(ORIGIN_BY_CODE.map((origin, code) => [origin, code]));
const MARKER_CODE = new Map(MARKER_BY_CODE.map((marker, code) => [marker, code]));

export function levelCode(level: Level | null): number {
  return LEVEL_CODE.get(level) ?? 0;
}

export function packFlags(level: Level | null, origin: TimestampOrigin, marker?: StreamMarkerKind): number {
  return levelCode(level) | ((ORIGIN_CODE.get(origin) ?? 0) << 3) | ((MARKER_CODE.get(marker) ?? 0) << 5);
}

export function flagLevelCode(flags: number): number {
  return flags & 7;
}

export function flagLevel(flags: number): Level | null {
  return LEVEL_BY_CODE[flags & 7] ?? null;
}

export function flagOrigin(flags: number): TimestampOrigin {
  return ORIGIN_BY_CODE[(flags >> 3) & 3] ?? 'received';
}

export function flagMarker(flags: number): StreamMarkerKind | undefined {
  return MARKER_BY_CODE[flags >> 5];
}

export function isMarker(flags: number): boolean {
  return flags >> 5 !== 0;
}
