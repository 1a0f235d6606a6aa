/**
 * Smaller functions without a family of their own: regexp_count/regexp_instr/regexp_substr, the UTF-8
 * validators (a JavaScript string holds valid text unless it has a lone surrogate), base32, hmac, shuffle,
 * window_time, grouping/grouping_id outside cube/rollup, and the generators' SQL names (explode, posexplode, inline, stack are
 * planned by plan/generate.ts from the select list; anywhere else they are Spark's error).
 */
import { createHmac, randomInt } from "node:crypto";
import { AnalysisException } from "../../errors";
import { ArrayType, BinaryType, BooleanType, IntegerType, StringType } from "../../types/data-types";
import { StructTypeImpl } from "../../types/struct-type";
import type { FunctionDef } from "../analyze";
import { checkArity, coerceArg, def, intLit, nullPropagating, simple } from "./helpers";
import { javaRegex } from "./string";

const S = StringType();
const B = BinaryType();
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function toBase32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += "=";
  return out;
}
function fromBase32(text: string): Uint8Array {
  const clean = text.replace(/=+$/, "").toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const i = B32.indexOf(ch);
    if (i < 0) continue;
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

const text = (v: unknown): string => (v instanceof Uint8Array ? Buffer.from(v).toString("utf8") : (v as string));

function generatorOutsideSelect(name: string): FunctionDef {
  return def(name, () => {
    throw new AnalysisException(
      `[UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS] The generator is not supported: nested in expressions "${name}". Use it alone in a SELECT list (SELECT ${name}(...) FROM t) or with df.select(${name}(...)). SQLSTATE: 42K0E`,
      { errorClass: "UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS", sqlState: "42K0E" },
    );
  });
}

export function miscMoreFunctions(): Record<string, FunctionDef> {
  const generators = Object.fromEntries(["explode", "explode_outer", "posexplode", "posexplode_outer", "inline", "inline_outer", "stack"].map((n) => [n, generatorOutsideSelect(n)]));
  // grouping()/grouping_id() are replaced by constants inside df.cube/rollup (api/data-frame-ops.ts)
  const grouping = (name: string): FunctionDef =>
    def(name, () => {
      throw new AnalysisException("[UNSUPPORTED_GROUPING_EXPRESSION] grouping()/grouping_id() can only be used with GroupingSets/Cube/Rollup. SQLSTATE: 42K0E", {
        errorClass: "UNSUPPORTED_GROUPING_EXPRESSION",
        sqlState: "42K0E",
      });
    });
  return {
    __partition_transform: def("__partition_transform", (f) => {
      const args = f.args.slice(1).map((a) => a.name);
      const name = String(f.args[0]?.eval([]));
      throw new AnalysisException(
        `[PARTITION_TRANSFORM_EXPRESSION_NOT_IN_PARTITIONED_BY] The expression ${name}(${args.join(", ")}) must be inside 'partitionedBy'. SQLSTATE: 42S23`,
        { errorClass: "PARTITION_TRANSFORM_EXPRESSION_NOT_IN_PARTITIONED_BY", sqlState: "42S23" },
      );
    }),
    ...generators,
    grouping: grouping("grouping"),
    grouping_id: grouping("grouping_id"),
    regexp_count: simple("regexp_count", [S, S], IntegerType(), () => (s: string, p: string) => (s.match(javaRegex(p, "g")) ?? []).length),
    regexp_substr: simple("regexp_substr", [S, S], S, () => (s: string, p: string) => javaRegex(p).exec(s)?.[0] ?? null),
    regexp_instr: simple("regexp_instr", [S, S, IntegerType()], IntegerType(), () => (s: string, p: string) => {
      const m = javaRegex(p).exec(s);
      return m === null ? 0 : [...s.slice(0, m.index)].length + 1;
    }, { min: 2, defaults: [intLit(0)] }),
    is_valid_utf8: simple("is_valid_utf8", ["any"], BooleanType(), () => (v: unknown) => !LONE_SURROGATE.test(text(v))),
    make_valid_utf8: simple("make_valid_utf8", ["any"], S, () => (v: unknown) => text(v).replace(new RegExp(LONE_SURROGATE, "g"), "\uFFFD")),
    validate_utf8: simple("validate_utf8", ["any"], S, () => (v: unknown) => {
      const s = text(v);
      if (LONE_SURROGATE.test(s)) {
        throw new AnalysisException(`[INVALID_UTF8_STRING] Invalid UTF8 byte sequence found in string. SQLSTATE: 22029`, { errorClass: "INVALID_UTF8_STRING", sqlState: "22029" });
      }
      return s;
    }),
    try_validate_utf8: simple("try_validate_utf8", ["any"], S, () => (v: unknown) => {
      const s = text(v);
      return LONE_SURROGATE.test(s) ? null : s;
    }),
    to_base32: simple("to_base32", [B], S, () => (b: Uint8Array) => toBase32(b)),
    from_base32: simple("from_base32", [S], B, () => (s: string) => fromBase32(s)),
    hmac: def("hmac", (f) => {
      checkArity("hmac", f.args, 2, 3);
      const m = coerceArg(f, 0, B, "hmac");
      const k = coerceArg(f, 1, B, "hmac");
      const a = f.args.length > 2 ? coerceArg(f, 2, S, "hmac").eval : () => "SHA-256";
      return {
        dataType: B,
        name: `hmac(${f.args.map((x) => x.name).join(", ")}${f.args.length > 2 ? "" : ", SHA-256"})`,
        eval: nullPropagating([m.eval, k.eval, a], (msg, key, algo) => {
          const name = String(algo).toLowerCase().replace("-", "");
          // Spark keys the MAC with its first argument and digests the second (checked against Spark 4.3)
          return Uint8Array.from(createHmac(name, msg as Uint8Array).update(key as Uint8Array).digest());
        }, false),
      };
    }),
    shuffle: def("shuffle", (f) => {
      checkArity("shuffle", f.args, 1, 2);
      const a = f.args[0]!;
      return {
        dataType: a.dataType instanceof ArrayType ? a.dataType : ArrayType(a.dataType, true),
        foldable: false,
        eval: nullPropagating([a.eval], (v) => {
          const out = [...(v as unknown[])];
          for (let i = out.length - 1; i > 0; i--) {
            const j = randomInt(i + 1);
            [out[i], out[j]] = [out[j], out[i]];
          }
          return out;
        }, false),
      };
    }),
    window_time: def("window_time", (f) => {
      checkArity("window_time", f.args, 1);
      const w = f.args[0]!;
      const st = w.dataType;
      if (!(st instanceof StructTypeImpl) || st.fieldNames().join(",") !== "start,end") {
        throw new AnalysisException(
          `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "window_time(${w.name})" due to data type mismatch: Parameter 1 requires the "STRUCT<start: TIMESTAMP, end: TIMESTAMP>" type, however "${w.name}" has the type "${st.sql()}". SQLSTATE: 42K09`,
          { errorClass: "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", sqlState: "42K09" },
        );
      }
      // the window's last microsecond: the event time of a window's aggregate, as in Spark
      return { dataType: st.fields[1]!.dataType, eval: nullPropagating([w.eval], (v) => ((v as bigint[])[1] as bigint) - 1n, false) };
    }),
  };
}
