/**
 * Realistic application log lines for the benchmark: ISO-8601 stamp, level, [thread], and messages drawn
 * from a few dozen templates with request ids, numbers, key=value pairs and user names (about 120 bytes
 * on average; 3% errors, 7% warnings). Deterministic for a given seed.
 */
export class BenchLines {
  private state: number;

  constructor(
    readonly host: string,
    seed: number,
  ) {
    this.state = seed >>> 0 || 1;
  }

  line(ts: number): string {
    const r = this.next();
    const level = r < 0.03 ? 'ERROR' : r < 0.1 ? 'WARN' : r < 0.2 ? 'DEBUG' : 'INFO';
    const app = APPS[this.int(APPS.length)];
    return `${new Date(ts).toISOString()} ${level} [${app}-${this.int(8)}] ${this.message(level)}`;
  }

  /** `count` lines with timestamps spread evenly over [from, to), newline-terminated. */
  block(count: number, from: number, to: number): string {
    const step = (to - from) / count;
    const lines = new Array<string>(count);
    for (let i = 0; i < count; i++) lines[i] = this.line(from + Math.floor(i * step));
    return `${lines.join('\n')}\n`;
  }

  private message(level: string): string {
    const id = `${this.hex(8)}-${this.hex(4)}-${this.hex(4)}`;
    const user = USERS[this.int(USERS.length)];
    const table = TABLES[this.int(TABLES.length)];
    switch (level) {
      case 'ERROR':
        switch (this.int(4)) {
          case 0:
            return `upstream timeout after ${1000 + this.int(4000)}ms calling inventory table=${table} req_id=${id}`;
          case 1:
            return `connection refused by db-${this.int(4)}:5432, retrying in ${this.int(900)}ms req_id=${id}`;
          case 2:
            return `payment declined code=card_declined amount=${this.int(50000) / 100} user=${user} req_id=${id}`;
          default:
            return `unhandled exception in handler /api/${table} status=500 req_id=${id}`;
        }
      case 'WARN':
        switch (this.int(3)) {
          case 0:
            return `slow query took=${500 + this.int(3000)}ms table=${table} rows=${this.int(10000)} req_id=${id}`;
          case 1:
            return `retrying request attempt=${1 + this.int(3)} backend=pool-${this.int(8)} req_id=${id}`;
          default:
            return `cache miss ratio=0.${this.int(99)} evicting ${this.int(5000)} keys from ${table}`;
        }
      case 'DEBUG':
        return `worker ${this.int(16)} heartbeat queue=${this.int(200)} inflight=${this.int(64)} gc_pause=${this.int(30)}ms`;
      default:
        switch (this.int(5)) {
          case 0:
            return `GET /api/${table}/${this.int(1_000_000)} status=200 took=${this.int(300)}ms req_id=${id} user=${user}`;
          case 1:
            return `POST /api/${table} status=201 took=${this.int(500)}ms bytes=${this.int(90000)} req_id=${id}`;
          case 2:
            return `user ${user} logged in from 10.${this.int(256)}.${this.int(256)}.${this.int(256)} session=${this.hex(12)}`;
          case 3:
            return `order ${this.int(10_000_000)} shipped carrier=${CARRIERS[this.int(CARRIERS.length)]} items=${1 + this.int(9)} user=${user}`;
          default:
            return `cache hit key=${table}:${this.hex(6)} ratio=0.${this.int(99)} size=${this.int(4096)}`;
        }
    }
  }

  private next(): number {
    // mulberry32
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  private int(n: number): number {
    return Math.floor(this.next() * n);
  }

  private hex(digits: number): string {
    let out = '';
    while (out.length < digits)
      out += Math.floor(this.next() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    return out.slice(0, digits);
  }
}

const APPS = ['checkout', 'payments', 'inventory', 'gateway'];
const TABLES = ['orders', 'payments', 'items', 'carts', 'users', 'invoices', 'shipments', 'coupons'];
const CARRIERS = ['dhl', 'ups', 'fedex', 'postnl', 'colissimo'];
const SYLLABLES = [
  'ka',
  'ri',
  'mo',
  'ta',
  'ne',
  'lu',
  'so',
  'vi',
  'da',
  'pe',
  'jo',
  'xi',
  'ba',
  'fe',
  'gu',
  'ha',
];
/** 256 user names made of letters only, so each is an index term (and a template of its own). */
const USERS = Array.from(
  { length: 256 },
  (_, i) => SYLLABLES[i % 16] + SYLLABLES[(i >> 4) % 16] + SYLLABLES[(i * 7) % 16],
);
