import path from 'node:path';
import { formatProfileProblem } from '../../shared/profile-validate';
import { loadProfileFile, ProfileError } from '../../engine/profiles/profile-library';
import type { CliCommand } from '../command';

export const profileCommand: CliCommand = {
  name: 'profile',
  summary:
    'Check profile files: `profile check FILE...` prints each problem as file:line:column: field: message.',
  usage: 'watchfloor profile check FILE...',
  async run(argv, io) {
    const [sub, ...files] = argv;
    if (sub !== 'check' || files.length === 0) {
      io.stderr.write(`usage: ${this.usage}\n`);
      return 2;
    }
    let failed = 0;
    for (const file of files) {
      try {
        const profile = await loadProfileFile(path.resolve(io.cwd, file));
        const hosts = profile.environments.reduce((n, e) => n + e.hosts.length, 0);
        const apps = profile.environments.reduce((n, e) => n + e.applications.length, 0);
        io.stdout.write(
          `${file}: ok — "${profile.name}": ${profile.environments.length} environment(s), ${hosts} host(s), ${apps} application(s)\n`,
        );
      } catch (err) {
        failed++;
        if (!(err instanceof ProfileError)) throw err;
        for (const problem of err.problems)
          io.stderr.write(`${formatProfileProblem({ ...problem, file })}\n`);
      }
    }
    return failed > 0 ? 1 : 0;
  },
};
