import type { Redactor } from './redaction/redactor';
import { createRedactor } from './redaction/create-redactor';
import { KeyBlockTracker } from './redaction/key-block-tracker';
import { EventEncoder } from './event-codec';
import { incidentTimeline } from '../../shared/incident';
import { maskHostAddresses } from './profile-masking';
import { renderReport } from './report/render-report';
import {
  ENTRY,
  SNAPSHOT_FORMAT,
  SNAPSHOT_FORMAT_VERSION,
  sealManifest,
  type ManifestBody,
  type SnapshotManifest,
} from './snapshot-format';
import type { SnapshotEvent, SnapshotSource } from './snapshot-source';
import { DEFAULT_DIGEST_OPTIONS, WindowDigest, type DigestOptions } from './window-digest';
import { ZipFileWriter, type WrittenEntry } from './zip/zip-file-writer';

export interface ExportProgress {
  phase: 'events' | 'finishing' | 'done';
  events: number;
  /** From the source, when it knows. */
  expectedEvents?: number;
  bytesWritten: number;
}

export interface ExportOptions {
  appVersion: string;
  now?: () => number;
  maskHostAddresses?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  /** zlib level; 1 keeps a million lines well inside the time budget at a few percent larger files. */
  compressionLevel?: number;
  digest?: Partial<DigestOptions>;
  /** Most signatures kept. */
  maxSignatures?: number;
}

export class ExportCancelledError extends Error {
  constructor(file: string) {
    super(`export of ${file} was cancelled; no file was written`);
    this.name = 'ExportCancelledError';
  }
}

/** Events are encoded and compressed in batches of about this many bytes. */
const BATCH_BYTES = 256 * 1024;

/**
 * Writes a snapshot: events streamed from the source page by page (redacted, encoded, hashed and compressed
 * as they pass), then the small entries, the report and last the manifest with every entry's hash.
 * Cancelling through the signal, or any failure, removes the partial file.
 */
export async function writeSnapshot(
  file: string,
  source: SnapshotSource,
  options: ExportOptions,
): Promise<SnapshotManifest> {
  const now = options.now ?? Date.now;
  const createdAt = now();
  const zip = new ZipFileWriter(file, { level: options.compressionLevel ?? 1, mtime: createdAt });
  const cancelled = () => options.signal?.aborted === true;
  try {
    const redactor = createRedactor(source.profile);
    const digest = new WindowDigest(source.window, source.hosts, {
      ...DEFAULT_DIGEST_OPTIONS,
      ...options.digest,
    });
    const entries: Record<string, WrittenEntry> = {};
    const progress = (phase: ExportProgress['phase']) =>
      options.onProgress?.({
        phase,
        events: digest.events,
        expectedEvents: source.expectedEvents,
        bytesWritten: zip.bytesWritten,
      });

    entries[ENTRY.events] = await writeEvents(zip, source, redactor, digest, cancelled, () =>
      progress('events'),
    );
    if (cancelled()) throw new ExportCancelledError(file);
    progress('finishing');

    const json = async (name: string, value: unknown) => {
      entries[name] = await zip.writeEntry(name, `${JSON.stringify(value, null, 1)}\n`);
    };
    const series = source.series ?? [];
    const forecasts = source.forecasts ?? [];
    const heatmap = source.heatmap ?? digest.heatmap();
    const anomalies = redactor.redactDeep(source.anomalies ?? []);
    const signatures = redactor
      .redactDeep(source.signatures ?? digest.signatures())
      .slice(0, options.maxSignatures ?? 50);
    const audit = redactor.redactDeep(source.audit ?? []);
    const marks = source.marks ?? [];
    const notes = redactor.redactDeep(source.notes ?? []);
    const masked = options.maskHostAddresses ?? false;
    const profile = masked ? maskHostAddresses(source.profile) : source.profile;
    const timeline = incidentTimeline(marks);
    const hosts = [...new Set([...source.hosts, ...digest.hosts()])];

    await json(ENTRY.series, series);
    await json(ENTRY.forecasts, forecasts);
    await json(ENTRY.heatmap, heatmap);
    await json(ENTRY.anomalies, anomalies);
    await json(ENTRY.signatures, signatures);
    await json(ENTRY.audit, audit);
    await json(ENTRY.marks, { marks, notes });
    await json(ENTRY.profile, profile);
    if (cancelled()) throw new ExportCancelledError(file);

    const body: Omit<ManifestBody, 'entries'> = {
      format: SNAPSHOT_FORMAT,
      formatVersion: SNAPSHOT_FORMAT_VERSION,
      appVersion: options.appVersion,
      createdAt,
      profile: {
        name: source.profile.name,
        environment: source.environment,
        applications: source.applications,
        hostAddressesMasked: masked,
      },
      window: { from: source.window.from, to: source.window.to },
      hosts,
      counts: {
        events: digest.events,
        lines: digest.lines,
        markers: { ...digest.markers },
        series: series.length,
        forecasts: forecasts.length,
        anomalies: anomalies.length,
        signatures: signatures.length,
        auditEntries: audit.length,
        marks: marks.length,
        notes: notes.length,
      },
      incident: { marks: timeline.marks, mttdMs: timeline.mttdMs, mttrMs: timeline.mttrMs },
      redactions: redactor.countsByRule(),
    };
    const report = renderReport({
      summary: body,
      timeline,
      marks,
      notes,
      audit,
      anomalies,
      heatmap,
      series,
      forecasts,
      signatures,
      excerpt: digest.excerpt(),
      omittedFromExcerpt: digest.omittedFromExcerpt(),
    });
    entries[ENTRY.report] = await zip.writeEntry(ENTRY.report, report);

    const manifest = sealManifest({ ...body, entries: sortedEntries(entries) });
    await zip.writeEntry(ENTRY.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
    if (cancelled()) throw new ExportCancelledError(file);
    await zip.finish();
    progress('done');
    return manifest;
  } catch (err) {
    await zip.abort();
    if (cancelled() && !(err instanceof ExportCancelledError)) throw new ExportCancelledError(file);
    throw err;
  }
}

async function writeEvents(
  zip: ZipFileWriter,
  source: SnapshotSource,
  redactor: Redactor,
  digest: WindowDigest,
  cancelled: () => boolean,
  progress: () => void,
): Promise<WrittenEntry> {
  const entry = zip.entry(ENTRY.events);
  const encoder = new EventEncoder();
  const keyBlocks = new KeyBlockTracker(redactor);
  const { from, to } = source.window;
  let batch = '';
  for await (const page of source.events()) {
    if (cancelled()) break;
    for (const event of page) {
      if (event.ts < from || event.ts > to) continue;
      const message = keyBlocks.follow(
        event.host,
        event.source,
        event.message,
        redactor.redact(event.message),
      );
      const kept: SnapshotEvent = message === event.message ? event : { ...event, message };
      digest.add(kept);
      batch += encoder.encode(kept);
    }
    if (batch.length >= BATCH_BYTES) {
      await entry.write(batch);
      batch = '';
      progress();
    }
  }
  await entry.write(batch);
  return entry.close();
}

function sortedEntries(entries: Record<string, WrittenEntry>): Record<string, WrittenEntry> {
  return Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)));
}
