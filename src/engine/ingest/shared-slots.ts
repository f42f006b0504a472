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

/**
 * Slots of one SharedArrayBuffer that one thread takes and another gives back, with whether each is taken
 * kept in shared memory too: giving a slot back is a store, not a message. The parse worker's row slots
 * are given back as soon as the ingest thread has read them, also while no request goes the worker's way
 * (reading waits on a full backlog); handed back with requests instead, they ran out in a burst and most
 * rows travelled in fresh buffers.
 */
export class SharedSlotPool {
  readonly memory: SharedArrayBuffer;
  readonly slotBytes: number;
  /** 1 where a slot is taken. */
  readonly taken: Int32Array;
  /** Where the next search for a free slot starts: slots are taken round the pool. */
  private next = 0;

  /** `slotBytes` is rounded up to a multiple of 8, so that every slot can hold aligned columns. */
  constructor(
    slotBytes: number,
    readonly count: number,
    shared?: { memory: SharedArrayBuffer; taken: SharedArrayBuffer },
  ) {
    this.slotBytes = Math.ceil(slotBytes / 8) * 8;
    this.memory = shared?.memory ?? new SharedArrayBuffer(this.slotBytes * count);
    this.taken = new Int32Array(shared?.taken ?? new SharedArrayBuffer(4 * count));
  }

  /** A free slot's number, taken now, or -1 when every slot is taken. One thread only takes. */
  take(): number {
    for (let k = 0; k < this.count; k++) {
      const slot = (this.next + k) % this.count;
      if (Atomics.load(this.taken, slot) === 0) {
        Atomics.store(this.taken, slot, 1);
        this.next = (slot + 1) % this.count;
        return slot;
      }
    }
    return -1;
  }

  /** Gives a slot back, once its contents have been read. */
  give(slot: number): void {
    Atomics.store(this.taken, slot, 0);
  }

  offsetOf(slot: number): number {
    return slot * this.slotBytes;
  }
}
