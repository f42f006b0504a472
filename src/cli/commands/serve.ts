import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { demoSnapshotPath } from '../../engine/snapshots/demo-snapshot';
import { EngineClient } from '../../engine/worker/engine-client';
import { startHost } from '../../host/host-server';
import type { CliCommand } from '../command';
import { engineOptionsFromEnv } from '../engine-options';
import { defaultProfilesDir } from '../profiles-dir';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary:
    'Start the workbench in your browser on 127.0.0.1; given a profile, it opens connected to it, given a snapshot, it opens it for review.',
  usage:
    'watchfloor serve [PROFILE] [--env NAME] [--app NAME]... [--port N] [--profiles DIR] [--snapshot FILE | --demo]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string', default: '0' },
        env: { type: 'string' },
        app: { type: 'string', multiple: true },
        profiles: { type: 'string' },
        snapshot: { type: 'string' },
        demo: { type: 'boolean', default: false },
      },
    });
    const snapshotFile = values.snapshot ? path.resolve(io.cwd, values.snapshot) : null;
    if ([positionals[0], snapshotFile, values.demo || undefined].filter(Boolean).length > 1)
      throw new Error('give one of PROFILE, --snapshot FILE and --demo');
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new Error(`--port must be 0..65535, got ${values.port}`);
    const profilePath = positionals[0] ? path.resolve(io.cwd, positionals[0]) : null;
    const profilesDir = profilePath
      ? path.dirname(profilePath)
      : path.resolve(io.cwd, values.profiles ?? defaultProfilesDir(io));
    const rendererDir = path.join(__dirname, '../renderer');
    if (!existsSync(path.join(rendererDir, 'index.html'))) {
      throw new Error(`the user interface is not built (${rendererDir}): run \`npm run build\` first`);
    }

    // WATCHFLOOR_DEMO_SNAPSHOT stands in for resources/demo.wfsnap (tests, or a team's own demo).
    const demoSnapshot = io.env.WATCHFLOOR_DEMO_SNAPSHOT || demoSnapshotPath(__dirname);
    const engine = new EngineClient(path.join(__dirname, 'engine-worker.js'), {
      ...engineOptionsFromEnv(io, profilesDir),
      demoSnapshot,
    });
    const host = await startHost({ engine, rendererDir, port });
    if (profilePath) {
      const profiles = await engine.request('listProfiles', {});
      const summary = profiles.ok
        ? (profiles.value as { file: string; environments: { name: string }[] }[]).find(
            (p) => p.file === path.basename(profilePath),
          )
        : undefined;
      const outcome = await engine.request('connect', {
        profileFile: path.basename(profilePath),
        environment: values.env ?? summary?.environments[0]?.name ?? '',
        applications: values.app,
      });
      if (!outcome.ok) io.stderr.write(`watchfloor serve: cannot connect: ${outcome.error.message}\n`);
    }
    if (snapshotFile || values.demo) {
      const outcome = await engine.request(
        'openSnapshot',
        snapshotFile ? { file: snapshotFile } : { demo: true },
      );
      if (!outcome.ok) {
        await host.close();
        await engine.dispose();
        throw new Error(`cannot open ${snapshotFile ?? demoSnapshot}: ${outcome.error.message}`);
      }
      io.stdout.write(`Reviewing ${snapshotFile ?? demoSnapshot} (read-only)\n`);
    }
    io.stdout.write(`Watchfloor is serving ${profilesDir}\nOpen ${host.url}\n`);

    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await host.close();
    await engine.dispose();
    return 0;
  },
};
