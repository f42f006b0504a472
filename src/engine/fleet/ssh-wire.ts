/** Reads SSH wire-format fields (RFC 4251 §5) in order, throwing a named error on a truncated buffer. */
export class SshWireReader {
  private at = 0;

  constructor(
    private readonly bytes: Buffer,
    /** What is being read, for errors: "host certificate", "server packet". */
    private readonly what: string,
  ) {}

  get done(): boolean {
    return this.at === this.bytes.length;
  }

  byte(): number {
    this.need(1);
    return this.bytes[this.at++];
  }

  uint32(): number {
    this.need(4);
    const value = this.bytes.readUInt32BE(this.at);
    this.at += 4;
    return value;
  }

  uint64(): bigint {
    this.need(8);
    const value = this.bytes.readBigUInt64BE(this.at);
    this.at += 8;
    return value;
  }

  string(): Buffer {
    const length = this.uint32();
    this.need(length);
    const value = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return value;
  }

  text(): string {
    return this.string().toString('utf8');
  }

  /** A comma-separated name-list. */
  nameList(): string[] {
    const text = this.string().toString('latin1');
    return text === '' ? [] : text.split(',');
  }

  /** The bytes from `start` to where reading has come. */
  since(start: number): Buffer {
    return this.bytes.subarray(start, this.at);
  }

  private need(n: number): void {
    if (this.at + n > this.bytes.length)
      throw new Error(`${this.what} is truncated (needs ${n} more byte(s) at offset ${this.at})`);
  }
}

/** Writes SSH wire-format fields. */
export class SshWireWriter {
  private readonly parts: Buffer[] = [];

  byte(value: number): this {
    this.parts.push(Buffer.from([value]));
    return this;
  }

  uint32(value: number): this {
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32BE(value);
    this.parts.push(bytes);
    return this;
  }

  raw(bytes: Buffer): this {
    this.parts.push(bytes);
    return this;
  }

  string(value: Buffer | string): this {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
    return this.uint32(bytes.length).raw(bytes);
  }

  nameList(names: readonly string[]): this {
    return this.string(names.join(','));
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}
