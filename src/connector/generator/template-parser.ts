/**
 * Parser for Kinesis Data Generator templates: literal text with `{{helper.path(args)}}` placeholders.
 * Arguments are data literals only (numbers, strings, arrays, objects, true/false/null), so a template can never
 * run code: `{{process.exit()}}` parses as a call of the helper "process.exit", which does not exist.
 */
export type Literal = number | string | boolean | null | Literal[] | { [key: string]: Literal };

export type TemplatePart =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "call"; readonly path: string; readonly args: readonly Literal[]; readonly pos: number };

export class TemplateError extends Error {
  override readonly name = "TemplateError";
}

/** "line L, column C" of an offset, for error messages. */
export function position(source: string, pos: number): string {
  const before = source.slice(0, pos).split("\n");
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

class Cursor {
  pos = 0;
  constructor(readonly src: string) {}

  fail(what: string, at = this.pos): never {
    throw new TemplateError(`Template error at ${position(this.src, at)}: ${what}`);
  }
  skipSpace(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos]!)) this.pos++;
  }
  peek(): string | undefined {
    return this.src[this.pos];
  }
  expect(ch: string): void {
    this.skipSpace();
    if (this.src[this.pos] !== ch) this.fail(`expected '${ch}' but found '${this.src[this.pos] ?? "end of template"}'`);
    this.pos++;
  }
}

function parseIdent(c: Cursor): string {
  const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(c.src.slice(c.pos));
  if (!m) c.fail(`expected a helper name but found '${c.peek() ?? "end of template"}'`);
  c.pos += m[0].length;
  return m[0];
}

function parseString(c: Cursor): string {
  const quote = c.src[c.pos]!;
  let out = "";
  c.pos++;
  while (c.pos < c.src.length && c.src[c.pos] !== quote) {
    if (c.src[c.pos] === "\\") {
      const next = c.src[c.pos + 1];
      const esc: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", '"': '"', "'": "'" };
      out += next !== undefined && next in esc ? esc[next] : (next ?? "");
      c.pos += 2;
    } else {
      out += c.src[c.pos++];
    }
  }
  if (c.src[c.pos] !== quote) c.fail("unterminated string");
  c.pos++;
  return out;
}

function parseLiteral(c: Cursor): Literal {
  c.skipSpace();
  const ch = c.peek();
  if (ch === '"' || ch === "'") return parseString(c);
  if (ch === "[") {
    c.pos++;
    const items: Literal[] = [];
    c.skipSpace();
    if (c.peek() === "]") {
      c.pos++;
      return items;
    }
    for (;;) {
      items.push(parseLiteral(c));
      c.skipSpace();
      if (c.peek() === ",") {
        c.pos++;
        continue;
      }
      c.expect("]");
      return items;
    }
  }
  if (ch === "{") {
    c.pos++;
    const obj: { [key: string]: Literal } = {};
    c.skipSpace();
    if (c.peek() === "}") {
      c.pos++;
      return obj;
    }
    for (;;) {
      c.skipSpace();
      const key = c.peek() === '"' || c.peek() === "'" ? parseString(c) : parseIdent(c);
      c.expect(":");
      obj[key] = parseLiteral(c);
      c.skipSpace();
      if (c.peek() === ",") {
        c.pos++;
        continue;
      }
      c.expect("}");
      return obj;
    }
  }
  const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(c.src.slice(c.pos));
  if (num) {
    c.pos += num[0].length;
    return Number(num[0]);
  }
  const word = /^(true|false|null)\b/.exec(c.src.slice(c.pos));
  if (word) {
    c.pos += word[0].length;
    return word[0] === "null" ? null : word[0] === "true";
  }
  return c.fail(`expected a value (number, string, array or object) but found '${ch ?? "end of template"}'`);
}

/**
 * Decides right after the helper name whether it exists, so that a name that is not a helper is reported as such
 * (with its position) even when what follows is not valid template syntax either, e.g. `constructor.constructor("x")()`.
 */
export type HelperCheck = (path: string, pos: number) => void;

function parseCall(c: Cursor, check: HelperCheck | undefined): TemplatePart {
  c.skipSpace();
  const pos = c.pos;
  const names = [parseIdent(c)];
  while (c.peek() === ".") {
    c.pos++;
    names.push(parseIdent(c));
  }
  check?.(names.join("."), pos);
  c.skipSpace();
  const args: Literal[] = [];
  if (c.peek() === "(") {
    c.pos++;
    c.skipSpace();
    if (c.peek() !== ")") {
      for (;;) {
        args.push(parseLiteral(c));
        c.skipSpace();
        if (c.peek() === ",") {
          c.pos++;
          continue;
        }
        break;
      }
    }
    c.expect(")");
  }
  c.skipSpace();
  if (!c.src.startsWith("}}", c.pos)) c.fail(`expected '}}' to close the placeholder`);
  c.pos += 2;
  return { kind: "call", path: names.join("."), args, pos };
}

export function parseTemplate(source: string, check?: HelperCheck): TemplatePart[] {
  const c = new Cursor(source);
  const parts: TemplatePart[] = [];
  while (c.pos < source.length) {
    const open = source.indexOf("{{", c.pos);
    if (open < 0) {
      parts.push({ kind: "text", text: source.slice(c.pos) });
      break;
    }
    if (open > c.pos) parts.push({ kind: "text", text: source.slice(c.pos, open) });
    c.pos = open + 2;
    parts.push(parseCall(c, check));
  }
  return parts;
}
