import { describe, expect, it } from 'vitest';
import { keyHash } from '../../../src/engine/search/log-tokenizer';
import { TemplateAssigner } from '../../../src/engine/search/template-assigner';

const SEED = 12345;

/** Two different template keys with the same hash under SEED, found by a birthday search. */
function collidingKeys(): [string, string] {
  let state = 99;
  const random = () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 4_294_967_296;
  const word = () =>
    Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
  const seen = new Map<number, string>();
  for (;;) {
    const key = `${word()} ${word()}`;
    const hash = keyHash(key, SEED);
    const other = seen.get(hash);
    if (other !== undefined && other !== key) return [other, key];
    seen.set(hash, key);
  }
}

describe('TemplateAssigner', () => {
  it('tells apart templates whose keys share a hash, from bytes and from text', () => {
    const [a, b] = collidingKeys();
    expect(keyHash(a, SEED)).toBe(keyHash(b, SEED));
    const added: string[] = [];
    const assigner = new TemplateAssigner((_id, key) => added.push(key), SEED);
    const ascii = (message: string) => assigner.ascii(Buffer.from(message), 0, message.length);
    const idA = ascii(`${a.toUpperCase()} 42`);
    const idB = ascii(`${b} 7`);
    expect(idB).not.toBe(idA);
    expect(ascii(`${a} 1001`)).toBe(idA);
    expect(ascii(`${b} 9`)).toBe(idB);
    expect(assigner.text(`${b} 12`)).toBe(idB);
    expect(assigner.text(a)).toBe(idA);
    expect(added).toEqual([a, b]);
  });
});
