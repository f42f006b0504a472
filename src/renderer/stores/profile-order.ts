import type { ProfileSummary } from '../../shared/api';
import { fuzzyFilter } from '../composables/fuzzy-match';

/** Recently connected profiles first (most recent first), then the rest as listed (newest file first). */
export function orderProfiles(
  profiles: readonly ProfileSummary[],
  recent: readonly string[],
): ProfileSummary[] {
  const rank = (p: ProfileSummary) => {
    const i = recent.indexOf(p.file);
    return i < 0 ? recent.length : i;
  };
  return profiles
    .map((profile, index) => ({ profile, index }))
    .sort((a, b) => rank(a.profile) - rank(b.profile) || a.index - b.index)
    .map((entry) => entry.profile);
}

/** The profiles matching a search by name, file or environment, best first. */
export function searchProfiles(profiles: readonly ProfileSummary[], query: string): ProfileSummary[] {
  if (query.trim() === '') return [...profiles];
  return fuzzyFilter(
    profiles,
    query,
    (p) => `${p.name} ${p.file} ${p.environments.map((e) => e.name).join(' ')}`,
  );
}
