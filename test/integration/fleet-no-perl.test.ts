import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
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
      writeFileSync(
        `${fleet.hosts[0].logDir}/filtered.log`,
        ['2026-12-03T10:00:00.250Z ERROR kept by include', '2026-12-03T10:00:00.260Z INFO dropped', ''].join(
          '\n',
        ),
      );
      profile = writeFleetProfile(fleet, { files: ['app.log', 'svc-*.log', 'filtered.log'] });
      // The third log keeps only errors that are not health probes.
      const document = parse(readFileSync(profile, 'utf8'));
      Object.assign(document.environments[0].applications[0].logs[2], {
        include: ['ERROR'],
        exclude: ['probe'],
      });
      writeFileSync(profile, stringify(document));
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
        // One diagnostic per log, in whatever order their followers ended.
        const found = await waitFor(
          () =>
            diagnostics.find(
              (d) =>
                d.message.includes('perl was not found') && d.message.includes(`${fleet.viewDir}/app.log`),
            ),
          { what: 'a diagnostic about the missing perl' },
        );
        expect(found.host).toBe(fleet.hosts[0].name);
        expect(found.message).toContain(`following ${fleet.viewDir}/app.log with tail -F`);
        expect(found.message).toContain('apk add perl');
        const messages = async () =>
          (await engine.getStreamPage({ from: 0, count: 100 })).rows.map((row) => row.message);
        await waitFor(async () => (await messages()).length === 3, { what: 'the backlog lines' });
        appendFileSync(`${fleet.hosts[0].logDir}/app.log`, '2026-12-03T10:00:01Z ERROR after connect\n');
        appendFileSync(
          `${fleet.hosts[0].logDir}/filtered.log`,
          '2026-12-03T10:00:01.100Z ERROR health probe\n2026-12-03T10:00:01.200Z ERROR kept too\n',
        );
        await waitFor(async () => (await messages()).length === 5, { what: 'the appended lines' });
        expect(await messages()).toEqual([
          '2026-12-03T10:00:00Z INFO before connect',
          '2026-12-03T10:00:00.250Z ERROR kept by include',
          '2026-12-03T10:00:00.500Z WARN found by a pattern',
          '2026-12-03T10:00:01Z ERROR after connect',
          '2026-12-03T10:00:01.200Z ERROR kept too',
        ]);
        expect(diagnostics.map((d) => d.message)).toContainEqual(
          expect.stringContaining(
            'filtered.log with tail -F instead, its include/exclude patterns applied on arrival',
          ),
        );
        expect((await engine.getSession())?.hosts[0].state).toBe('live');
      } finally {
        engine.dispose();
      }
    });
  },
);
