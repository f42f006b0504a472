/**
 * Terminal escape sequences written into log files by loggers that colour their output (Spring Boot with
 * ANSI output on, colorlog, pino-pretty, Rails in development): CSI (`ESC [ 32 m`), OSC (`ESC ] … BEL`)
 * and two-character escapes. Removed only to read a line's stamp and level; within one line, so an
 * unterminated OSC never swallows the next one.
 */
const TERMINAL_ESCAPE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b\n]*(?:\x07|\x1b\\)?|[@-Z\\-_])/g;

/** `text` without terminal escape sequences; the same string when it has none (one scan). */
export function withoutTerminalEscapes(text: string): string {
  return text.indexOf('\x1b') < 0 ? text : text.replace(TERMINAL_ESCAPE, '');
}
