import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { perlCommand, posixCommand } from '../../../src/engine/fleet/remote-shell';

/** Login shells a host may give its users: sshd runs every command with `SHELL -c COMMAND`. */
const LOGIN_SHELLS = ['/bin/sh', '/bin/bash', '/usr/bin/zsh', '/usr/bin/fish', '/usr/bin/tcsh', '/bin/csh'];
const present = LOGIN_SHELLS.filter((shell) => existsSync(shell));
for (const shell of LOGIN_SHELLS.filter((s) => !present.includes(s)))
  console.warn(`[skip] ${shell} is not installed`);

/** Every byte but NUL, as text: what a shell might choke on, in one string. */
const EVERY_CHARACTER =
  Array.from({ length: 127 }, (_, i) => String.fromCharCode(i + 1)).join('') + 'é 日本 🚀 \u00ff';
const HOSTILE = [
  'it\'s !1 !! !$ \\ \\\\ \\\' "x"',
  '$(touch canary) `touch canary2` ${HOME} $((1+1)) %s %% %b',
  'a\nb\r\n\ttab; touch canary3 | cat > canary4 && echo & ~ * ? [a] {b,c} # no comment',
  '-n',
  '--',
  '',
  EVERY_CHARACTER,
];

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Runs a command as sshd does, with the login shell, in an empty folder; returns stdout and what is in the folder. */
function asLoginShell(shell: string, command: string): { stdout: string; files: string[] } {
  const [cwd, home] = [
    mkdtempSync(path.join(tmpdir(), 'wf-remote-shell-')),
    mkdtempSync(path.join(tmpdir(), 'wf-home-')),
  ];
  dirs.push(cwd, home);
  // A HOME of its own: fish writes its settings there.
  const stdout = execFileSync(shell, ['-c', command], {
    cwd,
    env: { PATH: process.env.PATH, HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { stdout: stdout.toString('utf8'), files: readdirSync(cwd) };
}

describe.each(present)('under the login shell %s', (shell) => {
  it('posixCommand runs the script with /bin/sh, every character as written', () => {
    for (const text of HOSTILE) {
      const script = `printf '%s' "$1" >/dev/null; cat <<'WF_END'\n${text}\nWF_END\n[ "$(readlink /proc/$$/exe)" != "" ] && echo "sh:$0"`;
      const { stdout, files } = asLoginShell(shell, posixCommand(script));
      expect(stdout).toBe(`${text}\nsh:/bin/sh\n`);
      expect(files).toEqual([]);
    }
  });

  it('posixCommand keeps multi-line scripts, loops and exit statuses', () => {
    const script = 'i=0\nwhile [ $i -lt 3 ]; do\n  printf "%s," "$i"\n  i=$((i+1))\ndone\n! false && echo ok';
    expect(asLoginShell(shell, posixCommand(script)).stdout).toBe('0,1,2,ok\n');
    expect(() => asLoginShell(shell, posixCommand('exit 3'))).toThrow(expect.objectContaining({ status: 3 }));
  });

  it('perlCommand hands the program its arguments exactly, empty ones included', () => {
    const program = 'print join("\\0", map { "<$_>" } @ARGV), "\\n"; exit(@ARGV == 7 ? 0 : 9);';
    const { stdout, files } = asLoginShell(shell, perlCommand(program, HOSTILE));
    expect(stdout).toBe(HOSTILE.map((text) => `<${text}>`).join('\0') + '\n');
    expect(files).toEqual([]);
  });

  it("perlCommand reports the program's compile errors and exit status", () => {
    expect(() => asLoginShell(shell, perlCommand('exit 4;', []))).toThrow(
      expect.objectContaining({ status: 4 }),
    );
    expect(() => asLoginShell(shell, perlCommand('use strict; $undeclared = 1;', []))).toThrow(
      /Global symbol "\$undeclared"/,
    );
  });
});

describe('remote commands', () => {
  it('refuse a NUL byte, which no command line can carry', () => {
    expect(() => posixCommand('echo a\0b')).toThrow(/NUL/);
    expect(() => perlCommand('1', ['a\0b'])).toThrow(/NUL/);
  });

  it('use sudo -n (never prompting) only when asked', () => {
    expect(perlCommand('1', [], { sudo: true })).toMatch(/^exec \/usr\/bin\/env LC_ALL=C sudo -n perl -e '/);
    expect(perlCommand('1', [])).toMatch(/^exec \/usr\/bin\/env LC_ALL=C perl -e '/);
  });
});
