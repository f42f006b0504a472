import { shellQuote } from './shell-quote';

/**
 * Command lines that run the same under any login shell. sshd hands every command to the user's shell,
 * which need not be a POSIX one: csh and tcsh expand `!` even inside single quotes and refuse newlines
 * there, fish reads `\\` and `\'` inside them. So a script travels as one single-quoted word made only of
 * letters, digits, a few punctuation marks and escapes that every shell passes through untouched, and is
 * decoded on the host by /bin/sh (octal escapes, through printf) or perl (hex words).
 */

/** Bytes kept as they are in the encoded script: nothing here means anything to a shell inside quotes. */
const LITERAL = /^[A-Za-z0-9 _.,:=+@/-]$/;

/** Runs a POSIX shell script with /bin/sh (as root through `sudo -n` when asked), whatever the login shell. */
export function posixCommand(script: string, options: { sudo?: boolean } = {}): string {
  if (options.sudo) return posixCommand(`script=${shellQuote(script)}\nexec sudo -n /bin/sh -c "$script"`);
  rejectNul(script);
  let encoded = '';
  for (const byte of Buffer.from(script, 'utf8')) {
    const char = String.fromCharCode(byte);
    // A leading '-' would be read as an option of printf.
    encoded +=
      byte < 0x80 && LITERAL.test(char) && !(encoded === '' && char === '-')
        ? char
        : `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `exec /bin/sh -c 'eval "$(printf "${encoded}")"'`;
}

/**
 * Perl's side of `perlCommand`: the arguments arrive as hex words (each after an `x`, so that none is
 * empty), the first is the program.
 */
const PERL_LOADER = '@ARGV=map{pack q(H*),substr $_,1}@ARGV;eval shift;die $@ if $@';

/** Runs a Perl program with its arguments (as `perl -e PROGRAM -- ARGS…`), whatever the login shell. */
export function perlCommand(
  program: string,
  args: readonly string[],
  options: { sudo?: boolean } = {},
): string {
  const words = [program, ...args].map((text) => {
    rejectNul(text);
    return `x${Buffer.from(text, 'utf8').toString('hex')}`;
  });
  // In the C locale: fish sets LC_CTYPE to a UTF-8 locale a host may lack, and perl warns of it at every start.
  return `exec /usr/bin/env LC_ALL=C ${options.sudo ? 'sudo -n ' : ''}perl -e '${PERL_LOADER}' -- ${words.join(' ')}`;
}

function rejectNul(text: string): void {
  if (text.includes('\0')) throw new Error('a remote command cannot contain a NUL byte');
}

/** A script line that lets `sh` find the standard tools where a login environment left them off its PATH. */
export const STANDARD_PATH = 'PATH="$PATH:/usr/local/bin:/usr/bin:/bin"';

/** The exit status of a shell that did not find the command. */
export const COMMAND_NOT_FOUND = 127;
/** The start of a command's stderr worth keeping to tell why it ended (see perlWasMissing). */
export const STDERR_HEAD_CHARS = 2048;
/** How shells and sudo say perl is missing when their exit status does not (csh and tcsh exit 1, so does sudo). */
const PERL_NOT_FOUND = /\bperl: (?:command )?not found|unknown command:? perl\b/i;

/** Whether a `perlCommand` ended because the host has no perl, from its exit status and the start of its stderr. */
export function perlWasMissing(exitCode: number | null, stderrHead: string): boolean {
  return exitCode === COMMAND_NOT_FOUND || PERL_NOT_FOUND.test(stderrHead);
}
