import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildGlobCommand,
  buildShellGlobCommand,
  followableMatches,
  parseGlobOutput,
} from '../../../src/engine/fleet/glob-watcher';

describe('followableMatches', () => {
  const listed = [
    '/var/log/nginx/access.log',
    '/var/log/nginx/access.log.1',
    '/var/log/nginx/access.log.2.gz',
    '/var/log/nginx/access.log-20261201.xz',
    '/var/log/nginx/access.log.3.zst',
    '/var/log/nginx/access.log.gzip-notes',
  ];

  it('skips compressed rotated files that a pattern such as access.log* also matches', () => {
    expect(followableMatches('/var/log/nginx/access.log*', listed)).toEqual([
      '/var/log/nginx/access.log',
      '/var/log/nginx/access.log.1',
      '/var/log/nginx/access.log.gzip-notes',
    ]);
  });

  it('keeps them when the pattern names compressed files itself', () => {
    expect(followableMatches('/var/log/nginx/*.gz', listed)).toEqual(listed);
  });
});

describe('parseGlobOutput', () => {
  it('reads inode, first bytes and any name, an empty file included', () => {
    const output =
      '12 6c696e65 /var/log/a b.log\0' + '13  /var/log/empty.log\0' + '14 0a /var/log/new\nline.log\0';
    expect(parseGlobOutput(output)).toEqual([
      { inode: '12', head: '6c696e65', path: '/var/log/a b.log' },
      { inode: '13', head: '', path: '/var/log/empty.log' },
      { inode: '14', head: '0a', path: '/var/log/new\nline.log' },
    ]);
  });
});

describe('the glob command without perl, run by a real /bin/sh', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'glob-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** Runs a command as sshd does, `sh -c COMMAND`, with the PATH given. */
  const listed = (command: string, PATH: string) =>
    parseGlobOutput(
      execFileSync('/bin/sh', ['-c', command], { env: { PATH }, cwd: root }).toString('utf8'),
    ).sort((a, b) => a.path.localeCompare(b.path));

  it('lists what the perl one lists: inodes, first bytes, hostile names; no directories; no code runs', () => {
    const dir = path.join(root, "logs $(touch canary) 'q'");
    mkdirSync(dir);
    mkdirSync(path.join(dir, 'sub.log'));
    const files: Record<string, string> = {
      'a b.log': 'line one\n',
      'empty.log': '',
      'new\nline.log': 'x'.repeat(100),
      '`touch canary2`.log': '\u0000\u00ff',
      'other.txt': 'not matched',
    };
    for (const [name, content] of Object.entries(files))
      writeFileSync(path.join(dir, name), content, 'latin1');
    const pattern = path.join(dir, '*.log');
    const withoutPerl = listed(buildShellGlobCommand(pattern), '/nonexistent');
    expect(withoutPerl).toEqual(listed(buildGlobCommand(pattern), process.env.PATH ?? '/usr/bin:/bin'));
    expect(withoutPerl).toEqual(
      ['`touch canary2`.log', 'a b.log', 'empty.log', 'new\nline.log']
        .map((name) => path.join(dir, name))
        .sort((a, b) => a.localeCompare(b))
        .map((file) => ({
          path: file,
          inode: String(statSync(file).ino),
          head: Buffer.from(files[path.basename(file)], 'latin1').subarray(0, 64).toString('hex'),
        })),
    );
    expect(readdirSync(root)).toEqual([path.basename(dir)]);
  });

  it('lists nothing for a pattern that matches nothing', () => {
    expect(listed(buildShellGlobCommand(path.join(root, 'none-*.log')), '/nonexistent')).toEqual([]);
  });
});
