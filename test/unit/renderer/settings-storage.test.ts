import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  effectiveTheme,
  parseSettings,
  withRecent,
} from '../../../src/renderer/stores/settings-storage';
import { orderProfiles, searchProfiles } from '../../../src/renderer/stores/profile-order';
import type { ProfileSummary } from '../../../src/shared/api';

describe('stored settings', () => {
  it('reads what was written', () => {
    const settings = {
      theme: 'light',
      watchedProfiles: ['shop.yaml'],
      recentProfiles: ['a.yaml', 'b.yaml'],
      panelSizes: { editor: 640 },
    };
    expect(parseSettings(JSON.stringify(settings))).toEqual(settings);
  });

  it('falls back to defaults for missing, malformed or foreign values', () => {
    expect(parseSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('{not json')).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('[1,2]')).toEqual(DEFAULT_SETTINGS);
    expect(
      parseSettings(
        JSON.stringify({
          theme: 'purple',
          watchedProfiles: 'shop.yaml',
          recentProfiles: [1, 'a.yaml', 'a.yaml'],
          panelSizes: { a: -1, b: 'wide', c: 300 },
        }),
      ),
    ).toEqual({ theme: 'system', watchedProfiles: [], recentProfiles: ['a.yaml'], panelSizes: { c: 300 } });
  });

  it('keeps recent profiles newest first, without repeats, and short', () => {
    expect(withRecent(['a.yaml', 'b.yaml'], 'b.yaml')).toEqual(['b.yaml', 'a.yaml']);
    let recent: string[] = [];
    for (let i = 0; i < 20; i++) recent = withRecent(recent, `${i}.yaml`);
    expect(recent).toHaveLength(8);
    expect(recent[0]).toBe('19.yaml');
  });

  it('follows the system unless a theme was chosen', () => {
    expect(effectiveTheme('system', true)).toBe('dark');
    expect(effectiveTheme('system', false)).toBe('light');
    expect(effectiveTheme('light', true)).toBe('light');
    expect(effectiveTheme('dark', false)).toBe('dark');
  });
});

describe('profile order and search', () => {
  const profile = (file: string, environments: string[] = ['production']): ProfileSummary => ({
    file,
    name: file.replace('.yaml', ''),
    environments: environments.map((name) => ({ name, hosts: [], applications: [] })),
    modifiedAt: 0,
  });
  const listed = [profile('newest.yaml'), profile('shop.yaml', ['staging']), profile('payments.yaml')];

  it('puts recently connected profiles first, then the folder order', () => {
    expect(orderProfiles(listed, ['payments.yaml', 'gone.yaml']).map((p) => p.file)).toEqual([
      'payments.yaml',
      'newest.yaml',
      'shop.yaml',
    ]);
    expect(orderProfiles(listed, []).map((p) => p.file)).toEqual([
      'newest.yaml',
      'shop.yaml',
      'payments.yaml',
    ]);
  });

  it('searches names, files and environments', () => {
    expect(searchProfiles(listed, 'pay').map((p) => p.file)).toEqual(['payments.yaml']);
    expect(searchProfiles(listed, 'staging').map((p) => p.file)).toEqual(['shop.yaml']);
    expect(searchProfiles(listed, ' ')).toHaveLength(3);
  });
});
