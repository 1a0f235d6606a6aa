/**
 * CAST / TRY_CAST expressions: which casts the analyzer accepts in each mode, and how they evaluate.
 *
 * Spark checks a cast against the mode's rules (Cast.canCast, canAnsiCast, canTryCast): with ANSI on, or for
 * TRY_CAST, an integral number cannot become BINARY (Spark only allows it as a legacy non-ANSI cast), and the
 * ANSI error suggests the setting that allows it (DATATYPE_MISMATCH.CAST_WITH_CONF_SUGGESTION). TRY_CAST
 * converts with ANSI rules and turns every runtime cast error (overflow, malformed input) into NULL.
 */
import { AnalysisException, SparkThrowable, sparkError } from "../errors";
import { BinaryType, type DataType } from "../types/data-types";
import { type Bound, type Eval, analyzeExpr, type Scope } from "./analyze";
import type * as A from "./ast";
import { canCast, castDisplayName, compileCast } from "./cast";
import { isIntegralType } from "./coercion";
import { namedOperand } from "./naming";

/** Casts the legacy (non-ANSI) rules allow but ANSI rules and TRY_CAST do not. */
function legacyOnly(from: DataType, to: DataType): boolean {
  return isIntegralType(from) && to instanceof BinaryType;
}

export function analyzeCast(e: A.Cast, scope: Scope): Bound {
  const c = analyzeExpr(e.child, scope);
  const tryMode = e.mode === "try";
  // (a cast of a variant to a complex type is named after its child: Spark makes it a VariantGet)
  const name = castDisplayName(e.mode, c.name, c.dataType, e.to);
  const params = { sqlExpr: `"${name}"`, srcType: `"${c.dataType.sql()}"`, targetType: `"${e.to.sql()}"` };
  if (!canCast(c.dataType, e.to) || (tryMode && legacyOnly(c.dataType, e.to))) {
    throw sparkError(AnalysisException, "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION", params);
  }
  if (scope.ctx.ansi && legacyOnly(c.dataType, e.to)) {
    throw sparkError(AnalysisException, "DATATYPE_MISMATCH.CAST_WITH_CONF_SUGGESTION", {
      ...params,
      config: '"spark.sql.ansi.enabled"',
      configVal: '"false"',
    });
  }
  // TRY_CAST converts as ANSI does (an overflow is an error, not a wrap-around) and answers NULL for the error.
  const ctx = tryMode ? { ...scope.ctx, ansi: true } : scope.ctx;
  const conv = compileCast(c.dataType, e.to, ctx);
  const ce = c.eval;
  let evalFn: Eval = (row) => {
    const v = ce(row);
    return v === null ? null : conv(v);
  };
  if (tryMode) {
    const inner = evalFn;
    evalFn = (row) => {
      try {
        return inner(row);
      } catch (err) {
        if (err instanceof SparkThrowable) return null;
        throw err;
      }
    };
  }
  const castOfColumn = namedOperand(e.child, c);
  return { dataType: e.to, nullable: true, name, eval: evalFn, foldable: c.foldable, ...(castOfColumn !== undefined ? { castOfColumn } : {}) };
}
