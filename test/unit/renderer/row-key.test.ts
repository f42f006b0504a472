import { describe, expect, it } from 'vitest';
import { messageHash, rowKeyOf, rowKeyText } from '../../../src/renderer/composables/row-key';

describe('row keys', () => {
  const row = {
    host: 'web-1',
    source: '/var/log/app.log',
    ts: 1_700_000_000_000,
    message: 'payment declined',
  };

  it('identifies a line by host, source, time and a hash of its message', () => {
    const key = rowKeyOf(row);
    expect(key).toEqual({
      host: 'web-1',
      source: '/var/log/app.log',
      ts: 1_700_000_000_000,
      messageHash: messageHash('payment declined'),
    });
    expect(key.messageHash).toMatch(/^[0-9a-f]{8}$/);
  });

  it('tells different messages, hosts and times apart', () => {
    const text = rowKeyText(rowKeyOf(row));
    expect(rowKeyText(rowKeyOf({ ...row, message: 'payment declined!' }))).not.toBe(text);
    expect(rowKeyText(rowKeyOf({ ...row, host: 'web-2' }))).not.toBe(text);
    expect(rowKeyText(rowKeyOf({ ...row, ts: row.ts + 1 }))).not.toBe(text);
    expect(rowKeyText(rowKeyOf({ ...row }))).toBe(text);
  });

  it('hashes like FNV-1a', () => {
    expect(messageHash('')).toBe('811c9dc5');
    expect(messageHash('a')).toBe('e40c292c');
  });
});
