import type * as TS from "typescript";

/**
 * Is this input unfinished, so the shell should ask for another line (`...`) instead of reporting an error?
 * Yes when the parser's first error sits at the very end of the text (`spark.readStream.`, an open paren,
 * an unterminated template), or when the last line ends in a pyspark-style `\` continuation.
 */
export function isIncomplete(source: string): boolean {
  const trimmed = source.replace(/\s+$/, "");
  if (trimmed === "") return false;
  if (trimmed.endsWith("\\")) return true;
  const ts = require("typescript") as typeof TS;
  const file = ts.createSourceFile("input.ts", source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const diagnostics = (file as unknown as { parseDiagnostics?: readonly TS.Diagnostic[] }).parseDiagnostics ?? [];
  if (diagnostics.length === 0) return false;
  const end = trimmed.length;
  // An error at the end of the text means "more expected"; an error in the middle is a real syntax error.
  return diagnostics.some((d) => (d.start ?? 0) >= end || UNTERMINATED.has(d.code));
}

/** Unterminated string-like tokens: the user is still typing the literal. */
const UNTERMINATED = new Set([
  1160, // Unterminated template literal.
  1010, // '*/' expected (open block comment).
]);
