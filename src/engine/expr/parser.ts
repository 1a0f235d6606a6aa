/**
 * Recursive-descent Spark SQL parser for expressions (`expr`, `selectExpr`, `filter` strings) and
 * for the statements `spark.sql` runs (SELECT ... FROM view/VALUES WHERE GROUP BY HAVING ORDER BY
 * LIMIT, UNION, SET, CREATE/DROP TEMPORARY VIEW, CREATE TABLE ... AS SELECT as a temp view).
 * Precedence follows Spark's SqlBaseParser: OR < AND < NOT < predicates < comparison < | < ^ < &
 * < + - || < * / % DIV < unary < postfix ([], ., ::) < primary. Errors are ParseExceptions with a caret.
 */
import { parseErrorAt, sparkMessage, syntaxError } from "../errors";
import {
  BinaryType,
  type DataType,
  DecimalType,
  DoubleType,
  FloatType,
  IntegerType,
  LongType,
  NullType,
  ShortType,
  ByteType,
  StringType,
  BooleanType,
} from "../types/data-types";
import { parseDataType } from "../types/ddl";
import { Decimal } from "../types/decimal";
import type { LogicalPlan, Statement } from "../plan/nodes";
import { node } from "../plan/nodes";
import * as A from "./ast";
import { castAfterExtract, variantExtract } from "./variant/colon-path";
import { GENERATOR_NAMES } from "../plan/generate";
import type { PathStep } from "./variant/path";
import { fromClause, JOIN_WORDS } from "./join-parser";
import { lateralViews } from "./lateral-view-parser";
import { overClause, resolveNamedWindows, windowClause } from "./window-parser";
import { type Token, tokenize } from "./lexer";

const RESERVED = new Set([
  "from", "where", "group", "having", "order", "limit", "union", "except", "intersect", "and", "or", "not", "is", "in",
  "between", "like", "ilike", "rlike", "regexp", "as", "on", "join", "when", "then", "else", "end", "sort", "cluster",
  "distribute", "window", "select", "inner", "left", "right", "full", "cross", "lateral", "by", "asc", "desc", "nulls",
  "escape", "offset", "all", "distinct", "similar", "div",
]);

const CLAUSE_WORDS = new Set(["from", "where", "group", "having", "order", "limit", "union", "select", "then", "else", "when", "and", "or", "as", "join"]);

export class Parser {
  private i = 0;
  private readonly toks: Token[];

  constructor(private readonly src: string) {
    this.toks = tokenize(src);
  }

  // ---- token helpers ------------------------------------------------------------------------
  private peek(k = 0): Token {
    return this.toks[Math.min(this.i + k, this.toks.length - 1)]!;
  }
  private next(): Token {
    const t = this.peek();
    if (t.type !== "eof") this.i++;
    return t;
  }
  fail(t: Token = this.peek(), hint = ""): never {
    throw syntaxError(this.src, t.pos, t.type === "eof" ? null : this.src.slice(t.pos, t.end), hint);
  }
  isKw(w: string, k = 0): boolean {
    const t = this.peek(k);
    return t.type === "ident" && t.value.toLowerCase() === w;
  }
  acceptKw(...ws: string[]): boolean {
    for (let k = 0; k < ws.length; k++) if (!this.isKw(ws[k]!, k)) return false;
    this.i += ws.length;
    return true;
  }
  expectKw(w: string): void {
    if (!this.acceptKw(w)) this.fail();
  }
  private isOp(o: string, k = 0): boolean {
    const t = this.peek(k);
    return t.type === "op" && t.value === o;
  }
  acceptOp(o: string): boolean {
    if (!this.isOp(o)) return false;
    this.i++;
    return true;
  }
  expectOp(o: string): void {
    if (!this.acceptOp(o)) this.fail();
  }
  atEnd(): boolean {
    return this.peek().type === "eof";
  }
  expectEnd(): void {
    this.acceptOp(";");
    if (!this.atEnd()) this.fail();
  }

  /** An identifier (plain or backticked). */
  identifier(): string {
    const t = this.peek();
    if (t.type === "ident" || t.type === "qident") {
      this.i++;
      return t.value;
    }
    return this.fail();
  }
  private multipartName(): string[] {
    const parts = [this.identifier()];
    while (this.isOp(".") && (this.peek(1).type === "ident" || this.peek(1).type === "qident")) {
      this.i++;
      parts.push(this.identifier());
    }
    return parts;
  }

  // ---- expressions --------------------------------------------------------------------------
  expression(): A.Expr {
    return this.orExpr();
  }
  private orExpr(): A.Expr {
    let l = this.andExpr();
    while (this.acceptKw("or")) l = A.binary("OR", l, this.andExpr());
    return l;
  }
  private andExpr(): A.Expr {
    let l = this.notExpr();
    while (this.acceptKw("and")) l = A.binary("AND", l, this.notExpr());
    return l;
  }
  private notExpr(): A.Expr {
    if (this.acceptKw("not") || (this.isOp("!") && !this.isOp("=", 1) && this.acceptOp("!"))) return A.unary("NOT", this.notExpr());
    return this.predicate();
  }
  private predicate(): A.Expr {
    const e = this.comparison();
    return this.predicateSuffix(e);
  }
  private predicateSuffix(e: A.Expr): A.Expr {
    const save = this.i;
    const negated = this.acceptKw("not");
    if (this.acceptKw("between")) {
      const lo = this.bitOr();
      this.expectKw("and");
      const hi = this.bitOr();
      return this.predicateSuffix(A.between(e, lo, hi, negated));
    }
    if (this.acceptKw("in")) {
      this.expectOp("(");
      if (this.atQuery()) {
        // x IN (SELECT ...); (a, b) IN (SELECT x, y ...) compares column by column
        const { plan, text } = this.subqueryText();
        const values = e.kind === "Call" && e.name === "named_struct_tuple" ? e.args : [e];
        return this.predicateSuffix(A.subquery("in", plan, { values, negated, text }));
      }
      const list: A.Expr[] = [];
      if (!this.isOp(")")) {
        list.push(this.expression());
        while (this.acceptOp(",")) list.push(this.expression());
      }
      this.expectOp(")");
      return this.predicateSuffix(A.inList(e, list, negated));
    }
    const likeOp = this.isKw("like") ? "LIKE" : this.isKw("ilike") ? "ILIKE" : this.isKw("rlike") || this.isKw("regexp") ? "RLIKE" : null;
    if (likeOp !== null) {
      this.i++;
      if (likeOp !== "RLIKE" && (this.isKw("any") || this.isKw("all") || this.isKw("some"))) {
        const q = this.next().value.toUpperCase() as "ANY" | "ALL" | "SOME";
        this.expectOp("(");
        const patterns = [this.expression()];
        while (this.acceptOp(",")) patterns.push(this.expression());
        this.expectOp(")");
        const base = A.like(likeOp, e, patterns[0]!, null, negated);
        return Object.freeze({ ...base, quantifier: q, patterns });
      }
      const pattern = this.bitOr();
      let esc: string | null = null;
      if (this.acceptKw("escape")) {
        const t = this.next();
        if (t.type !== "string") this.fail(t);
        esc = t.value;
      }
      return this.predicateSuffix(A.like(likeOp, e, pattern, esc, negated));
    }
    if (!negated && this.acceptKw("is")) {
      const neg = this.acceptKw("not");
      if (this.acceptKw("null")) return this.predicateSuffix(A.isNull(e, neg));
      if (this.acceptKw("true")) return this.predicateSuffix(A.call(neg ? "__is_not_true" : "__is_true", [e]));
      if (this.acceptKw("false")) return this.predicateSuffix(A.call(neg ? "__is_not_false" : "__is_false", [e]));
      if (this.acceptKw("distinct", "from")) {
        const r = this.comparison();
        const eq = A.binary("<=>", e, r);
        return neg ? eq : A.unary("NOT", eq);
      }
      this.fail();
    }
    this.i = save;
    return e;
  }
  private comparison(): A.Expr {
    let l = this.bitOr();
    for (;;) {
      const t = this.peek();
      if (t.type === "op" && ["=", "==", "<=>", "!=", "<>", "<", "<=", ">", ">="].includes(t.value)) {
        this.i++;
        l = A.binary(t.value as A.BinaryOp, l, this.bitOr());
      } else return l;
    }
  }
  private bitOr(): A.Expr {
    let l = this.bitXor();
    while (this.isOp("|")) {
      this.i++;
      l = A.binary("|", l, this.bitXor());
    }
    return l;
  }
  private bitXor(): A.Expr {
    let l = this.bitAnd();
    while (this.acceptOp("^")) l = A.binary("^", l, this.bitAnd());
    return l;
  }
  private bitAnd(): A.Expr {
    let l = this.additive();
    while (this.acceptOp("&")) l = A.binary("&", l, this.additive());
    return l;
  }
  private additive(): A.Expr {
    let l = this.multiplicative();
    for (;;) {
      if (this.acceptOp("+")) l = A.binary("+", l, this.multiplicative());
      else if (this.acceptOp("-")) l = A.binary("-", l, this.multiplicative());
      else if (this.acceptOp("||")) l = A.binary("||", l, this.multiplicative());
      else return l;
    }
  }
  private multiplicative(): A.Expr {
    let l = this.unaryExpr();
    for (;;) {
      if (this.acceptOp("*")) l = A.binary("*", l, this.unaryExpr());
      else if (this.acceptOp("/")) l = A.binary("/", l, this.unaryExpr());
      else if (this.acceptOp("%")) l = A.binary("%", l, this.unaryExpr());
      else if (this.acceptKw("div")) l = A.binary("div", l, this.unaryExpr());
      else return l;
    }
  }
  private unaryExpr(): A.Expr {
    if (this.acceptOp("-")) {
      const numberNext = this.peek().type === "number";
      const c = this.unaryExpr();
      // -5 is a negative literal (Spark folds the sign into numeric literals)
      if (numberNext && c.kind === "Literal" && c.display === undefined && isNumericLiteralValue(c.value) && this.lastWasNumber(c)) return negateLiteral(c);
      return A.unary("-", c);
    }
    if (this.acceptOp("+")) return A.unary("+", this.unaryExpr());
    if (this.acceptOp("~")) return A.unary("~", this.unaryExpr());
    return this.postfix(this.primary());
  }
  private lastWasNumber(_c: A.Literal): boolean {
    return this.toks[this.i - 1]?.type === "number";
  }
  private postfix(e: A.Expr): A.Expr {
    for (;;) {
      if (this.acceptOp("[")) {
        const idx = this.expression();
        this.expectOp("]");
        e = A.subscript(e, idx);
      } else if (this.isOp(".") && (this.peek(1).type === "ident" || this.peek(1).type === "qident")) {
        this.i++;
        const f = this.identifier();
        e = e.kind === "ColumnRef" ? A.colRef([...e.parts, f]) : A.fieldAccess(e, f);
      } else if (this.isOp(".") && this.isOp("*", 1) && e.kind === "ColumnRef") {
        this.i += 2;
        e = A.star(e.parts);
      } else if (this.isOp(":") && (this.peek(1).type === "ident" || this.peek(1).type === "qident" || this.isOp("[", 1))) {
        this.i++;
        e = variantExtract(e, this.variantPathSteps());
      } else if (this.acceptOp("::")) {
        e = castAfterExtract(e, this.dataType());
      } else return e;
    }
  }

  /** The steps of `v:a.b[0]['c']` after the colon: a key or [..] first, then .key / [index] / ['key']. */
  private variantPathSteps(): PathStep[] {
    const steps: PathStep[] = [];
    for (let first = true; ; first = false) {
      if (this.acceptOp("[")) {
        const t = this.next();
        if (t.type === "number" && /^\d+$/.test(t.value)) steps.push({ index: Number(t.value) });
        else if (t.type === "string") steps.push({ key: t.value });
        else this.fail(t);
        this.expectOp("]");
      } else if (first || (this.isOp(".") && (this.peek(1).type === "ident" || this.peek(1).type === "qident"))) {
        if (!first) this.i++;
        steps.push({ key: this.identifier() });
      } else return steps;
    }
  }

  /** A data type at the current position (for CAST and ::): a word, then <...> / (...) if present. */
  dataType(): DataType {
    const first = this.peek();
    if (first.type !== "ident") return this.fail();
    let endTok = this.i + 1;
    const w = first.value.toLowerCase();
    if (w === "interval") {
      while (/^(year|month|day|hour|minute|second|to)$/i.test(this.toks[endTok]!.value) && this.toks[endTok]!.type === "ident") endTok++;
    } else if (w === "timestamp" && this.isKw("with", 1)) endTok += 3;
    const open = this.toks[endTok]!;
    if (open.type === "op" && (open.value === "<" || open.value === "(")) {
      let depth = 0;
      for (;;) {
        const t = this.toks[endTok]!;
        if (t.type === "eof") break;
        endTok++;
        if (t.type === "op" && (t.value === "<" || t.value === "(")) depth++;
        else if (t.type === "op" && (t.value === ">" || t.value === ")")) {
          if (--depth === 0) break;
        }
      }
    }
    const text = this.src.slice(first.pos, this.toks[endTok - 1]!.end);
    try {
      const t = parseDataType(text);
      this.i = endTok;
      return t;
    } catch (e) {
      if (endTok === this.i + 1) {
        throw parseErrorAt(this.src, first.pos, sparkMessage("UNSUPPORTED_DATATYPE", { typeName: `"${first.value.toUpperCase()}"` }), "UNSUPPORTED_DATATYPE");
      }
      throw e;
    }
  }

  private primary(): A.Expr {
    const t = this.peek();
    if (t.type === "number") {
      this.i++;
      return numberLiteral(t.value, this.src, t);
    }
    if (t.type === "string") {
      this.i++;
      let v = t.value;
      while (this.peek().type === "string") v += this.next().value; // 'a' 'b' concatenates
      return A.lit(v, StringType());
    }
    if (t.type === "op" && t.value === "(") {
      this.i++;
      if (this.atQuery()) {
        const { plan, text } = this.subqueryText();
        return A.subquery("scalar", plan, { text });
      }
      const e = this.expression();
      if (this.acceptOp(",")) {
        const items = [e, this.expression()];
        while (this.acceptOp(",")) items.push(this.expression());
        this.expectOp(")");
        return A.call("named_struct_tuple", items);
      }
      this.expectOp(")");
      return e;
    }
    if (t.type === "op" && t.value === "*") {
      this.i++;
      return A.star(null);
    }
    if (t.type === "qident") return this.identifierOrCall();
    if (t.type !== "ident") return this.fail();
    const w = t.value.toLowerCase();
    const nx = this.peek(1);
    // Clause keywords cannot start an expression (`select (a, from t` fails at 'from', as in Spark).
    if (CLAUSE_WORDS.has(w) && !(nx.type === "op" && nx.value === "(")) return this.fail();
    switch (w) {
      case "null":
        this.i++;
        return A.lit(null, NullType());
      case "true":
      case "false":
        this.i++;
        return A.lit(w === "true", BooleanType());
      case "case":
        return this.caseExpr();
      case "exists":
        // EXISTS (SELECT ...); exists(array, x -> ...) is the higher-order function
        if (nx.type === "op" && nx.value === "(" && this.isKw("select", 2)) {
          this.i += 2;
          const { plan, text } = this.subqueryText();
          return A.subquery("exists", plan, { text });
        }
        break;
      case "cast":
      case "try_cast":
        if (nx.type === "op" && nx.value === "(") {
          this.i += 2;
          const c = this.expression();
          this.expectKw("as");
          const dt = this.dataType();
          this.expectOp(")");
          return A.cast(c, dt, w === "try_cast" ? "try" : "cast");
        }
        break;
      case "date":
      case "timestamp":
      case "timestamp_ntz":
      case "timestamp_ltz":
      case "x":
        if (nx.type === "string") {
          this.i += 2;
          return A.call("__typed_literal", [A.lit(nx.value, StringType())], false, { syntax: w.toUpperCase() });
        }
        break;
      case "interval":
        if (nx.type === "string" || nx.type === "number" || (nx.type === "op" && nx.value === "-")) return this.intervalLiteral();
        break;
      case "extract":
        if (nx.type === "op" && nx.value === "(") {
          this.i += 2;
          const field = this.identifier();
          this.expectKw("from");
          const src = this.expression();
          this.expectOp(")");
          return A.call("extract", [A.lit(field, StringType()), src], false, { syntax: "EXTRACT" });
        }
        break;
      case "trim":
        if (nx.type === "op" && nx.value === "(") return this.trimExpr();
        break;
      case "position":
        if (nx.type === "op" && nx.value === "(") {
          const save = this.i;
          this.i += 2;
          const sub = this.bitOr();
          if (this.acceptKw("in")) {
            const str = this.expression();
            this.expectOp(")");
            return A.call("locate", [sub, str]);
          }
          this.i = save;
        }
        break;
      case "substring":
      case "substr":
        if (nx.type === "op" && nx.value === "(") {
          const save = this.i;
          this.i += 2;
          const str = this.expression();
          if (this.acceptKw("from")) {
            const pos = this.expression();
            const args = [str, pos];
            if (this.acceptKw("for")) args.push(this.expression());
            this.expectOp(")");
            return A.call("substring", args);
          }
          this.i = save;
        }
        break;
      default:
        break;
    }
    return this.identifierOrCall();
  }

  private identifierOrCall(): A.Expr {
    const t = this.peek();
    const name = this.identifier();
    if (this.isOp("(")) {
      this.i++;
      if (this.acceptOp(")")) return overClause(this, A.call(name, []));
      if (this.isOp("*") && this.isOp(")", 1)) {
        this.i += 2;
        return overClause(this, A.call(name, [], false, { star: true }));
      }
      const distinct = this.acceptKw("distinct");
      if (!distinct) this.acceptKw("all");
      const args = [this.lambdaOrExpr()];
      while (this.acceptOp(",")) args.push(this.lambdaOrExpr());
      this.expectOp(")");
      if (this.isKw("filter")) this.fail(this.peek(), ": FILTER clauses are not supported by tspark");
      return overClause(this, A.call(name, args, distinct));
    }
    if (this.isOp("->") && t.type === "ident") {
      this.i++;
      return Object.freeze({ kind: "LambdaFn", params: [name], body: this.expression() }) as A.LambdaFn;
    }
    return A.colRef([name]);
  }

  private lambdaOrExpr(): A.Expr {
    const e = this.lambdaOrExprInner();
    if (e.kind !== "LambdaFn" && this.isKw("as") && (this.peek(1).type === "ident" || this.peek(1).type === "qident")) {
      this.i++;
      return A.alias(e, this.identifier());
    }
    return e;
  }
  private lambdaOrExprInner(): A.Expr {
    if (this.isOp("(") && this.peek(1).type === "ident" && (this.isOp(",", 2) || (this.isOp(")", 2) && this.isOp("->", 3)))) {
      const save = this.i;
      this.i++;
      const params = [this.identifier()];
      while (this.acceptOp(",")) params.push(this.identifier());
      if (this.acceptOp(")") && this.acceptOp("->")) {
        return Object.freeze({ kind: "LambdaFn", params, body: this.expression() }) as A.LambdaFn;
      }
      this.i = save;
    }
    return this.expression();
  }

  private caseExpr(): A.Expr {
    this.i++;
    const operand = this.isKw("when") ? null : this.expression();
    const branches: [A.Expr, A.Expr][] = [];
    while (this.acceptKw("when")) {
      const c = this.expression();
      this.expectKw("then");
      branches.push([c, this.expression()]);
    }
    if (branches.length === 0) this.fail();
    const elseValue = this.acceptKw("else") ? this.expression() : null;
    this.expectKw("end");
    return A.caseWhen(operand, branches, elseValue);
  }

  private trimExpr(): A.Expr {
    this.i += 2;
    let mode = "BOTH";
    let explicitMode = false;
    if (this.isKw("both") || this.isKw("leading") || this.isKw("trailing")) {
      mode = this.next().value.toUpperCase();
      explicitMode = true;
    }
    if (explicitMode && this.acceptKw("from")) {
      const str = this.expression();
      this.expectOp(")");
      return A.call(mode === "BOTH" ? "trim" : mode === "LEADING" ? "ltrim" : "rtrim", [str]);
    }
    const first = this.expression();
    if (this.acceptKw("from")) {
      const str = this.expression();
      this.expectOp(")");
      const fn = mode === "BOTH" ? "trim" : mode === "LEADING" ? "ltrim" : "rtrim";
      return A.call(fn, [str, first], false, { syntax: mode });
    }
    const args = [first];
    while (this.acceptOp(",")) args.push(this.expression());
    this.expectOp(")");
    return A.call("trim", args);
  }

  private intervalLiteral(): A.Expr {
    this.i++;
    const parts: string[] = [];
    for (;;) {
      const t = this.peek();
      const signed = t.type === "op" && t.value === "-" && ["string", "number"].includes(this.toks[this.i + 1]?.type ?? "");
      if (t.type === "string" || t.type === "number" || signed) {
        this.i++;
        let v = t.value;
        if (t.type === "op") v += this.next().value;
        const unit = this.peek();
        if (unit.type === "ident" && /^(year|month|week|day|hour|minute|second|millisecond|microsecond)s?$/i.test(unit.value)) {
          this.i++;
          let u = unit.value;
          if (this.isKw("to")) {
            this.i++;
            u += ` TO ${this.identifier()}`;
          }
          parts.push(`${v} ${u}`);
        } else parts.push(v);
      } else break;
    }
    return A.call("__typed_literal", [A.lit(parts.join(" "), StringType())], false, { syntax: "INTERVAL" });
  }

  // ---- queries ------------------------------------------------------------------------------
  statement(): Statement {
    let st: Statement;
    if (this.isKw("set")) st = this.setStatement();
    else if (this.isKw("reset")) {
      this.i++;
      const key = this.atEnd() || this.isOp(";") ? null : this.rawRest();
      st = { kind: "ResetConf", key };
    } else if (this.isKw("create")) st = this.createStatement();
    else if (this.isKw("drop")) {
      this.i++;
      this.acceptKw("temporary");
      if (!this.acceptKw("view")) this.expectKw("table");
      const ifExists = this.acceptKw("if", "exists");
      st = { kind: "DropView", name: this.multipartName().join("."), ifExists };
    } else st = { kind: "Query", plan: this.query() };
    this.expectEnd();
    return st;
  }

  private rawRest(): string {
    const start = this.peek().pos;
    let end = start;
    while (!this.atEnd() && !this.isOp(";")) end = this.next().end;
    return this.src.slice(start, end).trim();
  }

  private setStatement(): Statement {
    this.i++;
    if (this.atEnd()) return { kind: "SetConf", key: null, value: null };
    const start = this.peek().pos;
    let eqPos = -1;
    let end = start;
    while (!this.atEnd() && !this.isOp(";")) {
      const t = this.next();
      if (eqPos < 0 && t.type === "op" && t.value === "=") eqPos = t.pos;
      end = t.end;
    }
    if (eqPos < 0) return { kind: "SetConf", key: this.src.slice(start, end).trim(), value: null };
    const key = this.src.slice(start, eqPos).trim().replace(/^`|`$/g, "");
    let value = this.src.slice(eqPos + 1, end).trim();
    if (/^'.*'$|^".*"$/s.test(value)) value = value.slice(1, -1);
    return { kind: "SetConf", key, value };
  }

  private createStatement(): Statement {
    this.i++;
    const replace = this.acceptKw("or", "replace");
    this.acceptKw("global");
    const temp = this.acceptKw("temporary") || this.acceptKw("temp");
    const isView = this.acceptKw("view");
    if (!isView && !this.acceptKw("table")) this.fail();
    void temp;
    const ifNotExists = this.acceptKw("if", "not", "exists");
    const name = this.multipartName().join(".");
    let columnNames: string[] | undefined;
    if (this.isOp("(")) {
      this.i++;
      columnNames = [this.identifier()];
      this.skipColumnDef();
      while (this.acceptOp(",")) {
        columnNames.push(this.identifier());
        this.skipColumnDef();
      }
      this.expectOp(")");
    }
    if (this.acceptKw("using")) this.identifier();
    while (this.isKw("options") || this.isKw("tblproperties") || this.isKw("partitioned") || this.isKw("comment")) this.skipClause();
    this.expectKw("as");
    let plan = this.query();
    if (columnNames !== undefined) plan = node({ kind: "SubqueryAlias", child: plan, alias: name, columnNames });
    return { kind: "CreateView", name, plan, replace, ifNotExists };
  }
  private skipColumnDef(): void {
    while (!this.atEnd() && !this.isOp(",") && !this.isOp(")")) this.next();
  }
  private skipClause(): void {
    this.next();
    this.acceptKw("by");
    if (this.peek().type === "string") {
      this.next();
      return;
    }
    this.expectOp("(");
    let depth = 1;
    while (depth > 0 && !this.atEnd()) {
      const t = this.next();
      if (t.type === "op" && t.value === "(") depth++;
      if (t.type === "op" && t.value === ")") depth--;
    }
  }

  query(): LogicalPlan {
    let plan = this.queryTerm();
    for (;;) {
      if (this.acceptKw("union")) {
        const all = this.acceptKw("all");
        if (!all) this.acceptKw("distinct");
        const right = this.queryTerm();
        plan = node({ kind: "Union", children: [plan, right], byName: false, distinct: !all });
      } else break;
    }
    plan = this.orderAndLimit(plan);
    return plan;
  }

  private queryTerm(): LogicalPlan {
    if (this.isOp("(")) {
      this.i++;
      const q = this.query();
      this.expectOp(")");
      return q;
    }
    if (this.isKw("values")) return this.valuesRelation(null);
    if (this.isKw("from") || this.isKw("table")) {
      if (this.acceptKw("table")) return node({ kind: "UnresolvedRelation", name: this.multipartName().join(".") });
    }
    return this.select();
  }

  private orderAndLimit(plan: LogicalPlan): LogicalPlan {
    if (this.acceptKw("order", "by") || this.acceptKw("sort", "by")) {
      const orders = [this.sortItem()];
      while (this.acceptOp(",")) orders.push(this.sortItem());
      plan = node({ kind: "Sort", child: plan, orders });
    }
    if (this.acceptKw("limit")) {
      const t = this.next();
      if (t.type === "ident" && t.value.toLowerCase() === "all") return plan;
      if (t.type !== "number") this.fail(t);
      plan = node({ kind: "Limit", child: plan, n: Number(t.value) });
    }
    return plan;
  }

  sortItem(): A.SortOrder {
    const e = this.expression();
    let asc = true;
    if (this.acceptKw("desc")) asc = false;
    else this.acceptKw("asc");
    let nullsFirst = asc;
    if (this.acceptKw("nulls")) {
      if (this.acceptKw("first")) nullsFirst = true;
      else {
        this.expectKw("last");
        nullsFirst = false;
      }
    }
    return A.sortOrder(e, asc, nullsFirst);
  }

  private select(): LogicalPlan {
    this.expectKw("select");
    const distinct = this.acceptKw("distinct");
    if (!distinct) this.acceptKw("all");
    const items = [this.namedExpression()];
    while (this.acceptOp(",")) items.push(this.namedExpression());
    let plan: LogicalPlan = node({ kind: "OneRowRelation" });
    if (this.acceptKw("from")) {
      plan = lateralViews(this, fromClause(this));
    }
    if (this.acceptKw("where")) plan = node({ kind: "Filter", child: plan, condition: this.expression() });
    let grouping: A.Expr[] | null = null;
    if (this.acceptKw("group", "by")) {
      grouping = [];
      if (!this.isKw("all")) {
        grouping.push(this.expression());
        while (this.acceptOp(",")) grouping.push(this.expression());
      } else {
        this.i++;
        grouping.push(A.call("__group_by_all", []));
      }
    }
    let having: A.Expr | undefined;
    if (this.acceptKw("having")) having = this.expression();
    const named = windowClause(this);
    if (named !== null || items.some(containsWindowSyntax)) items.splice(0, items.length, ...resolveNamedWindows(items, named));
    if (grouping !== null || having !== undefined || items.some(containsAggregateCall)) {
      plan = node({ kind: "Aggregate", child: plan, grouping: grouping ?? [], aggregates: items, ...(having ? { having } : {}) });
    } else plan = node({ kind: "Project", child: plan, exprs: items });
    if (distinct) plan = node({ kind: "Deduplicate", child: plan, keys: null });
    return plan;
  }

  /** The query of a subquery expression up to its closing parenthesis, and its text. */
  private subqueryText(): { plan: LogicalPlan; text: string } {
    const start = this.peek().pos;
    const plan = this.query();
    const text = this.src.slice(start, this.peek().pos).trim();
    this.expectOp(")");
    return { plan, text };
  }

  /** At the start of a query in parentheses: a subquery expression (`(SELECT ...)`, `IN (SELECT ...)`). */
  private atQuery(): boolean {
    return this.isKw("select");
  }

  atName(): boolean {
    const t = this.peek();
    return (t.type === "ident" && !RESERVED.has(t.value.toLowerCase())) || t.type === "qident";
  }

  namedExpression(): A.Expr {
    const e = this.expression();
    if (this.acceptKw("as")) {
      if (this.isOp("(")) {
        this.i++;
        const names = [this.identifier()];
        while (this.acceptOp(",")) names.push(this.identifier());
        this.expectOp(")");
        return A.alias(e, ...names);
      }
      return A.alias(e, this.identifier());
    }
    const t = this.peek();
    if ((t.type === "ident" && !RESERVED.has(t.value.toLowerCase())) || t.type === "qident") {
      return A.alias(e, this.identifier());
    }
    return e;
  }

  relation(): LogicalPlan {
    let plan: LogicalPlan;
    if (this.isOp("(")) {
      this.i++;
      plan = this.isKw("values") ? this.valuesRelation(null) : this.query();
      this.expectOp(")");
    } else if (this.isKw("values")) {
      return this.valuesRelation(null);
    } else if ((this.peek().type === "ident" || this.peek().type === "qident") && this.isOp("(", 1)) {
      // a table function (explode, variant_explode, ...) over a one-row input
      return this.tableFunction(node({ kind: "OneRowRelation" }));
    } else {
      const name = this.multipartName().join(".");
      plan = node({ kind: "UnresolvedRelation", name });
      const a = this.tableAlias();
      return node({ kind: "SubqueryAlias", child: plan, alias: a?.name ?? name.split(".").pop()!, ...(a?.cols ? { columnNames: a.cols } : {}) });
    }
    const a = this.tableAlias();
    if (a !== null) plan = node({ kind: "SubqueryAlias", child: plan, alias: a.name, ...(a.cols ? { columnNames: a.cols } : {}) });
    return plan;
  }

  /**
   * `fn(args) [[AS] alias[(cols)]]` in FROM: a generator (plan/generate.ts) expanding each row of `input`; `input`
   * is a one-row relation for `FROM fn(...)`, the relations to its left for `, LATERAL fn(...)`.
   */
  tableFunction(input: LogicalPlan): LogicalPlan {
    const t = this.peek();
    const fn = this.identifier().toLowerCase();
    if (!GENERATOR_NAMES.has(fn)) this.fail(t, ` (${fn} is not a table function tspark has)`);
    this.expectOp("(");
    const args = [this.expression()];
    while (this.acceptOp(",")) args.push(this.expression());
    this.expectOp(")");
    const a = this.tableAlias();
    // over a one-row input (which has no columns) the output is just the generated columns
    return node({ kind: "Expand", child: input, generator: args[0]!, outer: fn.endsWith("_outer"), names: a?.cols ?? [], fn, args, ...(a ? { qualifier: a.name } : {}) });
  }

  private tableAlias(): { name: string; cols?: string[] } | null {
    const hasAs = this.acceptKw("as");
    const t = this.peek();
    const word = t.value.toLowerCase();
    if (!hasAs && !((t.type === "ident" && !RESERVED.has(word) && !JOIN_WORDS.has(word)) || t.type === "qident")) return null;
    const name = this.identifier();
    if (this.isOp("(")) {
      this.i++;
      const cols = [this.identifier()];
      while (this.acceptOp(",")) cols.push(this.identifier());
      this.expectOp(")");
      return { name, cols };
    }
    return { name };
  }

  private valuesRelation(_alias: string | null): LogicalPlan {
    this.expectKw("values");
    const rows: A.Expr[][] = [this.valuesRow()];
    while (this.acceptOp(",")) rows.push(this.valuesRow());
    const a = this.tableAlias();
    const width = rows[0]!.length;
    const names = a?.cols ?? Array.from({ length: width }, (_, k) => `col${k + 1}`);
    // VALUES are a union of one-row projections; the analyzer widens the column types.
    const plan: LogicalPlan = node({
      kind: "Union",
      byName: false,
      distinct: false,
      children: rows.map((r) =>
        node({ kind: "Project", child: node({ kind: "OneRowRelation" }), exprs: r.map((e, k) => A.alias(e, names[k] ?? `col${k + 1}`)) }),
      ),
    });
    return node({ kind: "SubqueryAlias", child: plan, alias: a?.name ?? "__values" });
  }

  private valuesRow(): A.Expr[] {
    if (this.acceptOp("(")) {
      const r = [this.expression()];
      while (this.acceptOp(",")) r.push(this.expression());
      this.expectOp(")");
      return r;
    }
    return [this.expression()];
  }
}

function containsWindowSyntax(e: A.Expr): boolean {
  return e.kind === "WindowExpr" || subExprs(e).some(containsWindowSyntax);
}

function containsAggregateCall(e: A.Expr): boolean {
  return aggregateNames.has(e.kind === "Call" ? e.name.toLowerCase() : "") || subExprs(e).some(containsAggregateCall);
}

/** Names of aggregate functions, filled by the function registry (avoids an import cycle). */
export const aggregateNames = new Set<string>();

export function subExprs(e: A.Expr): readonly A.Expr[] {
  switch (e.kind) {
    case "Literal":
    case "ColumnRef":
    case "Star":
    case "LambdaVar":
    case "WindowExpr":
      return [];
    case "Alias":
    case "Cast":
    case "Unary":
    case "IsNull":
    case "FieldAccess":
    case "SortOrder":
      return [e.child];
    case "Binary":
      return [e.left, e.right];
    case "Call":
      return e.args;
    case "CaseWhen":
      return [...(e.operand ? [e.operand] : []), ...e.branches.flat(), ...(e.elseValue ? [e.elseValue] : [])];
    case "In":
      return [e.child, ...e.list];
    case "Between":
      return [e.child, e.lower, e.upper];
    case "Like":
      return [e.child, e.pattern, ...(e.patterns ?? [])];
    case "Subscript":
      return [e.child, e.index];
    case "LambdaFn":
      return [e.body];
    case "Subquery":
      // the subquery's own expressions belong to its query, not to this one
      return e.values;
  }
}

function isNumericLiteralValue(v: unknown): boolean {
  return typeof v === "number" || typeof v === "bigint" || v instanceof Decimal;
}

function negateLiteral(l: A.Literal): A.Literal {
  const v = l.value;
  if (typeof v === "number") return A.lit(-v, l.dataType);
  if (typeof v === "bigint") {
    // -2147483648 is an INT even though 2147483648 alone is a BIGINT
    const n = -v;
    if (l.dataType.equals(LongType()) && n >= -2147483648n && n <= 2147483647n && !/[lL]$/.test(String(l.display ?? ""))) {
      return A.lit(Number(n), IntegerType());
    }
    return A.lit(n, l.dataType);
  }
  const d = v as Decimal;
  return A.lit(d.neg(), l.dataType);
}

function numberLiteral(text: string, src: string, t: Token): A.Literal {
  const m = /^(.*?)(BD|[LSYDF])?$/i.exec(text)!;
  const body = m[1]!;
  const suffix = (m[2] ?? "").toUpperCase();
  const isInt = /^\d+$/.test(body);
  const outOfRange = (): never => {
    throw syntaxError(src, t.pos, text, "");
  };
  switch (suffix) {
    case "L": {
      if (!isInt) outOfRange();
      const v = BigInt(body);
      if (v > 9223372036854775807n) outOfRange();
      return A.lit(v, LongType());
    }
    case "S":
    case "Y": {
      if (!isInt) outOfRange();
      const v = Number(body);
      const max = suffix === "S" ? 32767 : 127;
      if (v > max) outOfRange();
      return A.lit(v, suffix === "S" ? ShortType() : ByteType());
    }
    case "D":
      return A.lit(Number(body), DoubleType());
    case "F":
      return A.lit(Math.fround(Number(body)), FloatType());
    case "BD": {
      const d = Decimal.parse(body)!;
      return A.lit(d, DecimalType(Math.max(d.precision(), d.scale, 1), Math.max(d.scale, 0)));
    }
    default:
      break;
  }
  if (isInt) {
    const v = BigInt(body);
    if (v <= 2147483647n) return A.lit(Number(v), IntegerType());
    if (v <= 9223372036854775807n) return A.lit(v, LongType());
    const d = Decimal.parse(body)!;
    if (d.precision() > 38) outOfRange();
    return A.lit(d, DecimalType(d.precision(), 0));
  }
  if (/[eE]/.test(body)) return A.lit(Number(body), DoubleType());
  const d = Decimal.parse(body)!;
  const p = Math.max(d.precision(), d.scale);
  if (p > 38) return A.lit(Number(body), DoubleType());
  return A.lit(d, DecimalType(Math.max(p, 1), d.scale));
}

// ---- entry points ---------------------------------------------------------------------------

/** Parses one expression (`expr("a + 1")`, `filter("id > 10")`). */
export function parseExpression(text: string): A.Expr {
  const p = new Parser(text);
  const e = p.expression();
  p.expectEnd();
  return e;
}

/** Parses a select item with optional alias (`selectExpr("cast(data as string) jsonData")`). */
export function parseNamedExpression(text: string): A.Expr {
  const p = new Parser(text);
  const e = p.namedExpression();
  p.expectEnd();
  return e;
}

/** Parses a `spark.sql` statement. */
export function parseStatement(text: string): Statement {
  return new Parser(text).statement();
}

/** Splits SQL text into statements at top-level semicolons (outside quotes/comments). */
export function parseDataTypeText(text: string): DataType {
  const p = new Parser(text);
  const t = p.dataType();
  p.expectEnd();
  return t;
}

export { BinaryType };
