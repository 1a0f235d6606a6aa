/**
 * Hive's LATERAL VIEW, kept out of parser.ts (Spark's `lateralView` rule, after the FROM relations):
 *   FROM rel LATERAL VIEW [OUTER] generator(args) tbl [[AS] col, col ...] [LATERAL VIEW ...]
 * Each one becomes a Generate (our Expand node) over what precedes it, so a later view can read the columns
 * an earlier one made. The generated columns are qualified by `tbl` (`t.pos`, `t.*`); without column names
 * they take the generator's own (col / pos, col / key, value ...).
 */
import { type LogicalPlan, node } from "../plan/nodes";
import type * as A from "./ast";

/** What the LATERAL VIEW grammar needs from the SQL parser. */
export interface LateralViewParserHost {
  isKw(w: string, k?: number): boolean;
  acceptKw(...ws: string[]): boolean;
  acceptOp(o: string): boolean;
  identifier(): string;
  expression(): A.Expr;
  /** True when the next token is an identifier that is not a reserved word (a name, not the next clause). */
  atName(): boolean;
  fail(t?: never, hint?: string): never;
}

/** Wraps `plan` in one Expand per LATERAL VIEW at the cursor; returns `plan` unchanged when none follows. */
export function lateralViews(p: LateralViewParserHost, plan: LogicalPlan): LogicalPlan {
  let out = plan;
  while (p.isKw("lateral") && p.isKw("view", 1)) {
    p.acceptKw("lateral", "view");
    const outer = p.acceptKw("outer");
    const call = p.expression();
    if (call.kind !== "Call") p.fail(undefined, ": LATERAL VIEW takes a generator call such as explode(xs)");
    const table = p.identifier();
    const names: string[] = [];
    if (p.acceptKw("as") || p.atName()) {
      names.push(p.identifier());
      while (p.acceptOp(",")) names.push(p.identifier());
    }
    out = node({ kind: "Expand", child: out, generator: call.args[0] ?? call, outer, names, fn: call.name, args: call.args, qualifier: table, lateral: true });
  }
  return out;
}
