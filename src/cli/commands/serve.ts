import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EngineClient } from '../../engine/worker/engine-client';
import { startHost } from '../../host/host-server';
import type { CliCommand } from '../command';
import { engineOptionsFromEnv } from '../engine-options';
import { defaultProfilesDir } from '../profiles-dir';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Start the workbench in your browser on 127.0.0.1; given a profile, it opens connected to it.',
  usage: 'watchfloor serve [PROFILE] [--env NAME] [--app NAME]... [--port N] [--profiles DIR]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string', default: '0' },
        env: { type: 'string' },
        app: { type: 'string', multiple: true },
        profiles: { type: 'string' },
      },
    });
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

    const engine = new EngineClient(
      path.join(__dirname, 'engine-worker.js'),
      engineOptionsFromEnv(io, profilesDir),
    );
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
