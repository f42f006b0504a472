/** Reads a replica count printed by a command: the first whole number on its output. */
export function parseReplicaCount(output: string, what: string): number {
  const match = /^\s*(\d+)\s*$/m.exec(output);
  if (!match) {
    const shown = output.trim().slice(0, 120) || '(nothing)';
    throw new Error(
      `${what} should print the replica count as a whole number on a line of its own; it printed ${shown}`,
    );
  }
  return Number(match[1]);
}
