/**
 * The FROM clause of `spark.sql` with joins, kept out of parser.ts (Spark's `fromClause` / `joinRelation`):
 *   relation (',' relation)*                          comma joins: cross products, filtered by WHERE above
 *   relation [NATURAL] joinType JOIN relation [ON cond | USING (a, b)]
 *   joinType: [INNER] | CROSS | LEFT [OUTER] | RIGHT [OUTER] | FULL [OUTER] | [LEFT] SEMI | [LEFT] ANTI
 */
import { type JoinType, type LogicalPlan, node } from "../plan/nodes";
import type * as A from "./ast";

/** What the join grammar needs from the SQL parser. */
export interface JoinParserHost {
  isKw(w: string, k?: number): boolean;
  acceptKw(...ws: string[]): boolean;
  expectKw(w: string): void;
  acceptOp(o: string): boolean;
  expectOp(o: string): void;
  identifier(): string;
  expression(): A.Expr;
  relation(): LogicalPlan;
  tableFunction(input: LogicalPlan): LogicalPlan;
}

/** Words that start a join and so never name a table alias (Spark's strict non-reserved keywords). */
export const JOIN_WORDS: ReadonlySet<string> = new Set(["join", "inner", "cross", "left", "right", "full", "semi", "anti", "natural", "using", "on", "minus"]);

/** The join type of the words at the cursor, consumed with JOIN; null when no join starts here. */
function joinType(p: JoinParserHost): JoinType | null {
  const forms: [string[], JoinType][] = [
    [["join"], "inner"],
    [["inner", "join"], "inner"],
    [["cross", "join"], "cross"],
    [["left", "outer", "join"], "left"],
    [["left", "join"], "left"],
    [["left", "semi", "join"], "semi"],
    [["semi", "join"], "semi"],
    [["left", "anti", "join"], "anti"],
    [["anti", "join"], "anti"],
    [["right", "outer", "join"], "right"],
    [["right", "join"], "right"],
    [["full", "outer", "join"], "full"],
    [["full", "join"], "full"],
  ];
  for (const [words, t] of forms) if (p.acceptKw(...words)) return t;
  return null;
}

/** One FROM item with its JOIN chain, left-deep as Spark builds it. */
function joinedRelation(p: JoinParserHost): LogicalPlan {
  let plan = p.relation();
  for (;;) {
    const natural = p.acceptKw("natural");
    const t = joinType(p);
    if (t === null) {
      if (natural) p.expectKw("join");
      return plan;
    }
    const right = p.relation();
    let condition: A.Expr | null = null;
    let using: string[] | null = null;
    if (!natural && p.acceptKw("on")) condition = p.expression();
    else if (!natural && p.acceptKw("using")) {
      p.expectOp("(");
      using = [p.identifier()];
      while (p.acceptOp(",")) using.push(p.identifier());
      p.expectOp(")");
    }
    plan = node({ kind: "Join", left: plan, right, joinType: t, condition, using, ...(natural ? { natural: true as const } : {}) });
  }
}

/** After FROM: the relations, comma-separated, each with its joins. */
export function fromClause(p: JoinParserHost): LogicalPlan {
  let plan = joinedRelation(p);
  while (p.acceptOp(",")) {
    // `, LATERAL fn(t.col) alias`: a table function reading the relations to its left, row by row
    if (p.acceptKw("lateral")) plan = p.tableFunction(plan);
    else plan = node({ kind: "Join", left: plan, right: joinedRelation(p), joinType: "inner", condition: null, using: null });
  }
  return plan;
}
