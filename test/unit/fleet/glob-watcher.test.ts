import { describe, expect, it } from 'vitest';
import { followableMatches, parseGlobOutput } from '../../../src/engine/fleet/glob-watcher';

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
