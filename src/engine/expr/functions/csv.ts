/**
 * CSV SQL functions: from_csv (one CSV record into a struct, Spark's PERMISSIVE mode: a field that does not
 * convert is null), to_csv (a struct as one CSV line, quoting a value holding the separator, a quote or a line
 * break, and escaping quotes with a backslash, as Spark's univocity writer does), schema_of_csv.
 */
import { AnalysisException } from "../../errors";
import { StringType } from "../../types/data-types";
import { parseDataType } from "../../types/ddl";
import { StructTypeImpl } from "../../types/struct-type";
import type { Bound, FunctionDef } from "../analyze";
import { castToString, compileCast } from "../cast";
import { checkArity, coerceArg, constant, def, nullPropagating } from "./helpers";

const S = StringType();

function options(b: Bound | undefined): Map<string, string> {
  const v = b === undefined ? undefined : constant(b);
  return v instanceof Map ? new Map([...v].map(([k, x]) => [String(k), String(x)])) : new Map();
}

/** Splits one CSV record (quote `"`, escape `\`), keeping empty fields. */
export function splitCsv(line: string, sep: string, quote = '"', esc = "\\"): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === esc && line[i + 1] === quote) {
        cur += quote;
        i++;
      } else if (c === quote && line[i + 1] === quote) {
        cur += quote;
        i++;
      } else if (c === quote) quoted = false;
      else cur += c;
    } else if (c === quote && cur.trim() === "") {
      quoted = true;
      wasQuoted = true;
      cur = "";
    } else if (line.startsWith(sep, i)) {
      out.push(cur);
      cur = "";
      wasQuoted = false;
      i += sep.length - 1;
    } else cur += c;
  }
  out.push(cur);
  void wasQuoted;
  return out;
}

function inferType(s: string): string {
  if (/^[-+]?\d+$/.test(s)) {
    const n = BigInt(s);
    return n >= -2147483648n && n <= 2147483647n ? "INT" : n >= -(2n ** 63n) && n < 2n ** 63n ? "BIGINT" : "DECIMAL(38,0)";
  }
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) || /^[-+]?(NaN|Infinity)$/.test(s)) return "DOUBLE";
  if (/^(true|false)$/i.test(s)) return "BOOLEAN";
  return "STRING";
}

export function csvFunctions(): Record<string, FunctionDef> {
  return {
    from_csv: def("from_csv", (f) => {
      checkArity("from_csv", f.args, 2, 3);
      const src = coerceArg(f, 0, S, "from_csv");
      const text = constant(f.args[1]);
      if (typeof text !== "string") {
        throw new AnalysisException(`[INVALID_SCHEMA.NON_STRING_LITERAL] The input schema "${f.args[1]!.name}" is not a valid schema string. SQLSTATE: 42K07`, {
          errorClass: "INVALID_SCHEMA.NON_STRING_LITERAL",
          sqlState: "42K07",
        });
      }
      const t = parseDataType(text.trim().toUpperCase().startsWith("STRUCT<") ? text : `struct<${text.replace(/(\w+)\s+([^,]+)/g, "$1: $2")}>`);
      const schema = t instanceof StructTypeImpl ? t : new StructTypeImpl([]);
      const opts = options(f.args[2]);
      const sep = opts.get("sep") ?? opts.get("delimiter") ?? ",";
      const ctx = { ...f.scope.ctx, ansi: false };
      const casts = schema.fields.map((fl) => compileCast(S, fl.dataType, ctx));
      return {
        dataType: schema,
        name: `from_csv(${f.args[0]!.name})`,
        eval: nullPropagating([src.eval], (v) => {
          const parts = splitCsv(v as string, sep);
          return schema.fields.map((_, i) => {
            const p = parts[i];
            if (p === undefined || p === "") return null;
            try {
              return casts[i]!(p);
            } catch {
              return null;
            }
          });
        }, false),
      };
    }),
    to_csv: def("to_csv", (f) => {
      checkArity("to_csv", f.args, 1, 2);
      const a = f.args[0]!;
      if (!(a.dataType instanceof StructTypeImpl)) {
        throw new AnalysisException(
          `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "to_csv(${a.name})" due to data type mismatch: Parameter 1 requires the "STRUCT" type, however "${a.name}" has the type "${a.dataType.sql()}". SQLSTATE: 42K09`,
          { errorClass: "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", sqlState: "42K09" },
        );
      }
      const opts = options(f.args[1]);
      const sep = opts.get("sep") ?? opts.get("delimiter") ?? ",";
      const strs = a.dataType.fields.map((fl) => castToString(fl.dataType, f.scope.ctx));
      const quote = (s: string) => (s.includes(sep) || s.includes('"') || /[\r\n]/.test(s) ? `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"` : s);
      return {
        dataType: S,
        eval: nullPropagating([a.eval], (v) => (v as unknown[]).map((x, i) => (x === null ? "" : quote(String(strs[i]!(x))))).join(sep), false),
      };
    }),
    schema_of_csv: def("schema_of_csv", (f) => {
      checkArity("schema_of_csv", f.args, 1, 2);
      const text = constant(f.args[0]);
      const opts = options(f.args[1]);
      const sep = opts.get("sep") ?? opts.get("delimiter") ?? ",";
      const r = typeof text === "string" ? `STRUCT<${splitCsv(text, sep).map((p, i) => `_c${i}: ${inferType(p)}`).join(", ")}>` : null;
      return { dataType: S, eval: () => r, foldable: true };
    }),
  };
}
