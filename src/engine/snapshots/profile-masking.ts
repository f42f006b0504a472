import type { Profile } from '../../shared/profile-schema';

/**
 * The profile with every host's address, user and jump hosts replaced, for snapshots shared outside the
 * team: host names stay (the lines refer to them), where they live does not.
 */
export function maskHostAddresses(profile: Profile): Profile {
  return {
    ...profile,
    environments: profile.environments.map((env) => ({
      ...env,
      hosts: env.hosts.map((host, i) => ({
        name: host.name,
        address: `masked-${env.name}-${i + 1}`.replace(/[^A-Za-z0-9_.-]/g, '_'),
      })),
    })),
  };
}
