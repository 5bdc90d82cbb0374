// Asterisk's ${VAR:offset:length} substring rules, copied from pbx.c substring() so dialplan
// habits ("${EXTEN:1}", "${EXTEN:-4}", "${EXTEN:2:-1}") carry over unchanged.

/**
 * - offset < 0 counts from the end; one reaching before the start starts at the start.
 * - offset at or past the end gives "".
 * - length undefined takes the rest; length >= 0 takes at most that many characters (0 gives "").
 * - length < 0 takes the rest minus that many characters from the end ("" when nothing is left).
 */
export function asteriskSubstring(value: string, offset: number, length?: number): string {
  const n = value.length;
  let start = offset;
  if (start < 0) start = Math.max(0, n + start);
  if (start >= n) return '';
  if (length === undefined) return value.slice(start);
  if (length >= 0) return value.slice(start, start + length);
  const end = n + length;
  return end > start ? value.slice(start, end) : '';
}
