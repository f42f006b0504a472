import { describe, expect, it } from 'vitest';
import { followableMatches } from '../../../src/engine/fleet/glob-watcher';

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
