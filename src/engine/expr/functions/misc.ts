/**
 * Miscellaneous functions: type-named cast functions (int(x), string(x) ...), typeof, raise_error.
 */
import { SparkRuntimeException } from "../../errors";
import { parseDataType } from "../../types/ddl";
import { StringType } from "../../types/data-types";
import { coerce, type FunctionDef } from "../analyze";
import { canCast, cannotCast, compileCast } from "../cast";
import { checkArity, def } from "./helpers";

function castFn(name: string, typeText: string): FunctionDef {
  return def(name, (f) => {
    checkArity(name, f.args, 1);
    const to = parseDataType(typeText);
    const a = f.args[0]!;
    const nm = a.name;
    if (!canCast(a.dataType, to)) throw cannotCast(a.dataType, to, nm);
    const conv = compileCast(a.dataType, to, f.scope.ctx);
    const e = a.eval;
    void coerce;
    return {
      dataType: to,
      name: nm,
      eval: (row) => {
        const v = e(row);
        return v === null ? null : conv(v);
      },
    };
  });
}

export function miscFunctions(): Record<string, FunctionDef> {
  const casts: Record<string, string> = {
    boolean: "boolean",
    tinyint: "tinyint",
    smallint: "smallint",
    int: "int",
    bigint: "bigint",
    float: "float",
    double: "double",
    decimal: "decimal(10,0)",
    string: "string",
    binary: "binary",
    date: "date",
    timestamp: "timestamp",
  };
  const out: Record<string, FunctionDef> = {};
  for (const [n, t] of Object.entries(casts)) out[n] = castFn(n, t);
  out.typeof = def("typeof", (f) => {
    const t = f.args[0]!.dataType.catalogString(); // Spark prints the catalogString (never truncated)
    return { dataType: StringType(), eval: () => t, nullable: false, foldable: true };
  });
  out.raise_error = def("raise_error", (f) => {
    const e = f.args[0]!.eval;
    return {
      dataType: StringType(),
      foldable: false,
      eval: (row) => {
        throw new SparkRuntimeException(`[USER_RAISED_EXCEPTION] ${String(e(row))} SQLSTATE: P0001`, {
          errorClass: "USER_RAISED_EXCEPTION",
          sqlState: "P0001",
        });
      },
    };
  });
  return out;
}
