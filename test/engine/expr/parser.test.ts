import { describe, expect, it } from "vitest";
import { AnalysisException, ParseException } from "../../../src/engine/errors";
import { parseExpression, parseStatement } from "../../../src/engine/expr/parser";
import { SparkSession } from "../../../src/engine/session";

const session = () => {
  const s = SparkSession.builder.create();
  s.conf.set("spark.sql.session.timeZone", "UTC");
  return s;
};

function parseError(text: string): ParseException {
  try {
    parseStatement(text);
  } catch (e) {
    if (e instanceof ParseException) return e;
    throw e;
  }
  throw new Error(`no error for ${text}`);
}

describe("parser", () => {
  it("reports syntax errors with Spark's message and a caret under the position", () => {
    const e = parseError("select 1 +");
    expect(e.errorClass).toBe("PARSE_SYNTAX_ERROR");
    expect(e.sqlState).toBe("42601");
    expect(e.message).toBe(
      "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input. SQLSTATE: 42601 (line 1, pos 10)\n\n== SQL ==\nselect 1 +\n----------^^^\n",
    );
    const e2 = parseError("select a from t where");
    expect(e2.position).toBe(21);
    const e3 = parseError("select (a, from t");
    expect(e3.message).toContain("Syntax error at or near 'from'");
    expect(e3.message).toContain("\n-----------^^^\n");
  });

  it("string literals: a doubled quote is one quote, backslash escapes, adjacent literals join (pyspark 4.3's answers)", () => {
    const df = session().sql(`SELECT 'd''e' AS a, 'x''' AS b, "q""r" AS c, 'a' 'b' AS d, '' AS e, 'it\\'s' AS f`);
    expect(df.collectValues()).toEqual([["d'e", "x'", 'q"r', "ab", "", "it's"]]);
  });

  it("points at the right line of multi-line input", () => {
    const e = parseError("select 1,\n  (2 + 3");
    expect(e.message).toContain("(line 2, pos 8)");
    expect(e.message).toContain("select 1,\n  (2 + 3\n--------^^^");
  });

  it("parses both cast spellings, typed literals, aliases and backticks", () => {
    const df = session().sql(
      "select cast('1' as int) a, '2'::bigint as b, date '2020-01-02' d, timestamp '2020-01-02 03:04:05' t, X'4142' x, `weird name`.f from (select named_struct('f', 1) as `weird name`)",
    );
    expect(df.columns).toEqual(["a", "b", "d", "t", "x", "f"]);
    expect(df.dtypes.map((d) => d[1])).toEqual(["int", "bigint", "date", "timestamp", "binary", "int"]);
  });

  it("parses IN, BETWEEN, LIKE, RLIKE, CASE, IS [NOT] NULL, escapes", () => {
    const row = session()
      .sql(
        "select 2 in (1, 2), 5 not between 1 and 3, 'abc' like 'a%', 'a_c' like 'a\\\\_c', 'abc' rlike '^a.c$', case when 1 > 2 then 'x' else 'y' end, null is null, 1 is not null, 'it\\'s'",
      )
      .collectValues()[0];
    expect(row).toEqual([true, true, true, true, true, "y", true, true, "it's"]);
  });

  it("never evaluates user text as JavaScript", () => {
    const g = globalThis as { __pwned?: boolean };
    const attempts = ["globalThis.__pwned = true", "(() => { globalThis.__pwned = true })()", "constructor.constructor('globalThis.__pwned=true')()"];
    for (const a of attempts) {
      expect(() => session().sql(`select ${a}`)).toThrow();
    }
    expect(() => parseExpression("process.exit(1)")).toThrow(ParseException);
    expect(() => session().range(1).selectExpr("eval('1')").collect()).toThrow(AnalysisException);
    expect(g.__pwned).toBeUndefined();
  });

  it("names unknown columns and functions with the nearest candidates", () => {
    const s = session();
    const df = s.createDataFrame([[1, "a"]], "id INT, data STRING");
    try {
      df.selectExpr("dta").collect();
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AnalysisException);
      expect((e as AnalysisException).errorClass).toBe("UNRESOLVED_COLUMN.WITH_SUGGESTION");
      expect((e as Error).message).toContain("Did you mean one of the following? [`data`, `id`]");
    }
    try {
      df.selectExpr("uper(data)").collect();
      expect.unreachable();
    } catch (e) {
      expect((e as AnalysisException).errorClass).toBe("UNRESOLVED_ROUTINE");
      expect((e as Error).message).toContain("Cannot resolve routine `uper`");
    }
  });

  it("generates Spark's column names", () => {
    const df = session().sql("select cast('abc' as int), upper('a'), 1 + 1, substr('abc', 2), 'a' || 'b', 3 not in (1), count(*) from values (1)");
    expect(df.columns).toEqual(["CAST(abc AS INT)", "upper(a)", "(1 + 1)", "substr(abc, 2, 2147483647)", "concat(a, b)", "(NOT (3 IN (1)))", "count(1)"]);
  });
});
