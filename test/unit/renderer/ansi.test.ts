import { describe, expect, it } from 'vitest';
import { isPlainLogText, plainLogText, renderLogText } from '../../../src/renderer/composables/ansi';

describe('renderLogText', () => {
  it('keeps plain text as one text piece', () => {
    expect(renderLogText('GET /health 200')).toEqual([{ text: 'GET /health 200', kind: 'text' }]);
  });

  it('turns SGR colours into classes and resets them', () => {
    const pieces = renderLogText('\x1b[31mred\x1b[0m plain \x1b[1;92mbright\x1b[m');
    expect(pieces).toEqual([
      { text: 'red', kind: 'text', classes: 'ansi-fg-1' },
      { text: ' plain ', kind: 'text' },
      { text: 'bright', kind: 'text', classes: 'ansi-fg-10 ansi-bold' },
    ]);
  });

  it('reads 256-colour and true-colour SGR into inline hex colours only', () => {
    const [a, b, c] = renderLogText('\x1b[38;5;196mA\x1b[48;2;1;2;3mB\x1b[38;5;4mC');
    expect(a).toMatchObject({ text: 'A', style: 'color:#ff0000' });
    expect(b).toMatchObject({ text: 'B', style: 'color:#ff0000;background-color:#010203' });
    expect(c).toMatchObject({ text: 'C', classes: 'ansi-fg-4', style: 'background-color:#010203' });
  });

  it('ignores out-of-range extended colours instead of producing a style', () => {
    const pieces = renderLogText('\x1b[38;2;999;0;0mX');
    expect(pieces).toEqual([{ text: 'X', kind: 'text' }]);
  });

  it('swaps colours for inverse video', () => {
    expect(renderLogText('\x1b[31;44;7mX')[0].classes).toBe('ansi-fg-4 ansi-bg-1');
  });

  it('removes OSC 8 links, OSC 52 clipboard writes and title changes and shows placeholders', () => {
    const osc8 = renderLogText('\x1b]8;;javascript:alert(1)\x1b\\click\x1b]8;;\x1b\\');
    expect(osc8.map((p) => p.kind)).toEqual(['escape', 'text', 'escape']);
    expect(osc8[0].text).toBe('⟨OSC 8: hyperlink⟩');
    expect(osc8[1]).toEqual({ text: 'click', kind: 'text' });

    const clip = renderLogText('a\x1b]52;c;cHduZWQ=\x07b');
    expect(clip.map((p) => p.text)).toEqual(['a', '⟨OSC 52: clipboard write⟩', 'b']);

    const title = renderLogText('\x1b]0;owned\x07\x1b]2;owned\x1b\\x');
    expect(title.map((p) => p.text)).toEqual(['⟨OSC 0: title change⟩', '⟨OSC 2: title change⟩', 'x']);
  });

  it('shows non-SGR control sequences visibly', () => {
    expect(plainLogText('\x1b[2Jcleared\x1b[?25l')).toBe('\\x1b[2Jcleared\\x1b[?25l');
    expect(plainLogText('\x1b(Bx\x1bPq#0\x1b\\y')).toBe('\\x1b(Bx⟨ESC P…⟩y');
  });

  it('shows unterminated escapes visibly to the end of the text', () => {
    expect(renderLogText('a\x1b]52;c;AAAA').map((p) => p.text)).toEqual(['a', '⟨OSC 52: clipboard write⟩']);
    expect(plainLogText('a\x1b')).toBe('a\\x1b');
  });

  it('shows control characters as visible escapes', () => {
    const pieces = renderLogText('nul\x00bel\x07cr\r\x7f\x9b');
    expect(pieces.map((p) => p.text)).toEqual([
      'nul',
      '\\x00',
      'bel',
      '\\x07',
      'cr',
      '\\x0d',
      '\\x7f',
      '\\x9b',
    ]);
    expect(pieces[1]).toMatchObject({ kind: 'control', title: 'control character 0x00' });
  });

  it('keeps tabs and shows newlines as a glyph in rows and as breaks when expanded', () => {
    expect(plainLogText('a\tb\nc')).toBe('a\tb↵c');
    expect(plainLogText('a\tb\nc', { newlines: 'break' })).toBe('a\tb\nc');
  });

  it('neutralises bidi overrides and isolates', () => {
    const pieces = renderLogText('invoice\u202Efdp.exe \u2066x\u2069');
    expect(pieces.map((p) => p.text)).toEqual([
      'invoice',
      '⟨U+202E⟩',
      'fdp.exe ',
      '⟨U+2066⟩',
      'x',
      '⟨U+2069⟩',
    ]);
    expect(pieces[1].kind).toBe('bidi');
  });

  it('makes http(s) addresses links and leaves other schemes as text', () => {
    const pieces = renderLogText('see https://example.com/a?b=1, or javascript:alert(1) and file:///etc');
    expect(pieces).toEqual([
      { text: 'see ', kind: 'text' },
      {
        text: 'https://example.com/a?b=1',
        kind: 'link',
        href: 'https://example.com/a?b=1',
        title: 'https://example.com/a?b=1 (asks before opening)',
      },
      { text: ', or javascript:alert(1) and file:///etc', kind: 'text' },
    ]);
  });

  it('keeps balanced parentheses in addresses', () => {
    const link = renderLogText('(https://en.wikipedia.org/wiki/Foo_(bar))').find((p) => p.kind === 'link');
    expect(link?.href).toBe('https://en.wikipedia.org/wiki/Foo_(bar)');
  });

  it('never produces markup: HTML stays text', () => {
    const html = '<script>window.__pwned=1</script><img src=x onerror=alert(1)>';
    expect(renderLogText(html)).toEqual([{ text: html, kind: 'text' }]);
  });

  it('truncates long lines and says how much was left out', () => {
    const pieces = renderLogText('x'.repeat(1_000_000), { maxChars: 2000 });
    expect(pieces[0].text).toHaveLength(2000);
    expect(pieces[1]).toMatchObject({ kind: 'truncated', text: '… 998,000 more characters' });
  });

  it('keeps style across plain text split by control characters', () => {
    const pieces = renderLogText('\x1b[33mwarn\x00ing');
    expect(pieces).toEqual([
      { text: 'warn', kind: 'text', classes: 'ansi-fg-3' },
      { text: '\\x00', kind: 'control', title: 'control character 0x00' },
      { text: 'ing', kind: 'text', classes: 'ansi-fg-3' },
    ]);
  });
});

describe('isPlainLogText', () => {
  it('says true only for text that renders as itself, in one plain piece', () => {
    let state = 11;
    const random = (n: number) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % n;
    };
    const bits = [
      'GET /api ',
      'é',
      '\t',
      '\u001b[31m',
      '\u001b]0;x\u0007',
      '\n',
      '\u202e',
      'http://a.b/c ',
      'x'.repeat(30),
      '\u0000',
      'HTTP ',
      '\u0085',
    ];
    let plain = 0;
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: random(6) }, () => bits[random(bits.length)]).join('');
      if (!isPlainLogText(text, 100)) continue;
      plain++;
      const pieces = renderLogText(text, { maxChars: 100 });
      expect(pieces.map((p) => p.text).join(''), JSON.stringify(text)).toBe(text);
      expect(pieces.length).toBeLessThanOrEqual(1);
      expect(pieces.every((p) => p.kind === 'text' && !p.classes && !p.style)).toBe(true);
    }
    expect(plain).toBeGreaterThan(100);
    expect(isPlainLogText('x'.repeat(101), 100)).toBe(false);
    expect(isPlainLogText('see https://example.com')).toBe(false);
    expect(isPlainLogText('\u001b[1mbold')).toBe(false);
  });
});
