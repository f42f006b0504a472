const LEVEL_WORD =
  /(?:^|[\s[(<|])(?:fatal|error|err|crit(?:ical)?|severe|panic|emerg(?:ency)?|alert)(?=[\s\]):>|]|$)[\]):>|]*:?\s*/i;
/** `checkout[1234]:`, `app[web-1]`, `com.shop.Cart:`, `[worker-3]`: who logged, not what happened. */
const LOGGER_TOKEN = /^(?:[\w.$/-]+\[[^\]\s]*\]:?|[\w.$/-]+:|\[[^\]]{0,80}\]:?)\s+/;
/** The level is looked for near the start only: later it is part of the text ("error" in a message). */
const HEADER_LIMIT = 160;

/**
 * What an error line says, without the header every line of its source shares: the timestamp, the level
 * and who logged it. Two lines of one error then mine into one signature whatever host or process wrote
 * them. A line without a level word near its start (an access log) is kept whole.
 */
export function messageBody(line: string): string {
  const header = LEVEL_WORD.exec(line.slice(0, HEADER_LIMIT));
  if (!header) return line;
  let body = line.slice(header.index + header[0].length);
  for (let i = 0; i < 2; i++) {
    const logger = LOGGER_TOKEN.exec(body);
    if (!logger) break;
    body = body.slice(logger[0].length);
  }
  return body.length > 0 ? body : line;
}
