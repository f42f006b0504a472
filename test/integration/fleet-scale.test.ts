import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import type { HostState } from '../../src/shared/types';
import { writeFleetProfile } from '../harness/profiles';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';
import { waitFor } from '../harness/wait-for';

const harness = canRunSshFleet();
if (!harness.ok) console.warn(`[skip] ${harness.why}`);

const HOSTS = 200;

describe.runIf(harness.ok)(`${HOSTS} hosts live at once from one engine (real sshd)`, () => {
  let fleet: SshFleet;
  let engine: Engine;

  beforeAll(async () => {
    fleet = await startSshFleet({ hosts: HOSTS });
    for (const h of fleet.hosts)
      writeFileSync(path.join(h.logDir, 'app.log'), `${new Date().toISOString()} INFO ${h.name} up\n`);
  }, 300_000);

  afterAll(async () => {
    engine?.dispose();
    await fleet?.stop();
  }, 120_000);

  it('connects every host through a bounded handshake queue, reports each state change, and tails them all', async () => {
    const profile = writeFleetProfile(fleet, { name: 'scale' });
    engine = new Engine({
      profilesDir: path.dirname(profile),
      home: fleet.home,
      agentSocket: fleet.agentSocket,
      metricsIntervalSec: 0,
    });
    const history = new Map<string, HostState[]>();
    engine.events.on('hostStatus', (s) => {
      const states = history.get(s.host) ?? [];
      if (states[states.length - 1] !== s.state) states.push(s.state);
      history.set(s.host, states);
    });
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    await engine.connect({ profileFile: path.basename(profile), environment: 'test' });
    await waitFor(async () => (await engine.getSession())!.hosts.every((h) => h.state === 'live'), {
      what: `all ${HOSTS} hosts live`,
      timeoutMs: 120_000,
      intervalMs: 100,
    });
    const connectSec = (performance.now() - started) / 1000;
    await waitFor(async () => (await engine.getStreamPage({ from: 0, count: 0 })).total === HOSTS, {
      what: `one line from each of ${HOSTS} hosts`,
      timeoutMs: 60_000,
    });
    const rss = process.memoryUsage().rss;
    console.log(
      `${HOSTS} hosts: all live in ${connectSec.toFixed(2)} s; test process RSS ${(rss / 2 ** 20).toFixed(0)} MB ` +
        `(+${((rss - rssBefore) / 2 ** 20).toFixed(0)} MB for the live fleet)`,
    );
    expect(history.size).toBe(HOSTS);
    for (const [host, states] of history) {
      expect({ host, states }).toEqual({ host, states: ['connecting', 'authenticating', 'live'] });
    }
    const { rows } = await engine.getStreamPage({ from: 0, count: HOSTS });
    expect(new Set(rows.map((r) => r.host)).size).toBe(HOSTS);
  }, 240_000);
});
