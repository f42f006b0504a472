/**
 * Quotes one argument for a POSIX shell: single quotes, with embedded quotes closed, escaped and reopened.
 * Every profile field that reaches a remote command goes through here.
 */
export function shellQuote(arg: string): string {
  if (arg.includes('\0')) throw new Error('a shell argument cannot contain a NUL byte');
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
