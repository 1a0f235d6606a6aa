/**
 * CASE WHEN over bound branches: the SQL `CASE [operand] WHEN ... END` form (the analyzer binds its parts) and
 * the SQL function `when(cond, value [, cond, value ...] [, else])`, which Spark registers as the same CaseWhen.
 */
import { BooleanType, NullType } from "../types/data-types";
import { type Bound, coerce, type FunctionDef, type Scope, typeMismatch, unexpectedInputType } from "./analyze";
import { commonTypeOf } from "./coercion";
import { wrongArgs } from "./functions/helpers";

export function caseWhen(conds: readonly Bound[], vals: readonly Bound[], elseB: Bound | null, scope: Scope): Bound {
  const all = elseB ? [...vals, elseB] : vals;
  const t = commonTypeOf(
    all.map((b) => b.dataType),
    scope.ctx.ansi,
    true,
  );
  const parts = ["CASE"];
  conds.forEach((c, i) => {
    parts.push(`WHEN ${c.name} THEN ${vals[i]!.name}`);
  });
  if (elseB) parts.push(`ELSE ${elseB.name}`);
  parts.push("END");
  const name = parts.join(" ");
  if (t === null) {
    throw typeMismatch(name, `DATA_DIFF_TYPES: Input to \`casewhen\` should all be the same type, but it's [${all.map((b) => `"${b.dataType.sql()}"`).join(", ")}]`);
  }
  conds.forEach((c, i) => {
    if (!(c.dataType instanceof BooleanType) && !(c.dataType instanceof NullType)) throw unexpectedInputType(name, i, '"BOOLEAN"', c);
  });
  const ce = conds.map((c) => c.eval);
  const ve = vals.map((v) => coerce(v, t, scope.ctx).eval);
  const ee = elseB ? coerce(elseB, t, scope.ctx).eval : () => null;
  const n = ce.length;
  return {
    dataType: t,
    nullable: true,
    name,
    eval: (row) => {
      for (let i = 0; i < n; i++) if (ce[i]!(row) === true) return ve[i]!(row);
      return ee(row);
    },
    foldable: [...conds, ...all].every((b) => b.foldable),
  };
}

/** SQL `when(c1, v1, c2, v2, ..., [else])`: pairs of condition and value, an odd last argument is the ELSE (`when(x)` is `CASE ELSE x END`). */
export const whenFunction: FunctionDef = {
  name: "when",
  resolve: (f) => {
    if (f.args.length < 1) throw wrongArgs("when", "> 0", f.args.length);
    const pairs = Math.floor(f.args.length / 2);
    const conds = Array.from({ length: pairs }, (_, i) => f.args[2 * i]!);
    const vals = Array.from({ length: pairs }, (_, i) => f.args[2 * i + 1]!);
    const elseB = f.args.length % 2 === 1 ? f.args[f.args.length - 1]! : null;
    return caseWhen(conds, vals, elseB, f.scope);
  },
};
