import { describe, expect, it } from "vitest";
import { toHiveString } from "../../../src/engine/expr/format";
import { SparkSession } from "../../../src/engine/session";

const spark = SparkSession.builder.create();
spark.conf.set("spark.sql.session.timeZone", "UTC");

/** One value per SQL expression, printed as Spark's golden files print it. */
function value(sqlExpr: string, from = ""): string {
  const df = spark.sql(`select ${sqlExpr} ${from}`);
  const f = df.schema.fields[0]!;
  return toHiveString(df.collectValues()[0]![0] ?? null, f.dataType, { timeZone: "UTC" });
}

const cases: readonly [string, string][] = [
  // json
  [`from_json('{"a":1,"b":"x"}', 'a INT, b STRING')`, '{"a":1,"b":"x"}'],
  [`from_json('{bad', 'a INT, b STRING')`, '{"a":null,"b":null}'],
  [`to_json(named_struct('a', 1, 'b', array(1, 2)))`, '{"a":1,"b":[1,2]}'],
  [`get_json_object('{"a":{"b":[10,20]}}', '$.a.b[1]')`, "20"],
  [`schema_of_json('{"a":1,"b":[1.5]}')`, "STRUCT<a: BIGINT, b: ARRAY<DOUBLE>>"],
  // string
  // a UTF-8 byte-order mark is a character like any other (Java's decoder keeps it; TextDecoder would drop it)
  ["length(cast(X'EFBBBF41' as string))", "2"],
  // day-time intervals cast to their ANSI text, whatever the fields (hours past a day stay hours)
  ["cast(INTERVAL '25' HOUR as string)", "INTERVAL '25' HOUR"],
  ["cast(INTERVAL '3 04:05' DAY TO MINUTE as string)", "INTERVAL '3 04:05' DAY TO MINUTE"],
  ["cast(INTERVAL '26:03' HOUR TO MINUTE as string)", "INTERVAL '26:03' HOUR TO MINUTE"],
  ["upper('aBc')", "ABC"],
  ["lower('aBc')", "abc"],
  ["length('héllo')", "5"],
  ["substring('Spark SQL', 5)", "k SQL"],
  ["substr('Spark SQL', -3, 2)", "SQ"],
  ["concat('a', 'b', 'c')", "abc"],
  ["concat('a', null)", "NULL"],
  ["concat_ws('-', 'a', null, 'b')", "a-b"],
  ["trim('  x  ')", "x"],
  ["ltrim('  x')", "x"],
  ["rtrim('x  ')", "x"],
  ["trim(BOTH 'x' FROM 'xxaxx')", "a"],
  ["replace('abcb', 'b', 'X')", "aXcX"],
  ["split('a,b,,c', ',')", '["a","b","","c"]'],
  ["lpad('hi', 5, 'ab')", "abahi"],
  ["rpad('hi', 4, '.')", "hi.."],
  ["instr('SparkSQL', 'SQL')", "6"],
  ["locate('b', 'abcb', 3)", "4"],
  ["regexp_replace('100-200', '(\\\\d+)', 'n')", "n-n"],
  ["regexp_extract('foo123bar', '([a-z]+)(\\\\d+)', 2)", "123"],
  ["'Spark' like 'S%k'", "true"],
  ["'Spark' rlike '^S.*k$'", "true"],
  // hashes (values from Spark's function docs)
  ["md5('Spark')", "8cde774d6f7333752ed72cacddb05126"],
  ["sha2('Spark', 256)", "529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b"],
  ["crc32('Spark')", "1557323817"],
  ["find_in_set('ab', 'abc,b,ab,c,def')", "3"],
  // conditional
  ["coalesce(null, null, 3)", "3"],
  ["nvl(null, 'd')", "d"],
  ["nullif(2, 2)", "NULL"],
  ["if(1 < 2, 'y', 'n')", "y"],
  ["case 2 when 1 then 'one' when 2 then 'two' else 'many' end", "two"],
  // datetime
  ["to_timestamp('2024-03-01 12:34:56')", "2024-03-01 12:34:56"],
  ["to_timestamp('01/03/2024 10:00', 'dd/MM/yyyy HH:mm')", "2024-03-01 10:00:00"],
  ["to_date('2024-03-01 12:00:00')", "2024-03-01"],
  ["date_format(timestamp '2024-03-01 12:34:56', 'yyyy/MM/dd HH:mm')", "2024/03/01 12:34"],
  ["year(date '2024-03-01')", "2024"],
  ["month(date '2024-03-01')", "3"],
  ["dayofmonth(date '2024-03-01')", "1"],
  ["hour(timestamp '2024-03-01 12:34:56')", "12"],
  ["minute(timestamp '2024-03-01 12:34:56')", "34"],
  ["second(timestamp '2024-03-01 12:34:56')", "56"],
  ["unix_timestamp('2024-03-01 00:00:00')", "1709251200"],
  ["from_unixtime(0)", "1970-01-01 00:00:00"],
  ["date_add(date '2024-02-28', 2)", "2024-03-01"],
  ["datediff(date '2024-03-01', date '2024-02-01')", "29"],
  ["current_timestamp() is not null", "true"],
  ["window(timestamp '2024-03-01 12:34:56', '10 minutes')", '{"start":2024-03-01 12:30:00,"end":2024-03-01 12:40:00}'],
  // casts, ANSI-off null, arithmetic
  ["cast('12' as int) + 1", "13"],
  ["cast(7 as decimal(4,1)) / 2", "3.500000"],
  ["1.5 * 2", "3.0"],
  ["10 / 4", "2.5"],
];

describe("functions listed in issue 3", () => {
  for (const [e, expected] of cases) {
    it(e, () => {
      expect(value(e)).toBe(expected);
    });
  }

  it("json_tuple splits into columns c0, c1", () => {
    const df = spark.sql(`select json_tuple('{"a":1,"b":"x"}', 'a', 'b')`);
    expect(df.columns).toEqual(["c0", "c1"]);
    expect(df.collectValues()).toEqual([["1", "x"]]);
  });

  it("aggregates: count, sum, avg, min, max, count(DISTINCT)", () => {
    const r = spark.sql("select count(*), count(v), sum(v), avg(v), min(v), max(v), count(distinct v) from values (1), (2), (2), (null) as t(v)").collectValues();
    expect(r).toEqual([[4n, 3n, 5n, 5 / 3, 1, 2, 2n]]);
  });

  it("ANSI mode raises Spark's errors; non-ANSI returns NULL", () => {
    const s = SparkSession.builder.create();
    expect(() => s.sql("select cast('x' as int)").collect()).toThrow(/CAST_INVALID_INPUT/);
    expect(() => s.sql("select 1 / 0").collect()).toThrow(/DIVIDE_BY_ZERO/);
    expect(() => s.sql("select 2147483647 + 1").collect()).toThrow(/ARITHMETIC_OVERFLOW/);
    s.conf.set("spark.sql.ansi.enabled", "false");
    expect(s.sql("select cast('x' as int), 1 / 0, 2147483647 + 1").collectValues()).toEqual([[null, null, -2147483648]]);
  });
});

// Differences the Spark oracle (npm run test:spark, docs/spark-oracle.md) found against Spark 4.3.
describe("found by the Spark oracle", () => {
  it("prints map entries sorted, as HiveResult does", () => {
    expect(value("map('b', 1, 'a', 2)")).toBe('{"a":2,"b":1}');
    expect(value(`from_json('{"z": "1", "a": "2"}', 'MAP<STRING, STRING>')`)).toBe('{"a":"2","z":"1"}');
  });

  it("raises DATETIME_OVERFLOW for timestamp_seconds/millis past the long range", () => {
    expect(() => value("timestamp_millis(92233720368547758)")).toThrow(/DATETIME_OVERFLOW.*create a TIMESTAMP from 92233720368547758L milliseconds/);
  });
});
