import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { writeFleetProfile } from '../harness/profiles';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';
import { waitFor } from '../harness/wait-for';

const harness = canRunSshFleet();
if (!harness.ok) console.warn(`[skip] ${harness.why}`);

describe.runIf(harness.ok)('host metrics, clock offsets and push-down filters (real sshd)', () => {
  let fleet: SshFleet;
  let engine: Engine;

  beforeAll(async () => {
    fleet = await startSshFleet({ hosts: 2 });
  });

  afterAll(async () => {
    engine?.dispose();
    await fleet?.stop();
  });

  it('samples load, CPU and memory from /proc on each host, and measures its clock', async () => {
    for (const h of fleet.hosts)
      writeFileSync(path.join(h.logDir, 'app.log'), `${new Date().toISOString()} INFO up\n`);
    const profile = writeFleetProfile(fleet, { name: 'metrics' });
    engine = new Engine({
      profilesDir: path.dirname(profile),
      home: fleet.home,
      agentSocket: fleet.agentSocket,
      metricsIntervalSec: 1,
    });
    await engine.connect({ profileFile: path.basename(profile), environment: 'test' });
    for (const host of ['web-1', 'web-2']) {
      const samples = await waitFor(
        async () => {
          const s = await engine.getHostMetrics({ host });
          return s.filter((x) => x.cpuPercent !== null).length >= 2 ? s : null;
        },
        { what: `two CPU samples from ${host}`, timeoutMs: 20_000 },
      );
      const last = samples[samples.length - 1];
      expect(last.load1).toBeGreaterThanOrEqual(0);
      expect(last.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(last.cpuPercent).toBeLessThanOrEqual(100);
      expect(last.memUsedPercent).toBeGreaterThan(0);
      expect(last.memUsedPercent).toBeLessThan(100);
    }
    const statuses = (await engine.getSession())!.hosts;
    for (const status of statuses) {
      expect(status.clockOffsetMs).toBeDefined();
      // Same machine, same clock: the measured offset is only the measurement's own error.
      expect(Math.abs(status.clockOffsetMs!)).toBeLessThan(1000);
    }
    engine.dispose();
  });

  it('runs include/exclude patterns on the host, so only matching lines cross the network', async () => {
    const host = fleet.hosts[0];
    const file = path.join(host.logDir, 'noisy.log');
    const now = Date.now();
    let text = '';
    for (let i = 0; i < 20_000; i++) {
      const level = i % 100 === 0 ? 'ERROR' : i % 10 === 0 ? 'WARN' : 'INFO';
      text += `${new Date(now - 20_000 + i).toISOString()} ${level} checkout request_id=${i.toString(16)} handled in ${i % 97} ms\n`;
    }
    writeFileSync(file, text);
    const profile = path.join(fleet.root, 'profiles', 'filtered.yaml');
    writeFileSync(
      profile,
      JSON.stringify({
        name: 'filtered',
        environments: [
          {
            name: 'test',
            hosts: [{ name: host.name, address: host.name }],
            applications: [
              {
                name: 'checkout',
                hosts: [host.name],
                logs: [
                  {
                    path: path.join(fleet.viewDir, 'noisy.log'),
                    include: ['ERROR', 'WARN'],
                    exclude: ['request_id=0 '],
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    engine = new Engine({
      profilesDir: path.dirname(profile),
      home: fleet.home,
      agentSocket: fleet.agentSocket,
      backlogBytes: 10 * 1024 * 1024,
      metricsIntervalSec: 0,
    });
    await engine.connect({ profileFile: 'filtered.yaml', environment: 'test' });
    const fileBytes = statSync(file).size;
    const stats = await waitFor(
      async () => {
        const [s] = await engine.getSourceStats();
        return s?.offset === fileBytes ? s : null;
      },
      { what: 'the whole file examined on the host' },
    );
    // The last event is complete once its source has been quiet for a moment (it could have had continuation lines).
    const rows = await waitFor(
      async () => {
        const page = await engine.getStreamPage({ from: 0, count: 5000 });
        return page.rows.length === 1999 ? page.rows : null;
      },
      { what: 'the 1,999 matching lines' },
    );
    expect(rows.every((r) => r.level === 'error' || r.level === 'warn')).toBe(true);
    const saved = 1 - stats.bytesReceived / fileBytes;
    console.log(
      `push-down filter: ${fileBytes} bytes in the file, ${stats.bytesReceived} bytes over SSH (${(saved * 100).toFixed(1)}% saved)`,
    );
    expect(stats.bytesReceived).toBeLessThan(fileBytes * 0.15);
  });
});
