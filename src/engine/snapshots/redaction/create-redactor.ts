import type { Profile } from '../../../shared/profile-schema';
import { compileRules } from './redaction-rules';
import { Redactor } from './redactor';

/** A redactor with the built-in rules and the profile's own (`redaction.rules`), counting from zero. */
export function createRedactor(profile?: Pick<Profile, 'redaction'>): Redactor {
  return new Redactor(compileRules(profile?.redaction?.rules ?? []));
}
