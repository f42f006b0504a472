/**
 * Fixed-size slots of one SharedArrayBuffer, lent by the thread that writes them to the thread that reads
 * them, and given back by number. The memory crosses once, when the worker starts: a buffer made or moved
 * per batch instead counts as external memory, which drives the garbage collector to collect more often.
 */
export class SharedSlots {
  readonly memory: SharedArrayBuffer;
  readonly slotBytes: number;
  private readonly free: number[] = [];

  /** `slotBytes` is rounded up to a multiple of 8, so that every slot can hold aligned columns. */
  constructor(
    slotBytes: number,
    readonly count: number,
    memory?: SharedArrayBuffer,
  ) {
    this.slotBytes = Math.ceil(slotBytes / 8) * 8;
    this.memory = memory ?? new SharedArrayBuffer(this.slotBytes * count);
    for (let slot = count - 1; slot >= 0; slot--) this.free.push(slot);
  }

  /** Slots not lent. */
  get available(): number {
    return this.free.length;
  }

  /** A free slot's number, or -1 when every slot is lent. */
  take(): number {
    return this.free.pop() ?? -1;
  }

  give(slot: number): void {
    this.free.push(slot);
  }

  offsetOf(slot: number): number {
    return slot * this.slotBytes;
  }

  view(slot: number, length = this.slotBytes): Uint8Array {
    return new Uint8Array(this.memory, this.offsetOf(slot), length);
  }
}
