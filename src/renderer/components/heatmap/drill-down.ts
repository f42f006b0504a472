/**
 * The query part keeping rows of [from, to): `since:` and `until:` (inclusive) as ISO-8601 UTC, readable
 * on the search bar's chip.
 */
export function intervalPart(from: number, to: number): string {
  return `since:${new Date(from).toISOString()} until:${new Date(to - 1).toISOString()}`;
}
