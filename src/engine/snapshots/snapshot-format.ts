import { createHash } from 'node:crypto';
import { z } from 'zod';
import { MARK_KINDS } from '../../shared/incident';

export const SNAPSHOT_FORMAT = 'watchfloor-snapshot';
export const SNAPSHOT_FORMAT_VERSION = 1;
export const SNAPSHOT_EXTENSION = '.wfsnap';

/** The entries of a snapshot, in the order they are written; the manifest comes last, hashing the others. */
export const ENTRY = {
  events: 'events.ndjson',
  series: 'series.json',
  forecasts: 'forecasts.json',
  heatmap: 'heatmap.json',
  anomalies: 'anomalies.json',
  signatures: 'signatures.json',
  audit: 'audit.json',
  marks: 'marks.json',
  profile: 'profile.json',
  report: 'report.html',
  manifest: 'manifest.json',
} as const;

export type EntryName = (typeof ENTRY)[keyof typeof ENTRY];
export const CONTENT_ENTRIES: readonly EntryName[] = Object.values(ENTRY).filter((e) => e !== ENTRY.manifest);

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const count = z.number().int().min(0);

export const manifestSchema = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  formatVersion: z.literal(SNAPSHOT_FORMAT_VERSION),
  appVersion: z.string(),
  createdAt: z.number(),
  profile: z.strictObject({
    name: z.string(),
    environment: z.string(),
    applications: z.array(z.string()),
    hostAddressesMasked: z.boolean(),
  }),
  window: z.strictObject({ from: z.number(), to: z.number() }),
  hosts: z.array(z.string()),
  counts: z.strictObject({
    events: count,
    lines: count,
    markers: z.record(z.string(), count),
    series: count,
    forecasts: count,
    anomalies: count,
    signatures: count,
    auditEntries: count,
    marks: count,
    notes: count,
  }),
  incident: z.strictObject({
    marks: z.record(z.enum(MARK_KINDS), z.number().nullable()),
    mttdMs: z.number().nullable(),
    mttrMs: z.number().nullable(),
  }),
  redactions: z.record(z.string(), count),
  entries: z.record(z.string(), z.strictObject({ sha256: sha256Hex, bytes: count })),
  /** SHA-256 of this manifest's JSON without this field, so an edited manifest is caught too. */
  manifestSha256: sha256Hex,
});

export type SnapshotManifest = z.infer<typeof manifestSchema>;
export type ManifestBody = Omit<SnapshotManifest, 'manifestSha256'>;

function bodyDigest(body: ManifestBody): string {
  return createHash('sha256')
    .update(JSON.stringify(body, null, 2))
    .digest('hex');
}

export function sealManifest(body: ManifestBody): SnapshotManifest {
  return { ...body, manifestSha256: bodyDigest(body) };
}

/** True when the manifest's own digest matches its content. */
export function manifestSealIntact(manifest: SnapshotManifest): boolean {
  const { manifestSha256, ...body } = manifest;
  return bodyDigest(body) === manifestSha256;
}
