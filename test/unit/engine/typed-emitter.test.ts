import { describe, expect, it } from 'vitest';
import { TypedEmitter } from '../../../src/engine/typed-emitter';

interface Events {
  line: string;
  count: number;
}

describe('TypedEmitter', () => {
  it('delivers a payload synchronously to every listener of that event, in subscription order', () => {
    const emitter = new TypedEmitter<Events>();
    const seen: string[] = [];
    emitter.on('line', (line) => seen.push(`a:${line}`));
    emitter.on('line', (line) => seen.push(`b:${line}`));
    emitter.on('count', (n) => seen.push(`count:${n}`));
    emitter.emit('line', 'hello');
    expect(seen).toEqual(['a:hello', 'b:hello']);
    emitter.emit('count', 3);
    expect(seen).toEqual(['a:hello', 'b:hello', 'count:3']);
  });

  it('does nothing when an event has no listeners', () => {
    expect(() => new TypedEmitter<Events>().emit('count', 1)).not.toThrow();
  });

  it('stops delivering to a listener once its subscription is disposed, and leaves the others', () => {
    const emitter = new TypedEmitter<Events>();
    const seen: number[] = [];
    const first = emitter.on('count', (n) => seen.push(n));
    emitter.on('count', (n) => seen.push(n * 10));
    emitter.emit('count', 1);
    first.dispose();
    first.dispose();
    emitter.emit('count', 2);
    expect(seen).toEqual([1, 10, 20]);
  });

  it('lets a listener unsubscribe itself while the event is being delivered', () => {
    const emitter = new TypedEmitter<Events>();
    const seen: string[] = [];
    const once = emitter.on('line', (line) => {
      seen.push(`once:${line}`);
      once.dispose();
    });
    emitter.on('line', (line) => seen.push(`always:${line}`));
    emitter.emit('line', 'x');
    emitter.emit('line', 'y');
    expect(seen).toEqual(['once:x', 'always:x', 'always:y']);
  });
});
