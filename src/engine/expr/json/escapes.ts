/**
 * JSON's one-character escapes (RFC 8259): the character after a backslash -> the character it stands for. The
 * JSON readers (the Jackson-like lenient parser for from_json, parse_json's strict reader) share it; `\u` escapes
 * and what a reader does with any other character are theirs.
 */
export const JSON_SIMPLE_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['"', '"'],
  ["\\", "\\"],
  ["/", "/"],
  ["b", "\b"],
  ["f", "\f"],
  ["n", "\n"],
  ["r", "\r"],
  ["t", "\t"],
]);
