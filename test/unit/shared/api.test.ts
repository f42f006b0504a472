import { describe, expect, it } from 'vitest';
import {
  eventNames,
  events,
  isEventName,
  isRequestName,
  parseRequestParams,
  requestNames,
  requests,
} from '../../../src/shared/api';

describe('the contract', () => {
  it('lists every request and every event by name', () => {
    expect([...requestNames].sort()).toEqual(Object.keys(requests).sort());
    expect([...eventNames].sort()).toEqual(Object.keys(events).sort());
    expect(requestNames).toContain('listProfiles');
    expect(requestNames).toContain('connect');
    expect(eventNames).toContain('hostStatus');
    expect(new Set(requestNames).size).toBe(requestNames.length);
  });

  it('recognises request names, and nothing else (not inherited members, other types or event names)', () => {
    for (const name of requestNames) expect(isRequestName(name)).toBe(true);
    for (const name of [
      '',
      'nope',
      'toString',
      'constructor',
      '__proto__',
      'hasOwnProperty',
      'LISTPROFILES',
    ]) {
      expect(isRequestName(name)).toBe(false);
    }
    for (const value of [undefined, null, 1, {}, ['listProfiles'], Symbol('connect')]) {
      expect(isRequestName(value)).toBe(false);
    }
    for (const name of eventNames)
      if (!Object.hasOwn(requests, name)) expect(isRequestName(name)).toBe(false);
  });

  it('recognises event names, and nothing else', () => {
    for (const name of eventNames) expect(isEventName(name)).toBe(true);
    for (const value of ['', 'toString', '__proto__', 'connect', undefined, 3, {}]) {
      if (typeof value === 'string' && Object.hasOwn(events, value)) continue;
      expect(isEventName(value)).toBe(false);
    }
  });
});

describe('parseRequestParams', () => {
  it('accepts valid parameters and returns them', () => {
    expect(parseRequestParams('listProfiles', {})).toEqual({});
    expect(parseRequestParams('connect', { profileFile: 'shop.yaml', environment: 'production' })).toEqual({
      profileFile: 'shop.yaml',
      environment: 'production',
    });
    expect(
      parseRequestParams('connect', {
        profileFile: 'shop.yml',
        environment: 'p',
        applications: ['checkout'],
      }),
    ).toEqual({ profileFile: 'shop.yml', environment: 'p', applications: ['checkout'] });
    expect(parseRequestParams('getStreamPage', { from: 0, count: 2000 })).toEqual({ from: 0, count: 2000 });
  });

  it('treats missing parameters as an empty object for requests that take none', () => {
    expect(parseRequestParams('listProfiles', undefined)).toEqual({});
    expect(parseRequestParams('getSession', null)).toEqual({});
    expect(parseRequestParams('disconnect', undefined)).toEqual({});
  });

  it('rejects a missing field, naming the request and the field', () => {
    expect(() => parseRequestParams('connect', { profileFile: 'shop.yaml' })).toThrow(
      /^invalid parameters for connect: environment: /,
    );
    expect(() => parseRequestParams('connect', undefined)).toThrow(/connect: .*profileFile: .*environment: /);
  });

  it('rejects a value of the wrong type or range, naming the request and the field', () => {
    expect(() => parseRequestParams('getStreamPage', { from: -1, count: 10 })).toThrow(
      /^invalid parameters for getStreamPage: from: /,
    );
    expect(() => parseRequestParams('getStreamPage', { from: 0, count: 2001 })).toThrow(
      /getStreamPage: count: /,
    );
    expect(() => parseRequestParams('getStreamPage', { from: 1.5, count: 1 })).toThrow(
      /getStreamPage: from: /,
    );
    expect(() => parseRequestParams('getStreamPage', { from: '0', count: 1 })).toThrow(
      /getStreamPage: from: /,
    );
    expect(() =>
      parseRequestParams('connect', { profileFile: 'shop.yaml', environment: 'p', applications: ['a', 7] }),
    ).toThrow(/connect: applications\.1: /);
  });

  it('rejects profile files that are not a plain .yaml name inside the profiles folder', () => {
    for (const profileFile of [
      '../etc/passwd.yaml',
      '/etc/shop.yaml',
      'sub/shop.yaml',
      'a\\b.yaml',
      'shop.txt',
      '',
    ]) {
      expect(() => parseRequestParams('connect', { profileFile, environment: 'p' }), profileFile).toThrow(
        /connect: profileFile: /,
      );
    }
  });

  it('rejects parameters that are not an object', () => {
    for (const params of [5, 'x', [], true]) {
      expect(() => parseRequestParams('getStreamPage', params)).toThrow(
        /^invalid parameters for getStreamPage: /,
      );
    }
  });

  it('drops unknown fields rather than passing them to the engine', () => {
    const parsed = parseRequestParams('getStreamPage', { from: 1, count: 2, evil: '$(id)' });
    expect(parsed).toEqual({ from: 1, count: 2 });
  });
});
