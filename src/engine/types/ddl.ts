/**
 * DDL and JSON forms of data types: "id BIGINT, data STRING", "array<struct<a:int>>",
 * "DECIMAL(10,2)", "map<string,int>", "x INT NOT NULL COMMENT 'c'", and Spark's schema JSON.
 * Also accepts pyspark's type names ("long", "integer", "timestamp") so `.add("d", "timestamp")` works.
 */
import { syntaxError } from "../errors";
import {
  ArrayType,
  BinaryType,
  BooleanType,
  ByteType,
  CalendarIntervalType,
  type DataType,
  DateType,
  DayTimeIntervalType,
  YearMonthIntervalType,
  DecimalType,
  DoubleType,
  FloatType,
  IntegerType,
  LongType,
  MapType,
  NullType,
  ShortType,
  StringType,
  TimestampNTZType,
  VariantType,
  TimestampType,
} from "./data-types";
import { StructFieldImpl, StructTypeImpl } from "./struct-type";

const SIMPLE: Readonly<Record<string, () => DataType>> = {
  boolean: BooleanType,
  bool: BooleanType,
  tinyint: ByteType,
  byte: ByteType,
  smallint: ShortType,
  short: ShortType,
  int: IntegerType,
  integer: IntegerType,
  bigint: LongType,
  long: LongType,
  float: FloatType,
  real: FloatType,
  double: DoubleType,
  string: StringType,
  binary: BinaryType,
  date: DateType,
  timestamp: TimestampType,
  timestamp_ltz: TimestampType,
  timestamp_ntz: TimestampNTZType,
  void: NullType,
  null: NullType,
  interval: CalendarIntervalType,
  variant: VariantType,
};

/** `name` unquoted when it is a plain identifier, else in backticks (Spark's quoteIfNeeded). */
export function quoteIfNeeded(name: string): string {
  return /^[A-Za-z0-9_]+$/.test(name) && !/^\d+$/.test(name) ? name : `\`${name.replace(/`/g, "``")}\``;
}

interface Tok {
  readonly t: "id" | "num" | "str" | "p" | "qid";
  readonly v: string;
  readonly pos: number;
}

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (/[A-Za-z_]/.test(c)) {
      while (i < s.length && /[A-Za-z0-9_]/.test(s[i]!)) i++;
      out.push({ t: "id", v: s.slice(start, i), pos: start });
    } else if (/[0-9]/.test(c)) {
      while (i < s.length && /[A-Za-z0-9_]/.test(s[i]!)) i++;
      const v = s.slice(start, i);
      out.push({ t: /^\d+$/.test(v) ? "num" : "id", v, pos: start });
    } else if (c === "`") {
      let v = "";
      i++;
      for (;;) {
        if (i >= s.length) throw syntaxError(s, start, "`");
        if (s[i] === "`") {
          if (s[i + 1] === "`") {
            v += "`";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += s[i++];
      }
      out.push({ t: "qid", v, pos: start });
    } else if (c === "'" || c === '"') {
      let v = "";
      i++;
      for (;;) {
        if (i >= s.length) throw syntaxError(s, start, s.slice(start));
        const d = s[i]!;
        if (d === "\\" && i + 1 < s.length) {
          v += s[i + 1];
          i += 2;
          continue;
        }
        i++;
        if (d === c) break;
        v += d;
      }
      out.push({ t: "str", v, pos: start });
    } else if ("<>(),:".includes(c)) {
      out.push({ t: "p", v: c, pos: start });
      i++;
    } else {
      throw syntaxError(s, start, c);
    }
  }
  return out;
}

class DDLParser {
  private i = 0;
  private readonly toks: Tok[];
  constructor(private readonly src: string) {
    this.toks = tokenize(src);
  }
  private peek(): Tok | undefined {
    return this.toks[this.i];
  }
  private fail(): never {
    const t = this.peek();
    throw syntaxError(this.src, t?.pos ?? this.src.length, t === undefined ? null : t.v);
  }
  private isWord(w: string, k = 0): boolean {
    const t = this.toks[this.i + k];
    return t?.t === "id" && t.v.toLowerCase() === w;
  }
  private isP(p: string): boolean {
    const t = this.peek();
    return t?.t === "p" && t.v === p;
  }
  private expectP(p: string): void {
    if (!this.isP(p)) this.fail();
    this.i++;
  }
  comma(): void {
    this.expectP(",");
  }
  atEnd(): boolean {
    return this.i >= this.toks.length;
  }
  ident(): string {
    const t = this.peek();
    if (t === undefined || (t.t !== "id" && t.t !== "qid" && t.t !== "num")) this.fail();
    this.i++;
    return t.v;
  }
  private int(): number {
    const t = this.peek();
    if (t?.t !== "num") this.fail();
    this.i++;
    return Number(t.v);
  }
  field(colonOptional: boolean): StructFieldImpl {
    const name = this.ident();
    if (this.isP(":")) this.i++;
    else if (!colonOptional) this.fail();
    const type = this.type();
    let nullable = true;
    let metadata: Record<string, unknown> = {};
    for (;;) {
      if (this.isWord("not") && this.isWord("null", 1)) {
        this.i += 2;
        nullable = false;
      } else if (this.isWord("comment")) {
        this.i++;
        const t = this.peek();
        if (t?.t !== "str") this.fail();
        this.i++;
        metadata = { comment: t.v };
      } else break;
    }
    return new StructFieldImpl(name, type, nullable, metadata);
  }
  type(): DataType {
    const t = this.peek();
    if (t === undefined || t.t !== "id") this.fail();
    const w = t.v.toLowerCase();
    this.i++;
    if (w === "array") {
      this.expectP("<");
      const e = this.type();
      this.expectP(">");
      return ArrayType(e, true);
    }
    if (w === "map") {
      this.expectP("<");
      const k = this.type();
      this.expectP(",");
      const v = this.type();
      this.expectP(">");
      return MapType(k, v, true);
    }
    if (w === "struct") {
      this.expectP("<");
      const fields: StructFieldImpl[] = [];
      if (!this.isP(">")) {
        fields.push(this.field(true));
        while (this.isP(",")) {
          this.i++;
          fields.push(this.field(true));
        }
      }
      this.expectP(">");
      return new StructTypeImpl(fields);
    }
    if (w === "decimal" || w === "dec" || w === "numeric") {
      if (!this.isP("(")) return DecimalType(10, 0);
      this.i++;
      const p = this.int();
      let s = 0;
      if (this.isP(",")) {
        this.i++;
        s = this.int();
      }
      this.expectP(")");
      return DecimalType(p, s);
    }
    if (w === "varchar" || w === "char" || w === "character") {
      if (this.isP("(")) {
        this.i++;
        this.int();
        this.expectP(")");
      }
      return StringType();
    }
    if (w === "interval") {
      const ym = ["year", "month"];
      const y = ym.indexOf(this.peek()?.v.toLowerCase() ?? "");
      if (y >= 0) {
        this.i++;
        let e = y;
        if (this.isWord("to")) {
          this.i++;
          e = ym.indexOf(this.peek()?.v.toLowerCase() ?? "");
          if (e < y) this.fail();
          this.i++;
        }
        return YearMonthIntervalType(y, e);
      }
      const units = ["day", "hour", "minute", "second"];
      const s = units.indexOf(this.peek()?.v.toLowerCase() ?? "");
      if (s < 0) return CalendarIntervalType();
      this.i++;
      let e = s;
      if (this.isWord("to")) {
        this.i++;
        e = units.indexOf(this.peek()?.v.toLowerCase() ?? "");
        if (e < 0) this.fail();
        this.i++;
      }
      return DayTimeIntervalType(s, e);
    }
    if (w === "timestamp" && this.isWord("with") && this.isWord("local", 1)) {
      this.i += 4; // WITH LOCAL TIME ZONE
      return TimestampType();
    }
    const simple = SIMPLE[w];
    if (simple === undefined) {
      this.i--;
      throw syntaxError(this.src, t.pos, t.v, "");
    }
    return simple();
  }
}

/** Parses one data type: "int", "array<string>", "struct<a:int,b:string>", "decimal(10,2)". */
export function parseDataType(text: string): DataType {
  let first: unknown;
  try {
    const p = new DDLParser(text);
    const t = p.type();
    if (p.atEnd()) return t;
  } catch (e) {
    first = e;
  }
  // "a INT, b STRING" given where a type was expected: a struct (from_json schemas, .add("x", ...)).
  try {
    return parseDDLSchema(text);
  } catch (e) {
    throw first ?? e;
  }
}

/** Parses a schema: "id BIGINT, data STRING" (also "struct<id:bigint,data:string>"). */
export function parseDDLSchema(text: string): StructTypeImpl {
  if (/^\s*struct\s*</i.test(text)) {
    const p = new DDLParser(text);
    const t = p.type();
    if (p.atEnd() && t instanceof StructTypeImpl) return t;
  }
  const p = new DDLParser(text);
  const fields: StructFieldImpl[] = [];
  if (p.atEnd()) return new StructTypeImpl([]);
  fields.push(p.field(true));
  while (!p.atEnd()) {
    p.comma();
    fields.push(p.field(true));
  }
  return new StructTypeImpl(fields);
}

/** Spark's schema JSON (DataType.fromJson) to a DataType. */
export function typeFromJson(j: unknown): DataType {
  if (typeof j === "string") {
    const m = /^decimal\((\d+),\s*(\d+)\)$/.exec(j);
    if (m) return DecimalType(Number(m[1]), Number(m[2]));
    return parseDataType(j);
  }
  const o = j as Record<string, unknown>;
  switch (o.type) {
    case "struct":
      return new StructTypeImpl(
        (o.fields as Record<string, unknown>[]).map(
          (f) =>
            new StructFieldImpl(
              String(f.name),
              typeFromJson(f.type),
              f.nullable !== false,
              (f.metadata as Record<string, unknown> | undefined) ?? {},
            ),
        ),
      );
    case "array":
      return ArrayType(typeFromJson(o.elementType), o.containsNull !== false);
    case "map":
      return MapType(typeFromJson(o.keyType), typeFromJson(o.valueType), o.valueContainsNull !== false);
    default:
      throw new TypeError(`Unknown data type JSON: ${JSON.stringify(j)}`);
  }
}
