// Log text made safe to show: a pure parser from a raw message to styled text pieces. Nothing here
// produces HTML; pieces are rendered by text interpolation only. SGR colour sequences become styles,
// every other escape sequence (OSC 8 links, OSC 52 clipboard writes, title changes, cursor movement)
// becomes a visible placeholder, control characters and bidi overrides are shown, not obeyed.

/** One run of text with one look. `kind` says what the run stands for. */
export interface TextPiece {
  text: string;
  kind: 'text' | 'control' | 'escape' | 'bidi' | 'link' | 'truncated';
  /** Class names from a fixed set: ansi-fg-N, ansi-bg-N (N 0..15), ansi-bold, ansi-dim, … */
  classes?: string;
  /** Inline colours for 256-colour and true-colour SGR: only `color:#rrggbb` / `background-color:#rrggbb`. */
  style?: string;
  /** What a placeholder stands for, or a link's address. */
  title?: string;
  /** For links: the http(s) address, opened only after the operator confirms. */
  href?: string;
}

export interface RenderOptions {
  /** Characters of the message to read; the rest is reported by a `truncated` piece. */
  maxChars?: number;
  /** Newlines as a visible ↵ (rows) or kept as line breaks (expanded view). */
  newlines?: 'glyph' | 'break';
}

interface SgrState {
  fg: number | string | null;
  bg: number | string | null;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
  inverse: boolean;
}

const ESC = '\x1b';
/** Everything that is not shown as itself: controls (but tab), DEL, C1 controls, bidi controls. */
const SPECIAL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`\u0000-\u001f\u007f-\u009f]+/g;
const OSC_NAMES: Record<string, string> = {
  '0': 'title change',
  '1': 'icon title change',
  '2': 'title change',
  '4': 'palette change',
  '7': 'working directory',
  '8': 'hyperlink',
  '9': 'notification',
  '52': 'clipboard write',
  '777': 'notification',
};

function plainState(): SgrState {
  return {
    fg: null,
    bg: null,
    bold: false,
    dim: false,
    italic: false,
    underline: false,
    strike: false,
    inverse: false,
  };
}

/** Turns a raw log message into safe pieces. */
export function renderLogText(raw: string, options: RenderOptions = {}): TextPiece[] {
  const maxChars = options.maxChars ?? Infinity;
  const text = raw.length > maxChars ? raw.slice(0, maxChars) : raw;
  const pieces: TextPiece[] = [];
  let state = plainState();
  let run = '';
  const flush = (): void => {
    if (run === '') return;
    pushText(pieces, run, state);
    run = '';
  };
  const mark = (kind: TextPiece['kind'], shown: string, title: string): void => {
    flush();
    pieces.push({ text: shown, kind, title });
  };

  const special = new RegExp(SPECIAL.source, 'g');
  let i = 0;
  while (i < text.length) {
    special.lastIndex = i;
    const found = special.exec(text);
    if (found === null) {
      run += text.slice(i);
      break;
    }
    if (found.index > i) run += text.slice(i, found.index);
    i = found.index;
    const c = text[i];
    const code = c.charCodeAt(0);
    if (c === ESC) {
      const escape = readEscape(text, i);
      if (escape.sgr !== null) {
        flush();
        state = applySgr(state, escape.sgr);
      } else {
        mark('escape', escape.shown, escape.title);
      }
      i = escape.end;
      continue;
    }
    if (c === '\n') {
      if (options.newlines === 'break') run += '\n';
      else mark('control', '↵', 'line break');
      i++;
      continue;
    }
    if (code < 0x20) {
      mark('control', escaped(code), `control character ${hex(code)}`);
      i++;
      continue;
    }
    if (code === 0x7f) {
      mark('control', escaped(code), 'control character 0x7F (delete)');
      i++;
      continue;
    }
    if (code >= 0x80 && code <= 0x9f) {
      mark('control', escaped(code), `C1 control character ${hex(code)}`);
      i++;
      continue;
    }
    // What is left of SPECIAL: a bidirectional control.
    const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    mark('bidi', `⟨${name}⟩`, `bidirectional control ${name}, not applied`);
    i++;
  }
  flush();
  if (raw.length > text.length) {
    pieces.push({
      text: `… ${(raw.length - text.length).toLocaleString('en-US')} more characters`,
      kind: 'truncated',
      title: `the line has ${raw.length.toLocaleString('en-US')} characters`,
    });
  }
  return pieces;
}

/**
 * True when renderLogText gives the text back whole as one plain piece (no escape, control or bidi
 * character, no link, nothing cut): it can be drawn as a text node. May say false for plain text.
 */
export function isPlainLogText(raw: string, maxChars = Infinity): boolean {
  return raw.length <= maxChars && !raw.includes('http') && !SPECIAL.test(raw);
}

/** Text with the escape sequences and control characters replaced as the pieces show them. */
export function plainLogText(raw: string, options: RenderOptions = {}): string {
  return renderLogText(raw, options)
    .filter((p) => p.kind !== 'truncated')
    .map((p) => p.text)
    .join('');
}

/** How a control character is shown: `\x07`, in every font (control pictures are missing from many). */
function escaped(code: number): string {
  return `\\x${code.toString(16).padStart(2, '0')}`;
}

function hex(code: number): string {
  return `0x${code.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** Splits a plain run into text and http(s) link pieces, all with the current style. */
function pushText(pieces: TextPiece[], run: string, state: SgrState): void {
  const look = lookOf(state);
  let last = 0;
  for (const match of run.matchAll(URL_PATTERN)) {
    const url = trimUrl(match[0]);
    const at = match.index;
    if (at > last) pieces.push({ text: run.slice(last, at), kind: 'text', ...look });
    pieces.push({ text: url, kind: 'link', href: url, title: `${url} (asks before opening)`, ...look });
    last = at + url.length;
  }
  if (last < run.length) pieces.push({ text: run.slice(last), kind: 'text', ...look });
}

/** Punctuation that ends a sentence is not part of the address. */
function trimUrl(url: string): string {
  let end = url.length;
  while (end > 0 && '.,;:!?)]}'.includes(url[end - 1])) {
    const ch = url[end - 1];
    if (ch === ')' && url.slice(0, end).split('(').length > url.slice(0, end).split(')').length - 1) break;
    end--;
  }
  return url.slice(0, end);
}

interface Escape {
  end: number;
  /** SGR parameters when the sequence is `ESC [ … m`; null for anything else. */
  sgr: number[] | null;
  shown: string;
  title: string;
}

/** Reads one escape sequence starting at `start` (an ESC). Unterminated sequences end at the text's end. */
function readEscape(text: string, start: number): Escape {
  const next = text[start + 1];
  if (next === '[') {
    let i = start + 2;
    while (i < text.length && /[0-9:;<=>?]/.test(text[i])) i++;
    while (i < text.length && /[ -/]/.test(text[i])) i++;
    const final = text[i];
    const body = text.slice(start + 2, i);
    if (final === undefined) return placeholder(i, '\\x1b[', 'unterminated control sequence');
    if (final === 'm' && /^[0-9;:]*$/.test(body)) {
      return {
        end: i + 1,
        sgr: body.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p))),
        shown: '',
        title: '',
      };
    }
    return placeholder(
      i + 1,
      `\\x1b[${visible(body)}${visible(final)}`,
      'terminal control sequence, not applied',
    );
  }
  if (next === ']') {
    // OSC: ESC ] Ps ; Pt, ended by BEL or ST (ESC \).
    let i = start + 2;
    while (i < text.length && text[i] !== '\x07' && !(text[i] === ESC && text[i + 1] === '\\')) i++;
    const end = i >= text.length ? i : text[i] === '\x07' ? i + 1 : i + 2;
    const body = text.slice(start + 2, i);
    const number = /^\d+/.exec(body)?.[0] ?? '?';
    const what = OSC_NAMES[number] ?? 'operating system command';
    return placeholder(end, `⟨OSC ${number}: ${what}⟩`, `${what}, removed`);
  }
  if (next === 'P' || next === '_' || next === '^' || next === 'X') {
    let i = start + 2;
    while (i < text.length && !(text[i] === ESC && text[i + 1] === '\\')) i++;
    return placeholder(Math.min(text.length, i + 2), `⟨ESC ${next}…⟩`, 'terminal string command, removed');
  }
  if (next === undefined) return placeholder(start + 1, '\\x1b', 'escape character');
  return placeholder(start + 2, `\\x1b${visible(next)}`, 'terminal escape, not applied');
}

function placeholder(end: number, shown: string, title: string): Escape {
  return { end, sgr: null, shown, title };
}

/** A character of an escape's body, shown visibly when it is itself a control character. */
function visible(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => escaped(c.charCodeAt(0)));
}

function applySgr(previous: SgrState, params: number[]): SgrState {
  const state = { ...previous };
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p === 0) Object.assign(state, plainState());
    else if (p === 1) state.bold = true;
    else if (p === 2) state.dim = true;
    else if (p === 3) state.italic = true;
    else if (p === 4) state.underline = true;
    else if (p === 7) state.inverse = true;
    else if (p === 9) state.strike = true;
    else if (p === 22) state.bold = state.dim = false;
    else if (p === 23) state.italic = false;
    else if (p === 24) state.underline = false;
    else if (p === 27) state.inverse = false;
    else if (p === 29) state.strike = false;
    else if (p >= 30 && p <= 37) state.fg = p - 30;
    else if (p >= 90 && p <= 97) state.fg = p - 90 + 8;
    else if (p === 39) state.fg = null;
    else if (p >= 40 && p <= 47) state.bg = p - 40;
    else if (p >= 100 && p <= 107) state.bg = p - 100 + 8;
    else if (p === 49) state.bg = null;
    else if (p === 38 || p === 48) {
      const colour = extendedColour(params, i + 1);
      if (colour) {
        if (p === 38) state.fg = colour.value;
        else state.bg = colour.value;
        i = colour.next - 1;
      } else {
        break;
      }
    }
  }
  return state;
}

/** `5;n` (256 colours) or `2;r;g;b` (true colour) after 38/48. */
function extendedColour(params: number[], at: number): { value: number | string; next: number } | null {
  if (params[at] === 5 && at + 1 < params.length) {
    const n = params[at + 1];
    if (!(n >= 0 && n <= 255)) return null;
    return { value: n < 16 ? n : palette256(n), next: at + 2 };
  }
  if (params[at] === 2 && at + 3 < params.length) {
    const rgb = params.slice(at + 1, at + 4);
    if (rgb.some((v) => !(v >= 0 && v <= 255))) return null;
    return { value: toHex(rgb[0], rgb[1], rgb[2]), next: at + 4 };
  }
  return null;
}

function palette256(n: number): string {
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return toHex(v, v, v);
  }
  const i = n - 16;
  const level = (x: number) => (x === 0 ? 0 : 55 + x * 40);
  return toHex(level(Math.floor(i / 36)), level(Math.floor(i / 6) % 6), level(i % 6));
}

function toHex(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

function lookOf(state: SgrState): Pick<TextPiece, 'classes' | 'style'> {
  const fg = state.inverse ? state.bg : state.fg;
  const bg = state.inverse ? state.fg : state.bg;
  const classes: string[] = [];
  const styles: string[] = [];
  if (typeof fg === 'number') classes.push(`ansi-fg-${fg}`);
  else if (typeof fg === 'string') styles.push(`color:${fg}`);
  if (typeof bg === 'number') classes.push(`ansi-bg-${bg}`);
  else if (typeof bg === 'string') styles.push(`background-color:${bg}`);
  if (state.inverse && fg === null) classes.push('ansi-inverse-fg');
  if (state.inverse && bg === null) classes.push('ansi-inverse-bg');
  if (state.bold) classes.push('ansi-bold');
  if (state.dim) classes.push('ansi-dim');
  if (state.italic) classes.push('ansi-italic');
  if (state.underline) classes.push('ansi-underline');
  if (state.strike) classes.push('ansi-strike');
  return {
    ...(classes.length ? { classes: classes.join(' ') } : {}),
    ...(styles.length ? { style: styles.join(';') } : {}),
  };
}
