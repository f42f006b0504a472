import type { Redactor } from './redactor';

const RULE = 'private-key';
const REPLACEMENT = `[REDACTED:${RULE}]`;
/** A key block's base64 body lines, its PEM headers ("Proc-Type: 4,ENCRYPTED") and blank lines. */
const KEY_BODY = /^\s*(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z-]+: \S*)?\s*$/;
const END = /-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;

/**
 * Private key blocks normally arrive as one multi-line event, which the `private-key` rule replaces whole.
 * When a block is split across events (a log that stamps every line, a join cut short), this follows each
 * stream: after a BEGIN without its END, the body lines that follow are replaced too, up to the END line.
 */
export class KeyBlockTracker {
  private readonly open = new Set<string>();

  constructor(private readonly redactor: Redactor) {}

  /** `original` is the event's text, `redacted` what the rules made of it; returns the text to keep. */
  follow(host: string, source: string, original: string, redacted: string): string {
    // An unterminated block is always changed by the rules, so unchanged text needs no look unless a block is open.
    if (this.open.size === 0 && redacted === original) return redacted;
    const stream = `${host}\u0000${source}`;
    if (this.open.has(stream)) {
      const end = END.exec(original);
      if (end) {
        this.open.delete(stream);
        this.redactor.record(RULE);
        return REPLACEMENT + this.redactor.redact(original.slice(end.index + end[0].length));
      }
      if (KEY_BODY.test(original)) {
        this.redactor.record(RULE);
        return REPLACEMENT;
      }
      this.open.delete(stream);
    }
    if (
      original.includes('PRIVATE KEY') &&
      original.lastIndexOf('-----BEGIN') > original.lastIndexOf('-----END')
    ) {
      this.open.add(stream);
    }
    return redacted;
  }
}
