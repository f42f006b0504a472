import { describe, expect, it } from 'vitest';
import { DisposableStore, toDisposable } from '../../../src/engine/disposable';

describe('toDisposable', () => {
  it('releases once, however often it is disposed', () => {
    let releases = 0;
    const d = toDisposable(() => releases++);
    d.dispose();
    d.dispose();
    expect(releases).toBe(1);
  });
});

describe('DisposableStore', () => {
  it('releases everything it owns, newest first, exactly once', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    for (const name of ['connection', 'channel', 'timer']) store.add(toDisposable(() => order.push(name)));
    expect(store.size).toBe(3);
    store.dispose();
    store.dispose();
    expect(order).toEqual(['timer', 'channel', 'connection']);
    expect(store.isDisposed).toBe(true);
    expect(store.size).toBe(0);
  });

  it('returns what it adds, so a resource is owned the moment it is made', () => {
    const store = new DisposableStore();
    const item = { dispose: () => undefined, name: 'x' };
    expect(store.add(item)).toBe(item);
  });

  it('releases at once anything added after it was disposed', () => {
    const store = new DisposableStore();
    store.dispose();
    let released = false;
    store.add(toDisposable(() => (released = true)));
    expect(released).toBe(true);
    expect(store.size).toBe(0);
  });

  it('delete releases one item now and forgets it', () => {
    const released: string[] = [];
    const store = new DisposableStore();
    const a = store.add(toDisposable(() => released.push('a')));
    store.add(toDisposable(() => released.push('b')));
    store.delete(a);
    expect(released).toEqual(['a']);
    expect(store.size).toBe(1);
    store.dispose();
    expect(released).toEqual(['a', 'b']);
  });

  it('releases nested stores with their owner', () => {
    const released: string[] = [];
    const outer = new DisposableStore();
    const inner = outer.add(new DisposableStore());
    inner.add(toDisposable(() => released.push('inner')));
    outer.add(toDisposable(() => released.push('outer')));
    outer.dispose();
    expect(released).toEqual(['outer', 'inner']);
    expect(inner.isDisposed).toBe(true);
  });
});
