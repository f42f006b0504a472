import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { writeFleetProfile } from '../harness/profiles';
import { canRunSshFleet, startSshFleet, type SshFleet } from '../harness/ssh-fleet';
import { waitFor } from '../harness/wait-for';

const harness = canRunSshFleet();
if (!harness.ok) console.warn(`[skip] ${harness.why}`);

/**
 * A host whose sessions find no perl, as on a minimal image: its PATH holds no program at all (the
 * follower without perl looks for tail in the standard places itself). Under tcsh as well, which says so
 * in words and exits 1 instead of 127.
 */
describe.runIf(harness.ok).each([{ loginShell: '/bin/sh' }, { loginShell: '/usr/bin/tcsh' }])(
  'a host without perl, login shell $loginShell',
  ({ loginShell }) => {
    let fleet: SshFleet;
    let profile: string;

    beforeAll(async () => {
      fleet = await startSshFleet({
        hosts: 1,
        sshdConfig: ['SetEnv PATH=/nonexistent'],
        loginShells: { 'web-1': loginShell },
      });
      writeFileSync(`${fleet.hosts[0].logDir}/app.log`, '2026-12-03T10:00:00Z INFO before connect\n');
      writeFileSync(
        `${fleet.hosts[0].logDir}/svc-a.log`,
        '2026-12-03T10:00:00.500Z WARN found by a pattern\n',
      );
      profile = writeFleetProfile(fleet, { files: ['app.log', 'svc-*.log'] });
    });

    afterAll(async () => {
      await fleet?.stop();
    });

    it("follows the logs (a pattern's matches too) with tail -F instead, saying so with what to install for exact resuming", async (context) => {
      if (!existsSync(loginShell)) {
        console.warn(`[skip] ${loginShell} is not installed (Debian package tcsh)`);
        context.skip();
      }
      const engine = new Engine({
        profilesDir: path.dirname(profile),
        home: fleet.home,
        agentSocket: fleet.agentSocket,
      });
      const diagnostics: { host: string; message: string }[] = [];
      engine.events.on('diagnostic', (d) => diagnostics.push(d));
      try {
        await engine.connect({ profileFile: path.basename(profile), environment: 'test' });
        const found = await waitFor(() => diagnostics.find((d) => d.message.includes('perl was not found')), {
          what: 'a diagnostic about the missing perl',
        });
        expect(found.host).toBe(fleet.hosts[0].name);
        expect(found.message).toContain(`${fleet.viewDir}/app.log with tail -F`);
        expect(found.message).toContain('apk add perl');
        const messages = async () =>
          (await engine.getStreamPage({ from: 0, count: 100 })).rows.map((row) => row.message);
        await waitFor(async () => (await messages()).length === 2, { what: 'the backlog lines' });
        appendFileSync(`${fleet.hosts[0].logDir}/app.log`, '2026-12-03T10:00:01Z ERROR after connect\n');
        await waitFor(async () => (await messages()).length === 3, { what: 'the appended line' });
        expect(await messages()).toEqual([
          '2026-12-03T10:00:00Z INFO before connect',
          '2026-12-03T10:00:00.500Z WARN found by a pattern',
          '2026-12-03T10:00:01Z ERROR after connect',
        ]);
        expect((await engine.getSession())?.hosts[0].state).toBe('live');
      } finally {
        engine.dispose();
      }
    });
  },
);
