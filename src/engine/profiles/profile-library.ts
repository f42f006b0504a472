import { randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProfileSummary } from '../../shared/api';
import type { Profile } from '../../shared/profile-schema';
import { formatProfileProblem, parseProfileText, type ProfileProblem } from '../../shared/profile-validate';

export class ProfileError extends Error {
  constructor(readonly problems: ProfileProblem[]) {
    super(problems.map(formatProfileProblem).join('\n'));
    this.name = 'ProfileError';
  }
}

/** Reads and validates a profile file; a problem names the file, line and field. */
export async function loadProfileFile(file: string): Promise<Profile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ProfileError([
      { file, line: 0, column: 0, field: '', message: `cannot read: ${(err as Error).message}` },
    ]);
  }
  const result = parseProfileText(text, file);
  if (!result.ok) throw new ProfileError(result.problems);
  return result.profile;
}

/** The profiles folder: every `*.yaml`/`*.yml` file in it, valid or not (invalid ones carry their problems). */
export class ProfileLibrary {
  constructor(readonly dir: string) {}

  pathOf(file: string): string {
    if (file !== path.basename(file) || !/\.ya?ml$/.test(file)) {
      throw new Error(`"${file}" is not a profile file name in ${this.dir}`);
    }
    return path.join(this.dir, file);
  }

  load(file: string): Promise<Profile> {
    return loadProfileFile(this.pathOf(file));
  }

  /** The file's text as written, for the editor. */
  async read(file: string): Promise<string> {
    const full = this.pathOf(file);
    try {
      return await readFile(full, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT')
        throw new Error(`no profile "${file}" in ${this.dir}`, { cause: err });
      throw new Error(`cannot read profile ${full}: ${(err as Error).message}`, { cause: err });
    }
  }

  /**
   * Validates the text and writes it only when it has no problems (a secret-named key is one), through a
   * temporary file renamed into place so a crash never leaves half a profile. With `create`, an existing
   * file is never replaced.
   */
  async save(file: string, text: string, options: { create?: boolean } = {}): Promise<ProfileProblem[]> {
    const full = this.pathOf(file);
    const result = parseProfileText(text, file);
    if (!result.ok) return result.problems;
    await mkdir(this.dir, { recursive: true });
    const temp = path.join(this.dir, `.${file}.${randomBytes(6).toString('hex')}.tmp`);
    await writeFile(temp, text, { encoding: 'utf8', flag: 'wx', mode: 0o644 });
    try {
      if (options.create) await link(temp, full);
      else await rename(temp, full);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new Error(`profile "${file}" already exists in ${this.dir}: choose another name or edit it`, {
          cause: err,
        });
      }
      throw new Error(`cannot save profile ${full}: ${(err as Error).message}`, { cause: err });
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    return [];
  }

  async list(): Promise<ProfileSummary[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => /\.ya?ml$/.test(n));
    } catch {
      return [];
    }
    const summaries = await Promise.all(names.map((name) => this.summarise(name)));
    return summaries.sort((a, b) => b.modifiedAt - a.modifiedAt || a.name.localeCompare(b.name));
  }

  private async summarise(file: string): Promise<ProfileSummary> {
    const full = this.pathOf(file);
    const modifiedAt = (await stat(full)).mtimeMs;
    try {
      const profile = await loadProfileFile(full);
      return {
        file,
        name: profile.name,
        modifiedAt,
        environments: profile.environments.map((env) => ({
          name: env.name,
          hosts: env.hosts.map((h) => h.name),
          applications: env.applications.map((a) => a.name),
        })),
      };
    } catch (err) {
      const problems = err instanceof ProfileError ? err.problems : [];
      return { file, name: file.replace(/\.ya?ml$/, ''), modifiedAt, environments: [], problems };
    }
  }
}
