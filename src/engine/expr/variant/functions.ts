/**
 * The VARIANT SQL functions: parse_json / try_parse_json, variant_get / try_variant_get, is_variant_null,
 * is_valid_variant, schema_of_variant, to_variant_object (schema_of_variant_agg is in aggregate.ts beside this).
 * Values, casts, paths and schemas live in the files beside this one; this file only wires them as functions.
 */
import { AnalysisException, SparkThrowable } from "../../errors";
import { BooleanType, type DataType, NullType, StringType, VariantType } from "../../types/data-types";
import { parseDataType } from "../../types/ddl";
import { VARIANT_NULL, VariantVal } from "../../types/variant";
import { type Bound, type FunctionArgs, type FunctionDef, unexpectedInputType } from "../analyze";
import { checkArity, coerceArg, constant, def, nullPropagating } from "../functions/helpers";
import { canBeVariant, canReadVariantAs, compileFromVariant, compileToVariantNode } from "./cast";
import { parseVariantJson } from "./json-text";
import { invalidVariantPath, navigate, type PathStep, parseVariantPath } from "./path";
import { schemaOfNode, schemaText } from "./schema";

const S = StringType();
const V = VariantType();

const callName = (name: string, args: readonly Bound[]): string => `${name}(${args.map((a) => a.name).join(", ")})`;

function variantArg(f: FunctionArgs, i: number, name: string): Bound {
  return coerceArg(f, i, V, callName(name, f.args));
}

function parseJson(name: string, tolerant: boolean): FunctionDef {
  return def(name, (f) => {
    checkArity(name, f.args, 1);
    // Spark takes only strings here (no implicit cast from numbers)
    const a = f.args[0]!;
    if (!(a.dataType instanceof StringType) && !(a.dataType instanceof NullType)) throw unexpectedInputType(callName(name, f.args), 0, '"STRING"', a);
    const s = coerceArg(f, 0, S, callName(name, f.args));
    const parse = (text: unknown) => new VariantVal(parseVariantJson(text as string));
    const evalFn = nullPropagating(
      [s.eval],
      tolerant
        ? (text) => {
            try {
              return parse(text);
            } catch (e) {
              if (e instanceof SparkThrowable) return null;
              throw e;
            }
          }
        : parse,
      false,
    );
    return { dataType: V, eval: evalFn, name: callName(name, f.args) };
  });
}

/** The type argument of variant_get: a constant type string. */
function targetType(f: FunctionArgs, name: string): DataType {
  const b = f.args[2];
  if (b === undefined) return V;
  const v = constant(b);
  if (typeof v !== "string") {
    throw new AnalysisException(
      `[INVALID_SCHEMA.NON_STRING_LITERAL] The input schema "${b.name}" is not a valid schema string. The input expression must be string literal and not null. SQLSTATE: 42K07`,
      { errorClass: "INVALID_SCHEMA.NON_STRING_LITERAL", sqlState: "42K07" },
    );
  }
  let t: DataType;
  try {
    t = parseDataType(v);
  } catch (e) {
    if (!/^\s*[A-Za-z_]\w*\s*$/.test(v)) throw e;
    throw new AnalysisException(`[UNSUPPORTED_DATATYPE] Unsupported data type "${v.trim().toUpperCase()}". SQLSTATE: 0A000`, {
      errorClass: "UNSUPPORTED_DATATYPE",
      sqlState: "0A000",
    });
  }
  if (!canReadVariantAs(t) && !(t instanceof VariantType)) {
    throw new AnalysisException(
      `[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve "${callName(name, f.args.slice(0, 2))}" due to data type mismatch: cannot cast "VARIANT" to "${t.sql()}". SQLSTATE: 42K09`,
      { errorClass: "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION", sqlState: "42K09" },
    );
  }
  return t;
}

function variantGet(name: string, failOnError: boolean): FunctionDef {
  return def(name, (f) => {
    checkArity(name, f.args, 2, 3);
    const v = variantArg(f, 0, name);
    const p = coerceArg(f, 1, S, callName(name, f.args));
    const to = targetType(f, name);
    const read = compileFromVariant(to, f.scope.ctx, failOnError);
    const fixed = constant(p);
    const fixedSteps = typeof fixed === "string" ? parseVariantPath(fixed) : null;
    const stepsOf = (path: string): PathStep[] => {
      const steps = path === fixed ? fixedSteps : parseVariantPath(path);
      if (steps === null) throw invalidVariantPath(path, name);
      return steps;
    };
    const ve = v.eval;
    const pe = p.eval;
    return {
      dataType: to,
      name: callName(name, f.args.slice(0, 2)),
      eval: (row) => {
        const x = ve(row) as VariantVal | null;
        if (x === null) return null;
        const path = pe(row) as string | null;
        if (path === null) return null;
        const node = navigate(x.node, stepsOf(path));
        return node === undefined ? null : read(node);
      },
    };
  });
}

export function variantFunctions(): Record<string, FunctionDef> {
  return {
    parse_json: parseJson("parse_json", false),
    try_parse_json: parseJson("try_parse_json", true),
    variant_get: variantGet("variant_get", true),
    try_variant_get: variantGet("try_variant_get", false),
    is_variant_null: def("is_variant_null", (f) => {
      checkArity("is_variant_null", f.args, 1);
      const e = variantArg(f, 0, "is_variant_null").eval;
      return { dataType: BooleanType(), nullable: false, eval: (row) => (e(row) as VariantVal | null)?.node === VARIANT_NULL };
    }),
    is_valid_variant: def("is_valid_variant", (f) => {
      checkArity("is_valid_variant", f.args, 1);
      // tspark builds every variant itself, so a non-null one is always well formed
      const e = variantArg(f, 0, "is_valid_variant").eval;
      return { dataType: BooleanType(), eval: nullPropagating([e], () => true, false) };
    }),
    schema_of_variant: def("schema_of_variant", (f) => {
      checkArity("schema_of_variant", f.args, 1);
      const e = variantArg(f, 0, "schema_of_variant").eval;
      return { dataType: S, eval: nullPropagating([e], (x) => schemaText(schemaOfNode((x as VariantVal).node)), false) };
    }),
    to_variant_object: def("to_variant_object", (f) => {
      checkArity("to_variant_object", f.args, 1);
      const a = f.args[0]!;
      const t = a.dataType;
      const nested = t.typeName() === "struct" || t.typeName() === "map" || t.typeName() === "array";
      if (!nested || !canBeVariant(t, true)) {
        throw new AnalysisException(
          `[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve "${callName("to_variant_object", f.args)}" due to data type mismatch: cannot cast "${t.sql()}" to "VARIANT". SQLSTATE: 42K09`,
          { errorClass: "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION", sqlState: "42K09" },
        );
      }
      const conv = compileToVariantNode(t, f.scope.ctx);
      return { dataType: V, eval: nullPropagating([a.eval], (x) => new VariantVal(conv(x)), false) };
    }),
  };
}
