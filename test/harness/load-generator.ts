import http from 'node:http';

/** What came back in one second (by the time the answer arrived). */
export interface SecondTally {
  sent: number;
  ok: number;
  /** HTTP 5xx answers. */
  serverErrors: number;
  /** No answer: connection refused, reset or timed out. */
  failed: number;
}

const PATHS = ['/checkout', '/cart', '/api/orders', '/api/orders/4711', '/static/app.js', '/api/payment'];

/**
 * An open-loop HTTP load generator: requests leave at the scheduled rate whatever the server's latency,
 * as users arrive, and the rate ramps linearly between two values. Answers are tallied per second.
 */
export class LoadGenerator {
  /** When the first 5xx answer arrived (epoch ms), or null. */
  firstServerErrorAt: number | null = null;
  private readonly seconds = new Map<number, SecondTally>();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private ramp = { from: 0, to: 0, startAt: 0, durationMs: 1 };
  private credit = 0;
  private lastTick = 0;
  private seq = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly port: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Sends `rps` requests a second from now on. */
  steady(rps: number): this {
    return this.rampTo(rps, 0, rps);
  }

  /** Ramps linearly from the current rate to `to` requests a second over `durationMs`, then holds it. */
  rampTo(to: number, durationMs: number, from = this.rate()): this {
    this.ramp = { from, to, startAt: this.now(), durationMs: Math.max(1, durationMs) };
    if (!this.timer) {
      this.lastTick = this.now();
      this.timer = setInterval(() => this.tick(), 10);
    }
    return this;
  }

  /** The scheduled rate now, in requests a second. */
  rate(at = this.now()): number {
    const { from, to, startAt, durationMs } = this.ramp;
    const share = Math.min(1, Math.max(0, (at - startAt) / durationMs));
    return from + (to - from) * share;
  }

  /** The tally of the second starting at `second` × 1000 ms. */
  tally(second: number): SecondTally {
    return this.seconds.get(second) ?? { sent: 0, ok: 0, serverErrors: 0, failed: 0 };
  }

  /** 5xx answers a second over the whole seconds in [from, to). */
  serverErrorsPerSec(from: number, to: number): number {
    const first = Math.ceil(from / 1000);
    const last = Math.floor(to / 1000);
    if (last <= first) return NaN;
    let sum = 0;
    for (let s = first; s < last; s++) sum += this.tally(s).serverErrors + this.tally(s).failed;
    return sum / (last - first);
  }

  /**
   * The start of the first whole second after `after` that begins `seconds` consecutive seconds with
   * fewer than `threshold` failed answers each (5xx or none), or null while there is none yet.
   */
  calmSince(after: number, threshold: number, seconds = 2): number | null {
    const current = Math.floor(this.now() / 1000);
    for (let s = Math.ceil(after / 1000); s + seconds <= current; s++) {
      let calm = true;
      for (let k = s; k < s + seconds && calm; k++) {
        const t = this.tally(k);
        calm = t.sent > 0 && t.serverErrors + t.failed < threshold;
      }
      if (calm) return s * 1000;
    }
    return null;
  }

  /** Stops sending and waits for the answers still due. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const deadline = this.now() + 6000;
    while (this.inFlight > 0 && this.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    this.agent.destroy();
  }

  private tick(): void {
    const now = this.now();
    this.credit += (this.rate(now) * (now - this.lastTick)) / 1000;
    this.lastTick = now;
    for (; this.credit >= 1; this.credit--) this.send();
  }

  private count(field: keyof SecondTally): void {
    const second = Math.floor(this.now() / 1000);
    const tally = this.seconds.get(second) ?? { sent: 0, ok: 0, serverErrors: 0, failed: 0 };
    tally[field]++;
    this.seconds.set(second, tally);
  }

  private send(): void {
    const path = PATHS[this.seq++ % PATHS.length];
    this.inFlight++;
    this.count('sent');
    let settled = false;
    const settle = (field: keyof SecondTally) => {
      if (settled) return;
      settled = true;
      this.inFlight--;
      this.count(field);
    };
    const req = http.get(
      {
        host: '127.0.0.1',
        port: this.port,
        path,
        agent: this.agent,
        timeout: 5000,
        headers: { 'user-agent': 'drill-load/1.0' },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 500) {
            this.firstServerErrorAt ??= this.now();
            settle('serverErrors');
          } else settle('ok');
        });
        res.on('error', () => settle('failed'));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', () => settle('failed'));
  }
}
