/**
 * Spark datetime patterns (sql-ref-datetime-pattern), compiled once into tokens shared by the
 * formatter and the parser. Validation follows Spark 3+/4: Spark's own rejections
 * (DateTimeFormatterHelper.convertIncompatiblePattern) run first, then java.time's
 * DateTimeFormatterBuilder.appendPattern rules; a pattern that Spark 2.x (SimpleDateFormat)
 * accepted but Spark 3+ does not raises INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION.
 */
import { DateTimeError, illegalPattern, patternRecognition } from "./errors";

export type PatternNode =
  | { readonly kind: "literal"; readonly text: string }
  | { readonly kind: "field"; readonly letter: string; readonly count: number }
  | { readonly kind: "optional"; readonly nodes: readonly PatternNode[] };

export interface CompiledPattern {
  readonly pattern: string;
  readonly nodes: readonly PatternNode[];
}

const WEEK_BASED = new Set(["Y", "W", "w", "u", "e", "c"]);
const UNSUPPORTED = new Set(["A", "n", "N", "p"]);
const UNSUPPORTED_FOR_PARSING = new Set(["E", "F", "q", "Q"]);
const UNSUPPORTED_LENGTHS = ["GGGGG", "MMMMM", "LLLLL", "EEEEE", "QQQQQ", "qqqqq", "yyyyyyy", "YYYYYYY"];
/** Letters java.time's DateTimeFormatterBuilder knows. */
const JAVA_LETTERS = new Set("GuyDMLdQqYwWEecFaBhKkHmsSAnNVvzOXxZg".split(""));
/** Letters SimpleDateFormat (Spark 2.x) knows. */
const LEGACY_LETTERS = new Set("GyYMLwWDdFEuaHkKhmsSzZX".split(""));

const cache = new Map<string, CompiledPattern | DateTimeError>();

/** Compiles (and caches) a pattern; throws DateTimeError for an invalid one. */
export function compilePattern(pattern: string, forParsing: boolean): CompiledPattern {
  const key = (forParsing ? "p:" : "f:") + pattern;
  let hit = cache.get(key);
  if (hit === undefined) {
    try {
      hit = compileUncached(pattern, forParsing);
    } catch (e) {
      if (!(e instanceof DateTimeError)) throw e;
      hit = e;
    }
    if (cache.size > 1000) cache.clear();
    cache.set(key, hit);
  }
  if (hit instanceof DateTimeError) throw hit;
  return hit;
}

function compileUncached(pattern: string, forParsing: boolean): CompiledPattern {
  try {
    sparkChecks(pattern, forParsing);
    return { pattern, nodes: javaParse(pattern) };
  } catch (e) {
    if (e instanceof DateTimeError && e.exceptionClass === "IllegalArgumentException" && legacyAccepts(pattern)) {
      throw patternRecognition(pattern);
    }
    throw e;
  }
}

/** Spark's convertIncompatiblePattern checks on the unquoted parts. */
function sparkChecks(pattern: string, forParsing: boolean): void {
  const parts = `${pattern} `.split("'");
  for (let i = 0; i < parts.length; i += 2) {
    const part = parts[i];
    for (const c of part) {
      if (WEEK_BASED.has(c)) {
        throw illegalPattern(
          `All week-based patterns are unsupported since Spark 3.0, detected: ${c}, Please use the SQL function EXTRACT instead`,
        );
      }
    }
    for (const c of part) {
      if (UNSUPPORTED.has(c) || (forParsing && UNSUPPORTED_FOR_PARSING.has(c))) {
        throw illegalPattern(`Illegal pattern character: ${c}`);
      }
    }
    for (const style of UNSUPPORTED_LENGTHS) {
      if (part.includes(style)) throw illegalPattern(`Too many pattern letters: ${style[0]}`);
    }
  }
}

/** Would SimpleDateFormat have accepted this pattern? */
function legacyAccepts(pattern: string): boolean {
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      const close = pattern.indexOf("'", i + 1);
      if (close < 0) return false;
      i = close + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      if (!LEGACY_LETTERS.has(c)) return false;
      let n = 1;
      while (pattern[i + n] === c) n++;
      if (c === "X" && n > 3) return false;
      i += n;
      continue;
    }
    i++;
  }
  return true;
}

function tooMany(c: string): DateTimeError {
  return illegalPattern(`Too many pattern letters: ${c}`);
}

function checkCount(c: string, n: number): void {
  switch (c) {
    case "G":
    case "M":
    case "L":
    case "Q":
    case "q":
    case "E":
      if (n > 5) throw tooMany(c);
      return;
    case "y":
      if (n > 19) throw tooMany(c);
      return;
    case "d":
    case "h":
    case "H":
    case "k":
    case "K":
    case "m":
    case "s":
      if (n > 2) throw tooMany(c);
      return;
    case "D":
      if (n > 3) throw tooMany(c);
      return;
    case "F":
    case "a":
      if (n > 1) throw tooMany(c);
      return;
    case "S":
      if (n > 9) throw tooMany(c);
      return;
    case "V":
      if (n !== 2) throw illegalPattern(`Pattern letter count must be 2: ${c}`);
      return;
    case "z":
      if (n > 4) throw tooMany(c);
      return;
    case "O":
      if (n !== 1 && n !== 4) throw illegalPattern(`Pattern letter count must be 1 or 4: ${c}`);
      return;
    case "X":
    case "x":
    case "Z":
      if (n > 5) throw tooMany(c);
      return;
    default:
      // Letters java.time knows but tspark does not implement (B, v, g): reject clearly.
      throw illegalPattern(`Unsupported pattern letter: ${c}`);
  }
}

/** java.time DateTimeFormatterBuilder.appendPattern, producing nodes. */
function javaParse(pattern: string): PatternNode[] {
  const stack: PatternNode[][] = [[]];
  const top = () => stack[stack.length - 1];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (/[A-Za-z]/.test(c)) {
      let n = 1;
      while (pattern[i + n] === c) n++;
      if (!JAVA_LETTERS.has(c)) throw illegalPattern(`Unknown pattern letter: ${c}`);
      checkCount(c, n);
      top().push({ kind: "field", letter: c, count: n });
      i += n;
    } else if (c === "'") {
      let j = i + 1;
      let text = "";
      for (;;) {
        if (j >= pattern.length) throw illegalPattern(`Pattern ends with an incomplete string literal: ${pattern}`);
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += pattern[j];
        j++;
      }
      // '' alone is a quote character
      top().push({ kind: "literal", text: j === i + 1 ? "'" : text });
      i = j + 1;
    } else if (c === "[") {
      stack.push([]);
      i++;
    } else if (c === "]") {
      if (stack.length === 1) throw illegalPattern("Pattern invalid as it contains ] without previous [");
      const nodes = stack.pop()!;
      top().push({ kind: "optional", nodes });
      i++;
    } else if (c === "{" || c === "}" || c === "#") {
      throw illegalPattern(`Pattern includes reserved character: '${c}'`);
    } else {
      top().push({ kind: "literal", text: c });
      i++;
    }
  }
  while (stack.length > 1) {
    const nodes = stack.pop()!;
    top().push({ kind: "optional", nodes });
  }
  return stack[0];
}
