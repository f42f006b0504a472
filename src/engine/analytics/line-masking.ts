/**
 * Replaces the variable parts of a log message with placeholders, so lines that differ only in ids,
 * addresses, paths or numbers share one template. Order matters: wider patterns go first, so a UUID's
 * digits are not masked as numbers and an IP is not read as four numbers.
 */
const MASKS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, '<URL>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<UUID>'],
  [/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, '<EMAIL>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g, '<IP>'],
  [/\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b/gi, '<IP>'],
  [/(?:^|(?<=[\s=:("'[]))(?:~|\.{1,2})?(?:\/[\w.@%+-]+)+\/?/g, '<PATH>'],
  [/\b[A-Za-z]:\\[^\s"'<>]*/g, '<PATH>'],
  [/\b0x[0-9a-f]+\b/gi, '<HEX>'],
  // Long hex runs with at least one digit and one letter: commit ids, trace ids, container ids.
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<HEX>'],
  [/[-+]?\b\d+(?:[.,]\d+)*(?:[eE][-+]?\d+)?(?:[a-zA-Zµ%]{1,3})?\b/g, '<NUM>'],
];

export function maskVariables(message: string): string {
  let masked = message;
  for (const [pattern, placeholder] of MASKS) masked = masked.replace(pattern, placeholder);
  return masked.replace(/\s+/g, ' ').trim();
}
