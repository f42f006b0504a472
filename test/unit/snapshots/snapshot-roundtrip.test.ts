import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRY } from '../../../src/engine/snapshots/snapshot-format';
import { SnapshotReader } from '../../../src/engine/snapshots/snapshot-reader';
import type { SnapshotEvent, SnapshotSource } from '../../../src/engine/snapshots/snapshot-source';
import { verifySnapshot } from '../../../src/engine/snapshots/snapshot-verify';
import { ExportCancelledError, writeSnapshot } from '../../../src/engine/snapshots/snapshot-writer';
import { syntheticSource } from '../../../src/engine/snapshots/synthetic-source';
import { readZipDirectory } from '../../../src/engine/snapshots/zip/zip-directory';
import { CANARIES } from './secret-canaries';
import { rewriteZip, tempDir, unzipFile } from './snapshot-files';

const FROM = Date.UTC(2024, 4, 1, 12, 0, 0);

function incidentSource(events = 5000): SnapshotSource {
  return {
    ...syntheticSource({
      events,
      hosts: 3,
      from: FROM,
      durationMs: 10 * 60_000,
      planted: CANARIES.map((c) => c.line),
    }),
    series: [
      {
        name: 'requests',
        unit: 'req/s',
        start: FROM,
        stepMs: 60_000,
        values: [10, 12, 11, 13, 40, 42, 41, 12, 11, 10],
      },
    ],
    forecasts: [
      {
        series: 'requests',
        model: 'holt-winters',
        level: 0.8,
        start: FROM + 600_000,
        stepMs: 60_000,
        forecast: [10, 10],
        lower: [8, 7],
        upper: [12, 13],
      },
    ],
    anomalies: [{ ts: FROM + 240_000, kind: 'spike', summary: 'requests 3.5× baseline', series: 'requests' }],
    audit: [
      {
        ts: FROM + 300_000,
        action: 'restart',
        summary: 'systemctl restart checkout',
        hosts: ['web-2'],
        outcome: 'ok',
      },
      {
        ts: FROM + 310_000,
        action: 'command',
        summary: `curl -H 'Authorization: Bearer CanaryAuditBearer0123456789' /health`,
      },
    ],
    marks: [
      { kind: 'incident-start', ts: FROM + 200_000 },
      { kind: 'detected', ts: FROM + 260_000 },
      { kind: 'mitigated', ts: FROM + 320_000 },
      { kind: 'resolved', ts: FROM + 500_000 },
    ],
    notes: [
      { ts: FROM + 270_000, text: 'payments pool exhausted; rolled back <b>v42</b>' },
      {
        ts: FROM + 280_000,
        text: 'tried password=CanaryNotePassw0rd on the replica',
        line: { host: 'web-1', source: '/var/log/checkout/app.log', ts: FROM + 279_000 },
      },
    ],
  };
}

async function collectEvents(source: SnapshotSource): Promise<SnapshotEvent[]> {
  const events: SnapshotEvent[] = [];
  for await (const page of source.events()) events.push(...page);
  return events;
}

describe('snapshot files', () => {
  const tmp = tempDir();
  const file = path.join(tmp.dir, 'incident.wfsnap');
  const source = incidentSource();

  beforeAll(async () => {
    await writeSnapshot(file, source, { appVersion: '0.1.0-test', now: () => FROM + 3_600_000 });
  });
  afterAll(() => tmp.remove());

  it('reads back the same events, series and marks (secrets redacted)', async () => {
    const reader = await SnapshotReader.open(file);
    const read: SnapshotEvent[] = [];
    for await (const page of reader.events(777)) read.push(...page);
    const original = await collectEvents(source);
    expect(read).toHaveLength(original.length);
    const planted = new Set(CANARIES.map((c) => c.line));
    read.forEach((event, i) => {
      const o = original[i];
      expect({ ...event, message: '' }).toEqual({ ...o, message: '' });
      if (planted.has(o.message)) expect(event.message).toContain('[REDACTED:');
      else expect(event.message).toBe(o.message);
    });
    expect(await reader.readJson(ENTRY.series)).toEqual(source.series);
    expect(await reader.readJson(ENTRY.forecasts)).toEqual(source.forecasts);
    const marks = await reader.readJson<{ marks: unknown; notes: { text: string }[] }>(ENTRY.marks);
    expect(marks.marks).toEqual(source.marks);
    expect(marks.notes[0].text).toBe('payments pool exhausted; rolled back <b>v42</b>');
    expect(marks.notes[1].text).toBe('tried password=[REDACTED:password-key-value] on the replica');
  });

  it('records window, hosts, counts, redactions and MTTD/MTTR in the manifest', async () => {
    const { manifest } = await verifySnapshot(file);
    expect(manifest.window).toEqual(source.window);
    expect(manifest.hosts).toEqual(['web-1', 'web-2', 'web-3']);
    expect(manifest.counts).toMatchObject({
      events: 5000,
      lines: 4999,
      markers: { gap: 1 },
      marks: 4,
      notes: 2,
      auditEntries: 2,
    });
    expect(manifest.incident).toMatchObject({ mttdMs: 60_000, mttrMs: 240_000 });
    const rules = new Set(CANARIES.map((c) => c.rule));
    for (const rule of rules) expect(manifest.redactions[rule], rule).toBeGreaterThan(0);
    expect(Object.keys(manifest.entries).sort()).toEqual(
      Object.values(ENTRY)
        .filter((e) => e !== ENTRY.manifest)
        .sort(),
    );
  });

  it('leaves no canary secret in any byte of any decompressed entry', () => {
    const entries = unzipFile(file);
    const secrets = [...CANARIES.map((c) => c.secret), 'CanaryAuditBearer0123456789', 'CanaryNotePassw0rd'];
    for (const [name, bytes] of Object.entries(entries)) {
      const text = Buffer.from(bytes).toString('latin1');
      for (const secret of secrets) expect(text.includes(secret), `${secret} in ${name}`).toBe(false);
    }
    expect(readFileSync(file).toString('latin1')).not.toContain('Canary');
  });

  it('masks host addresses in the profile when asked', async () => {
    const masked = path.join(tmp.dir, 'masked.wfsnap');
    await writeSnapshot(masked, source, { appVersion: 't', maskHostAddresses: true });
    const profile = JSON.parse(strFromU8(unzipFile(masked)[ENTRY.profile]));
    expect(JSON.stringify(profile)).not.toContain('10.0.0.');
    expect(profile.environments[0].hosts[0].name).toBe('web-1');
    expect((await verifySnapshot(masked)).manifest.profile.hostAddressesMasked).toBe(true);
  });

  describe('tampering', () => {
    const tampered = path.join(tmp.dir, 'tampered.wfsnap');

    it.each(Object.values(ENTRY))('detects a flipped byte in the compressed data of %s', async (name) => {
      const entry = (await readZipDirectory(file)).find((e) => e.name === name)!;
      const bytes = readFileSync(file);
      bytes[entry.dataOffset + Math.floor(entry.compressedSize / 2)] ^= 0x5a;
      writeFileSync(tampered, bytes);
      await expect(verifySnapshot(tampered)).rejects.toThrow(new RegExp(`\\b${name.replace('.', '\\.')}: `));
    });

    it.each(Object.values(ENTRY).filter((e) => e !== ENTRY.manifest))(
      'detects a changed %s',
      async (name) => {
        const original = unzipFile(file)[name];
        const changed = Uint8Array.from(original);
        changed[Math.floor(changed.length / 2)] ^= 0x01;
        rewriteZip(file, tampered, { [name]: changed });
        await expect(verifySnapshot(tampered)).rejects.toThrow(
          `${name}: its content does not match its SHA-256`,
        );
      },
    );

    it('detects an edited manifest', async () => {
      const manifest = JSON.parse(strFromU8(unzipFile(file)[ENTRY.manifest]));
      manifest.counts.events = 4000;
      rewriteZip(file, tampered, { [ENTRY.manifest]: strToU8(JSON.stringify(manifest, null, 2)) });
      await expect(verifySnapshot(tampered)).rejects.toThrow(/manifest\.json: edited after export/);
    });

    it('detects a manifest hash changed to match a changed entry', async () => {
      const manifest = JSON.parse(strFromU8(unzipFile(file)[ENTRY.manifest]));
      manifest.entries[ENTRY.report].bytes += 1;
      rewriteZip(file, tampered, { [ENTRY.manifest]: strToU8(JSON.stringify(manifest, null, 2)) });
      await expect(verifySnapshot(tampered)).rejects.toThrow(/manifest\.json: edited after export/);
    });

    it('detects a removed entry', async () => {
      rewriteZip(file, tampered, { [ENTRY.audit]: null });
      await expect(verifySnapshot(tampered)).rejects.toThrow(
        'audit.json: listed in the manifest but missing from the archive',
      );
    });

    it('detects an added entry', async () => {
      rewriteZip(file, tampered, { 'extra.txt': strToU8('hello') });
      await expect(verifySnapshot(tampered)).rejects.toThrow(
        'extra.txt: in the archive but not in the manifest',
      );
    });

    it('detects a removed manifest', async () => {
      rewriteZip(file, tampered, { [ENTRY.manifest]: null });
      await expect(verifySnapshot(tampered)).rejects.toThrow(/manifest\.json: missing/);
    });

    it('rejects a truncated file', async () => {
      writeFileSync(tampered, readFileSync(file).subarray(0, 4000));
      await expect(verifySnapshot(tampered)).rejects.toThrow(/not a readable snapshot archive/);
    });
  });

  describe('cancellation', () => {
    it('leaves no file, partial or final, when cancelled mid-export', async () => {
      const dir = tempDir();
      try {
        const controller = new AbortController();
        const target = path.join(dir.dir, 'cancelled.wfsnap');
        const big = syntheticSource({ events: 200_000, hosts: 4, from: FROM, durationMs: 3_600_000 });
        const run = writeSnapshot(target, big, {
          appVersion: 't',
          signal: controller.signal,
          onProgress: (p) => {
            if (p.events > 20_000) controller.abort();
          },
        });
        await expect(run).rejects.toBeInstanceOf(ExportCancelledError);
        expect(existsSync(target)).toBe(false);
        expect(readdirSync(dir.dir)).toEqual([]);
      } finally {
        dir.remove();
      }
    });

    it('leaves no file when the source fails', async () => {
      const dir = tempDir();
      try {
        const target = path.join(dir.dir, 'failed.wfsnap');
        const failing: SnapshotSource = {
          ...incidentSource(10),
          async *events() {
            yield [];
            throw new Error('store closed');
          },
        };
        await expect(writeSnapshot(target, failing, { appVersion: 't' })).rejects.toThrow('store closed');
        expect(readdirSync(dir.dir)).toEqual([]);
      } finally {
        dir.remove();
      }
    });
  });
});

describe('snapshot export errors', () => {
  it('names the target when it cannot be written', async () => {
    const source = syntheticSource({ events: 10, hosts: 1, from: FROM, durationMs: 1000 });
    await expect(writeSnapshot('/nonexistent-dir/x.wfsnap', source, { appVersion: 't' })).rejects.toThrow(
      /cannot write \/nonexistent-dir\/x\.wfsnap: ENOENT/,
    );
  });
});
