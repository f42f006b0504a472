export interface HostDiagnostic {
  message: string;
  at: number;
}

/**
 * The hosts' diagnostics that belong to a session started at `startedAt`: those said since. A session
 * speaks of its hosts while it is being set up, before it is announced, and those are its own too.
 */
export function diagnosticsSince(
  diagnostics: ReadonlyMap<string, readonly HostDiagnostic[]>,
  startedAt: number,
): Map<string, HostDiagnostic[]> {
  const kept = new Map<string, HostDiagnostic[]>();
  for (const [host, list] of diagnostics) {
    const own = list.filter((diagnostic) => diagnostic.at >= startedAt);
    if (own.length > 0) kept.set(host, own);
  }
  return kept;
}
