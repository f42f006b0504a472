import { CONTENT_ENTRIES, ENTRY, manifestSealIntact, type SnapshotManifest } from './snapshot-format';
import { SnapshotIntegrityError, SnapshotReader } from './snapshot-reader';

export interface VerifiedSnapshot {
  manifest: SnapshotManifest;
  entries: string[];
}

/**
 * Checks a snapshot end to end: the manifest's own digest, that the archive holds exactly the entries the
 * manifest lists, every entry's SHA-256 and size, and that the event count matches. Reports every problem
 * found, each naming its entry.
 */
export async function verifySnapshot(file: string): Promise<VerifiedSnapshot> {
  const reader = await SnapshotReader.open(file);
  const { manifest } = reader;
  const problems: { entry: string; problem: string }[] = [];
  if (!manifestSealIntact(manifest)) {
    problems.push({
      entry: ENTRY.manifest,
      problem: 'edited after export (its own SHA-256 does not match its content)',
    });
  }
  const listed = Object.keys(manifest.entries);
  for (const name of CONTENT_ENTRIES) {
    if (!listed.includes(name)) problems.push({ entry: name, problem: 'not listed in the manifest' });
  }
  for (const name of listed) {
    if (!reader.has(name))
      problems.push({ entry: name, problem: 'listed in the manifest but missing from the archive' });
  }
  for (const name of reader.entryNames()) {
    if (name !== ENTRY.manifest && !listed.includes(name)) {
      problems.push({ entry: name, problem: 'in the archive but not in the manifest (added after export)' });
    }
  }
  for (const name of listed.filter((n) => reader.has(n))) {
    try {
      if (name === ENTRY.events) {
        let events = 0;
        for await (const page of reader.events()) events += page.length;
        if (events !== manifest.counts.events) {
          problems.push({
            entry: name,
            problem: `holds ${events} events, the manifest says ${manifest.counts.events}`,
          });
        }
      } else {
        await reader.check(name);
      }
    } catch (err) {
      if (err instanceof SnapshotIntegrityError) problems.push(...err.problems);
      else problems.push({ entry: name, problem: (err as Error).message });
    }
  }
  if (problems.length > 0) throw new SnapshotIntegrityError(file, problems);
  return { manifest, entries: reader.entryNames() };
}
