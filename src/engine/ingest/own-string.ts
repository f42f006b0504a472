/** Shorter strings are copied when cut from another (V8's SlicedString::kMinLength). */
const SHARED_FROM_LENGTH = 13;

/**
 * `text` in memory of its own. Lines are cut from the decoded text of a whole received chunk (see
 * LineSplitter), and V8 keeps all of that text alive while any line cut from it lives: a line kept
 * beyond its batch (a multi-line event waiting for its continuation, an error line queued for mining)
 * would keep its chunk, tens of kilobytes, and have the garbage collector copy it to the old
 * generation. The text comes from UTF-8, so a round trip through UTF-8 gives it back unchanged.
 */
export function ownString(text: string): string {
  return text.length < SHARED_FROM_LENGTH ? text : Buffer.from(text, 'utf8').toString('utf8');
}
