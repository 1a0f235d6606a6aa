/**
 * reflect / java_method / try_reflect: Spark calls a static Java method by reflection and returns its result as a
 * string. tspark has no JVM, so it carries a table of the static methods people call from SQL (UUID, Math, the
 * number parsers, URL encoding, String.valueOf), each written to give Java's result and Java's exceptions.
 *
 * Spark's rules, measured on Spark 4.3: class and method are constant strings; each other argument's SQL type names
 * the Java parameter type exactly (BOOLEAN boolean, TINYINT byte, SMALLINT short, INT int, BIGINT long, FLOAT float,
 * DOUBLE double, STRING String; no widening, so Math.sqrt(2) does not resolve); the result is String.valueOf of
 * what the method returns. A method that throws fails the query (try_reflect gives null instead).
 */
import { randomUUID } from "node:crypto";
import { AnalysisException, IllegalArgumentException, SparkException } from "../../errors";
import { BooleanType, ByteType, type DataType, DoubleType, FloatType, IntegerType, LongType, NullType, ShortType, StringType } from "../../types/data-types";
import type { FunctionArgs, FunctionDef } from "../analyze";
import { javaDoubleToString, javaFloatToString } from "../json";
import { def, wrongArgs } from "./helpers";

/** A Java exception thrown by one of the methods below (class name and message, as Java prints them). */
class JavaThrow extends Error {
  constructor(
    readonly javaClass: string,
    message: string,
  ) {
    super(message);
  }
}

type J = "boolean" | "byte" | "short" | "int" | "long" | "float" | "double" | "String";
type Ret = J | "UUID";
interface Method {
  readonly params: readonly J[];
  readonly ret: Ret;
  readonly call: (...a: never[]) => unknown;
  readonly deterministic?: boolean;
}

const JAVA_OF: ReadonlyMap<DataType, J> = new Map<DataType, J>([
  [BooleanType(), "boolean"],
  [ByteType(), "byte"],
  [ShortType(), "short"],
  [IntegerType(), "int"],
  [LongType(), "long"],
  [FloatType(), "float"],
  [DoubleType(), "double"],
  [StringType(), "String"],
]);

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const nfe = (s: string | null, radix = 10) =>
  new JavaThrow("java.lang.NumberFormatException", s === null ? "Cannot parse null string: null" : `For input string: "${s}"${radix === 10 ? "" : ` under radix ${radix}`}`);
const overflow = (what: string) => new JavaThrow("java.lang.ArithmeticException", `${what} overflow`);
const byZero = () => new JavaThrow("java.lang.ArithmeticException", "/ by zero");

function parseInteger(s: string | null, radix: number, min: bigint, max: bigint): bigint {
  if (s === null) throw nfe(null);
  const digits = "0123456789abcdefghijklmnopqrstuvwxyz".slice(0, radix);
  const m = /^([+-]?)(.+)$/.exec(s);
  if (m === null || ![...m[2]!.toLowerCase()].every((c) => digits.includes(c))) throw nfe(s, radix);
  let v = 0n;
  for (const c of m[2]!.toLowerCase()) v = v * BigInt(radix) + BigInt(digits.indexOf(c));
  if (m[1] === "-") v = -v;
  if (v < min || v > max) throw nfe(s, radix);
  return v;
}
const parseInt32 = (s: string | null, radix = 10) => Number(parseInteger(s, radix, BigInt(INT_MIN), BigInt(INT_MAX)));
const parseInt64 = (s: string | null, radix = 10) => parseInteger(s, radix, LONG_MIN, LONG_MAX);

/** Java's Double.parseDouble: surrounding whitespace, an optional f/d suffix, NaN and Infinity. */
function parseJavaDouble(s: string | null): number {
  if (s === null) throw new JavaThrow("java.lang.NullPointerException", "");
  const t = s.trim();
  const m = /^([+-]?)(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?$/.exec(t);
  if (m === null) throw new JavaThrow("java.lang.NumberFormatException", t === "" ? "empty String" : `For input string: "${s}"`);
  return Number(t.replace(/[fFdD]$/, ""));
}

function uuidFromString(s: string): string {
  const parts = s.split("-");
  const widths = [8, 4, 4, 4, 12];
  if (parts.length !== 5 || s.length > 36 || parts.some((p, i) => !/^[0-9a-fA-F]+$/.test(p) || p.length > widths[i]!)) {
    throw new JavaThrow("java.lang.IllegalArgumentException", `Invalid UUID string: ${s}`);
  }
  return parts.map((p, i) => p.toLowerCase().padStart(widths[i]!, "0")).join("-");
}

/** URLEncoder.encode: letters, digits and .-*_ stay, space is +, every other UTF-8 byte is %XX. */
function urlEncode(s: string, charset: string): string {
  checkCharset(charset);
  let out = "";
  for (const b of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9.\-*_]/.test(c) ? c : b === 0x20 ? "+" : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function urlDecode(s: string, charset: string): string {
  checkCharset(charset);
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "+") bytes.push(0x20);
    else if (c === "%") {
      const h = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) {
        throw new JavaThrow("java.lang.IllegalArgumentException", `URLDecoder: Illegal hex characters in escape (%) pattern - Error at index 0 in: "${h}"`);
      }
      bytes.push(Number.parseInt(h, 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

function checkCharset(cs: string): void {
  if (!/^utf-?8$/i.test(cs)) throw new JavaThrow("java.io.UnsupportedEncodingException", cs);
}

const addInt = (a: number, b: number) => {
  const r = a + b;
  if (r < INT_MIN || r > INT_MAX) throw overflow("integer");
  return r;
};
const addLong = (a: bigint, b: bigint) => {
  const r = a + b;
  if (r < LONG_MIN || r > LONG_MAX) throw overflow("long");
  return r;
};
const floorDivInt = (a: number, b: number) => {
  if (b === 0) throw byZero();
  return a === INT_MIN && b === -1 ? INT_MIN : Math.floor(a / b);
};
const floorDivLong = (a: bigint, b: bigint) => {
  if (b === 0n) throw byZero();
  const q = a / b;
  return (a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q);
};
const floorModInt = (a: number, b: number) => {
  if (b === 0) throw byZero();
  return ((a % b) + b) % b;
};
/** Java's Math.round(double): floor(x + 0.5) as a long, NaN 0, saturating. */
const roundDouble = (x: number): bigint => (Number.isNaN(x) ? 0n : x >= 2 ** 63 ? LONG_MAX : x <= -(2 ** 63) ? LONG_MIN : BigInt(Math.floor(x + 0.5)));
const roundFloat = (x: number): number => (Number.isNaN(x) ? 0 : Math.max(INT_MIN, Math.min(INT_MAX, Math.floor(x + 0.5))));
const absInt = (a: number) => (a === INT_MIN ? INT_MIN : Math.abs(a));
const absLong = (a: bigint) => (a === LONG_MIN ? LONG_MIN : a < 0n ? -a : a);
const maxL = (a: bigint, b: bigint) => (a > b ? a : b);
const minL = (a: bigint, b: bigint) => (a < b ? a : b);
const d1 = (f: (x: number) => number): Method => ({ params: ["double"], ret: "double", call: f as Method["call"] });
const jmax = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Object.is(a, -0) && b === 0 ? b : Math.max(a, b));
const jmin = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.min(a, b));

const methods = (...m: Method[]): readonly Method[] => m;

/** class -> method -> overloads (looked up with Object.hasOwn: method names such as toString are also Object's). */
const TABLE: Readonly<Record<string, Readonly<Record<string, readonly Method[]>>>> = {
  "java.util.UUID": {
    randomUUID: [{ params: [], ret: "String", call: () => randomUUID(), deterministic: false }],
    fromString: [{ params: ["String"], ret: "UUID", call: uuidFromString as Method["call"] }],
  },
  "java.lang.Math": {
    abs: [
      { params: ["int"], ret: "int", call: absInt as Method["call"] },
      { params: ["long"], ret: "long", call: absLong as Method["call"] },
      { params: ["float"], ret: "float", call: Math.abs as Method["call"] },
      { params: ["double"], ret: "double", call: Math.abs as Method["call"] },
    ],
    max: [
      { params: ["int", "int"], ret: "int", call: Math.max as Method["call"] },
      { params: ["long", "long"], ret: "long", call: maxL as Method["call"] },
      { params: ["float", "float"], ret: "float", call: jmax as Method["call"] },
      { params: ["double", "double"], ret: "double", call: jmax as Method["call"] },
    ],
    min: [
      { params: ["int", "int"], ret: "int", call: Math.min as Method["call"] },
      { params: ["long", "long"], ret: "long", call: minL as Method["call"] },
      { params: ["float", "float"], ret: "float", call: jmin as Method["call"] },
      { params: ["double", "double"], ret: "double", call: jmin as Method["call"] },
    ],
    addExact: [
      { params: ["int", "int"], ret: "int", call: addInt as Method["call"] },
      { params: ["long", "long"], ret: "long", call: addLong as Method["call"] },
    ],
    floorDiv: [
      { params: ["int", "int"], ret: "int", call: floorDivInt as Method["call"] },
      { params: ["long", "long"], ret: "long", call: floorDivLong as Method["call"] },
    ],
    floorMod: [{ params: ["int", "int"], ret: "int", call: floorModInt as Method["call"] }],
    round: [
      { params: ["double"], ret: "long", call: roundDouble as Method["call"] },
      { params: ["float"], ret: "int", call: roundFloat as Method["call"] },
    ],
    signum: [d1(Math.sign), { params: ["float"], ret: "float", call: Math.sign as Method["call"] }],
    pow: [{ params: ["double", "double"], ret: "double", call: ((a: number, b: number) => a ** b) as Method["call"] }],
    hypot: [{ params: ["double", "double"], ret: "double", call: Math.hypot as Method["call"] }],
    sqrt: [d1(Math.sqrt)],
    cbrt: [d1(Math.cbrt)],
    floor: [d1(Math.floor)],
    ceil: [d1(Math.ceil)],
    log: [d1(Math.log)],
    log10: [d1(Math.log10)],
    exp: [d1(Math.exp)],
    sin: [d1(Math.sin)],
    cos: [d1(Math.cos)],
    tan: [d1(Math.tan)],
    random: [{ params: [], ret: "double", call: Math.random, deterministic: false }],
  },
  "java.lang.String": {
    // String.valueOf(Object) prints a null argument as "null"
    valueOf: (["boolean", "int", "long", "float", "double", "String"] as const).map((p): Method => ({ params: [p], ret: p, call: ((x: unknown) => x ?? "null") as Method["call"] })),
  },
  "java.lang.Integer": {
    parseInt: [
      { params: ["String"], ret: "int", call: ((s: string) => parseInt32(s)) as Method["call"] },
      { params: ["String", "int"], ret: "int", call: parseInt32 as Method["call"] },
    ],
    valueOf: methods(
      { params: ["String"], ret: "int", call: ((s: string) => parseInt32(s)) as Method["call"] },
      { params: ["int"], ret: "int", call: ((x: number) => x) as Method["call"] },
    ),
    toString: methods({ params: ["int"], ret: "int", call: ((x: number) => x) as Method["call"] }),
    toHexString: [{ params: ["int"], ret: "String", call: ((x: number) => (x >>> 0).toString(16)) as Method["call"] }],
    toBinaryString: [{ params: ["int"], ret: "String", call: ((x: number) => (x >>> 0).toString(2)) as Method["call"] }],
    toOctalString: [{ params: ["int"], ret: "String", call: ((x: number) => (x >>> 0).toString(8)) as Method["call"] }],
  },
  "java.lang.Long": {
    parseLong: [
      { params: ["String"], ret: "long", call: ((s: string) => parseInt64(s)) as Method["call"] },
      { params: ["String", "int"], ret: "long", call: parseInt64 as Method["call"] },
    ],
    valueOf: methods(
      { params: ["String"], ret: "long", call: ((s: string) => parseInt64(s)) as Method["call"] },
      { params: ["long"], ret: "long", call: ((x: bigint) => x) as Method["call"] },
    ),
    toString: methods({ params: ["long"], ret: "long", call: ((x: bigint) => x) as Method["call"] }),
    toHexString: [{ params: ["long"], ret: "String", call: ((x: bigint) => BigInt.asUintN(64, x).toString(16)) as Method["call"] }],
  },
  "java.lang.Double": {
    parseDouble: [{ params: ["String"], ret: "double", call: parseJavaDouble as Method["call"] }],
    valueOf: methods({ params: ["String"], ret: "double", call: parseJavaDouble as Method["call"] }),
    toString: methods({ params: ["double"], ret: "double", call: ((x: number) => x) as Method["call"] }),
    isNaN: [{ params: ["double"], ret: "boolean", call: Number.isNaN as Method["call"] }],
  },
  "java.lang.Boolean": {
    parseBoolean: [{ params: ["String"], ret: "boolean", call: ((s: string | null) => s !== null && s.toLowerCase() === "true") as Method["call"] }],
    valueOf: methods({ params: ["String"], ret: "boolean", call: ((s: string | null) => s !== null && s.toLowerCase() === "true") as Method["call"] }),
  },
  "java.net.URLDecoder": { decode: [{ params: ["String", "String"], ret: "String", call: urlDecode as Method["call"] }] },
  "java.net.URLEncoder": { encode: [{ params: ["String", "String"], ret: "String", call: urlEncode as Method["call"] }] },
  "java.lang.System": {
    currentTimeMillis: [{ params: [], ret: "long", call: () => BigInt(Date.now()), deterministic: false }],
    nanoTime: [{ params: [], ret: "long", call: () => process.hrtime.bigint(), deterministic: false }],
  },
};

/** Java's String.valueOf of a method's result. */
function javaString(v: unknown, ret: Ret): string | null {
  if (v === null || v === undefined) return null;
  if (ret === "double") return javaDoubleToString(v as number);
  if (ret === "float") return javaFloatToString(v as number);
  return String(v);
}

function supportedList(): string {
  return Object.entries(TABLE)
    .map(([c, ms]) => `${c}.{${Object.keys(ms).join(",")}}`)
    .join("; ");
}

function mismatch(name: string, cls: string, detail: string, msg: string): AnalysisException {
  return new AnalysisException(`[DATATYPE_MISMATCH.${cls}] Cannot resolve "${name}" due to data type mismatch: ${detail}. SQLSTATE: 42K09 ${msg}`.trimEnd(), {
    errorClass: `DATATYPE_MISMATCH.${cls}`,
    sqlState: "42K09",
  });
}

function reflectDef(fname: string, tryMode: boolean): FunctionDef {
  return def(fname, (f: FunctionArgs) => {
    if (f.args.length < 2) throw wrongArgs(fname, "> 1", f.args.length);
    const name = `${fname}(${f.args.map((a) => a.name).join(", ")})`;
    for (const [i, what] of [
      [0, "class"],
      [1, "method"],
    ] as const) {
      const a = f.args[i]!;
      if (!a.foldable || !(a.dataType instanceof StringType)) {
        throw mismatch(name, "NON_FOLDABLE_INPUT", `the input \`${what}\` should be a foldable "STRING" expression; however, got "${a.name}"`, "");
      }
    }
    const cls = String(f.args[0]!.eval([]));
    const method = String(f.args[1]!.eval([]));
    const rest = f.args.slice(2);
    const params: (J | null)[] = rest.map((a, i) => {
      if (a.dataType instanceof NullType) return null;
      const j = JAVA_OF.get(a.dataType);
      if (j === undefined) {
        const ord = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"][i + 2] ?? `${i + 3}th`;
        throw mismatch(
          name,
          "UNEXPECTED_INPUT_TYPE",
          `The ${ord} parameter requires the ("BOOLEAN" or "TINYINT" or "SMALLINT" or "INT" or "BIGINT" or "FLOAT" or "DOUBLE" or "STRING") type, however "${a.name}" has the type "${a.dataType.sql()}"`,
          "",
        );
      }
      return j;
    });
    const methods = Object.hasOwn(TABLE, cls) ? TABLE[cls] : undefined;
    if (methods === undefined) {
      throw mismatch(name, "UNEXPECTED_CLASS_TYPE", `class ${cls} not found`, `(tspark runs no JVM: ${fname} knows only these static methods: ${supportedList()})`);
    }
    const m = (Object.hasOwn(methods, method) ? methods[method] : undefined)?.find((o) => o.params.length === params.length && o.params.every((p, i) => params[i] === null || params[i] === p));
    if (m === undefined) {
      throw mismatch(
        name,
        "UNEXPECTED_STATIC_METHOD",
        `cannot find a static method ${method} that matches the argument types in ${cls}`,
        `(tspark runs no JVM: of ${cls} it knows ${Object.entries(methods)
          .map(([n, os]) => os.map((o) => `${n}(${o.params.join(", ")})`).join(", "))
          .join(", ")})`,
      );
    }
    const evals = rest.map((a) => a.eval);
    const primitive = m.params.map((p) => p !== "String");
    return {
      dataType: StringType(),
      name,
      foldable: false,
      nullable: true,
      eval: (row) => {
        const vals = evals.map((e) => e(row));
        try {
          // Method.invoke refuses null for a primitive parameter. Spark 4.3 raises it as is for a column's null
          // (its local VALUES plan runs on the driver) and as a failed task (SparkException) for a constant null
          // (constant folding fails, so the call runs in a task)
          const bad = vals.findIndex((v, i) => v === null && primitive[i]);
          if (bad >= 0) {
            if (tryMode) return null;
            const msg = `${cls}.${method}: null for a primitive ${m.params[bad]} parameter`;
            throw rest[bad]!.foldable ? new SparkException(`java.lang.IllegalArgumentException: ${msg}`) : new IllegalArgumentException(msg);
          }
          return javaString((m.call as (...a: unknown[]) => unknown)(...vals), m.ret);
        } catch (e) {
          if (!(e instanceof JavaThrow)) throw e;
          if (tryMode) return null;
          throw new SparkException(
            `java.lang.reflect.InvocationTargetException: ${cls}.${method} threw ${e.javaClass}${e.message === "" ? "" : `: ${e.message}`}`,
            { cause: e },
          );
        }
      },
    };
  });
}

export function reflectFunctions(): Record<string, FunctionDef> {
  return { reflect: reflectDef("reflect", false), java_method: reflectDef("java_method", false), try_reflect: reflectDef("try_reflect", true) };
}
