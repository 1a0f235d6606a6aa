/** Python source spelling helpers shared by the exporter's renderers. */

/** A double-quoted Python string literal (escapes backslash, quote, control characters). */
export function pyStr(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A Python literal for a JS scalar; undefined when there is none. */
export function pyLiteral(v: unknown): string | undefined {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") {
    if (Number.isNaN(v)) return 'float("nan")';
    if (!Number.isFinite(v)) return v > 0 ? 'float("inf")' : 'float("-inf")';
    return String(v);
  }
  if (typeof v === "string") return pyStr(v);
  return undefined;
}

/** A method chain with pyspark's backslash continuations, as in the blog. */
export function chain(head: string, calls: readonly string[], indent = "    "): string {
  if (calls.length === 0) return head;
  return [head, ...calls.map((c) => `${indent}.${c}`)].join(" \\\n");
}
