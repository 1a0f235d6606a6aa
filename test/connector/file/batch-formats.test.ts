/**
 * spark.read / df.write on local files: round trips for every format and the types each can hold, partition
 * folders, save modes, globs, and the errors Spark gives for missing paths.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { fileTestSession, plain } from "./helpers";

const TYPES =
  "id BIGINT, i INT, s STRING, b BOOLEAN, f DOUBLE, d DECIMAL(20,2), small DECIMAL(5,1), day DATE, ts TIMESTAMP, " +
  "st STRUCT<a: INT, tags: ARRAY<STRING>>, arr ARRAY<BIGINT>, m MAP<STRING, INT>, bin BINARY";
const ROWS = [
  [1n, 7, "héllo, \"x\"", true, 1.5, "12345678901234567.89", "12.3", "2024-01-01", "2024-01-01 10:00:00.123456", { a: 1, tags: ["p", null] }, [1n, 2n], new Map([["k", 1]]), "ab"],
  [2n, null, null, null, null, null, null, null, null, null, null, null, null],
  [3n, -1, "", false, -0.25, "-0.01", "-9.9", "1969-12-31", "1970-01-01 00:00:00", { a: null, tags: [] }, [], new Map(), ""],
];

describe("parquet", () => {
  it("round-trips every type, nulls and micro-second timestamps, with Spark's file layout", async () => {
    const { spark, dir } = fileTestSession();
    const df = spark.createDataFrame(ROWS, TYPES);
    const out = path.join(dir, "all");
    await df.write.parquet(out);
    const names = readdirSync(out).sort();
    expect(names.find((n) => n.startsWith("part-"))).toMatch(/^part-00000-[0-9a-f-]{36}-c000\.snappy\.parquet$/);
    expect(names).toContain("_SUCCESS");
    const back = await spark.read.parquet(out);
    expect(back.schema.simpleString()).toBe(df.schema.simpleString());
    expect(plain(back.collectValues())).toEqual(plain(df.collectValues()));
  });

  it("reads only the columns of a user schema, null for the ones the files lack", async () => {
    const { spark, dir } = fileTestSession();
    await spark.createDataFrame([[1, "a"]], "x INT, y STRING").write.parquet(`${dir}/p`);
    const back = await spark.read.schema("y STRING, z INT, x BIGINT").parquet(`${dir}/p`);
    expect(plain(back.collectValues())).toEqual([["a", null, "1n"]]);
  });

  it("refuses a schema whose types do not match the files, naming the column and the file", async () => {
    const { spark, dir } = fileTestSession();
    await spark.createDataFrame([["a"]], "x STRING").write.parquet(`${dir}/p`);
    await expect(spark.read.schema("x INT").parquet(`${dir}/p`)).rejects.toThrow(
      /FAILED_READ_FILE.*file:.*part-00000.*\n.*PARQUET_COLUMN_DATA_TYPE_MISMATCH.*column x.*Expected Spark type int, actual Parquet type string/,
    );
  });
});

describe("json", () => {
  it("round-trips nested types and infers Spark's schema (fields sorted, integers BIGINT)", async () => {
    const { spark, dir } = fileTestSession();
    const df = spark.createDataFrame(ROWS.map((r) => r.slice(0, 11)), TYPES.split(", m MAP")[0]!);
    await df.write.json(`${dir}/j`);
    const file = readdirSync(`${dir}/j`).find((n) => n.endsWith(".json"))!;
    expect(readFileSync(`${dir}/j/${file}`, "utf8").split("\n")[1]).toBe('{"id":2}');
    const back = await spark.read.json(`${dir}/j`);
    expect(back.columns).toEqual(["arr", "b", "d", "day", "f", "i", "id", "s", "small", "st", "ts"]);
    expect(back.dtypes.find(([n]) => n === "st")![1]).toBe("struct<a:bigint,tags:array<string>>");
    const typed = await spark.read.schema(df.schema).json(`${dir}/j`);
    const want = plain(df.collectValues()) as unknown[][];
    want[0]![8] = "1704103200123000n"; // JSON's default timestampFormat keeps milliseconds, as Spark's does
    expect(plain(typed.collectValues())).toEqual(want);
  });

  it("PERMISSIVE keeps a malformed line in _corrupt_record, DROPMALFORMED drops it, FAILFAST names file and line", async () => {
    const { spark, dir } = fileTestSession();
    writeFileSync(`${dir}/in.json`, '{"a":1}\n{"a":\n\n{"a":"x"}\n');
    const permissive = await spark.read.json(`${dir}/in.json`);
    expect(permissive.columns).toEqual(["_corrupt_record", "a"]);
    expect(plain(permissive.collectValues())).toEqual([[null, "1"], ['{"a":', null], [null, "x"]]);
    const typed = await spark.read.schema("a INT, _corrupt_record STRING").json(`${dir}/in.json`);
    expect(plain(typed.collectValues())).toEqual([[1, null], [null, '{"a":'], [null, '{"a":"x"}']]);
    const dropped = await spark.read.schema("a INT").option("mode", "DROPMALFORMED").json(`${dir}/in.json`);
    expect(plain(dropped.collectValues())).toEqual([[1]]);
    await expect(spark.read.schema("a INT").option("mode", "FAILFAST").json(`${dir}/in.json`)).rejects.toThrow(
      /\[FAILED_READ_FILE.NO_HINT\] Encountered error while reading file file:.*in\.json, line 2\. SQLSTATE: KD001\n.*MALFORMED_RECORD_IN_PARSING|Malformed records/,
    );
  });
});

describe("csv", () => {
  it("round-trips flat types with a header, quoting and nulls; inferSchema types the columns", async () => {
    const { spark, dir } = fileTestSession();
    const schema = "id BIGINT, i INT, s STRING, b BOOLEAN, f DOUBLE, d DECIMAL(20,2), day DATE, ts TIMESTAMP";
    const df = spark.createDataFrame(ROWS.map((r) => r.slice(0, 6).concat(r.slice(7, 9))), schema);
    await df.write.option("header", true).csv(`${dir}/c`);
    const file = readdirSync(`${dir}/c`).find((n) => n.endsWith(".csv"))!;
    const text = readFileSync(`${dir}/c/${file}`, "utf8").split("\n");
    expect(text[0]).toBe("id,i,s,b,f,d,day,ts");
    expect(text[1]).toBe('1,7,"héllo, \\"x\\"",true,1.5,12345678901234567.89,2024-01-01,2024-01-01T10:00:00.123Z');
    expect(text[2]).toBe("2,,,,,,,");
    const typed = await spark.read.schema(schema).option("header", true).csv(`${dir}/c`);
    const want = plain(df.collectValues()) as unknown[][];
    want[0]![7] = "1704103200123000n"; // the default timestampFormat keeps milliseconds, as Spark's does
    want[2]![2] = null; // "" reads back as null with the default nullValue, as in Spark
    expect(plain(typed.collectValues())).toEqual(want);
    const inferred = await spark.read.option("header", true).option("inferSchema", true).csv(`${dir}/c`);
    expect(inferred.dtypes).toEqual([
      ["id", "int"],
      ["i", "int"],
      ["s", "string"],
      ["b", "boolean"],
      ["f", "double"],
      ["d", "double"],
      ["day", "timestamp"],
      ["ts", "timestamp"],
    ]);
    const untyped = await spark.read.csv(`${dir}/c`);
    expect(untyped.columns).toEqual(["_c0", "_c1", "_c2", "_c3", "_c4", "_c5", "_c6", "_c7"]);
    expect(untyped.count()).toBe(4);
  });

  it("sep, quote, escape and nullValue options", async () => {
    const { spark, dir } = fileTestSession();
    writeFileSync(`${dir}/in.csv`, "a;b\n'x;y';NA\n'it\\'s';2\n");
    const df = await spark.read.option("sep", ";").option("quote", "'").option("nullValue", "NA").option("header", true).csv(`${dir}/in.csv`);
    expect(plain(df.collectValues())).toEqual([["x;y", null], ["it's", "2"]]);
  });

  it("every mode on malformed rows; FAILFAST names the file and the line", async () => {
    const { spark, dir } = fileTestSession();
    writeFileSync(`${dir}/in.csv`, "1,a\n2\nx,b\n4,d,extra\n");
    const schema = "n INT, s STRING, _corrupt_record STRING";
    const permissive = await spark.read.schema(schema).csv(`${dir}/in.csv`);
    expect(plain(permissive.collectValues())).toEqual([
      [1, "a", null],
      [2, null, "2"],
      [null, "b", "x,b"],
      [4, "d", "4,d,extra"],
    ]);
    const renamed = await spark.read.schema("n INT, s STRING, bad STRING").option("columnNameOfCorruptRecord", "bad").csv(`${dir}/in.csv`);
    expect(plain(renamed.collectValues())[1]).toEqual([2, null, "2"]);
    const dropped = await spark.read.schema("n INT, s STRING").option("mode", "DROPMALFORMED").csv(`${dir}/in.csv`);
    expect(plain(dropped.collectValues())).toEqual([[1, "a"]]);
    await expect(spark.read.schema("n INT, s STRING").option("mode", "FAILFAST").csv(`${dir}/in.csv`)).rejects.toThrow(
      /Encountered error while reading file file:.*in\.csv, line 2\..*\n\[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION\] Malformed records are detected in record parsing: \[2\]/,
    );
  });
});

describe("text", () => {
  it("one value per line; writes one string column and refuses others", async () => {
    const { spark, dir } = fileTestSession();
    await spark.createDataFrame([["a b"], [""], ["c"]], "value STRING").write.text(`${dir}/t`);
    const back = await spark.read.text(`${dir}/t`);
    expect(plain(back.collectValues())).toEqual([["a b"], [""], ["c"]]);
    const whole = await spark.read.option("wholetext", true).text(`${dir}/t`);
    expect(plain(whole.collectValues())).toEqual([["a b\n\nc\n"]]);
    await expect(spark.createDataFrame([[1]], "x INT").write.text(`${dir}/t2`)).rejects.toThrow(/supports a single column of data type "STRING"/);
  });
});

describe("partitions, modes, paths", () => {
  it("partitionBy writes col=value folders; reading discovers them with Spark's types", async () => {
    const { spark, dir } = fileTestSession();
    const df = spark.createDataFrame(
      [
        ["DE", "2024-01-01", 1, "a/b"],
        ["FR", "2024-01-02", 2, null],
        ["DE", "2024-01-02", 3, "a/b"],
      ],
      "country STRING, day DATE, n INT, tag STRING",
    );
    await df.write.partitionBy("day", "tag").json(`${dir}/p`);
    expect(readdirSync(`${dir}/p/day=2024-01-02`).sort()).toEqual(["tag=__HIVE_DEFAULT_PARTITION__", "tag=a%2Fb"]);
    const back = await spark.read.json(`${dir}/p`);
    expect(back.dtypes).toEqual([
      ["country", "string"],
      ["n", "bigint"],
      ["day", "date"],
      ["tag", "string"],
    ]);
    const counted = back.groupBy("day").count().orderBy("day").collect().map((r) => [r.get(0), r.get(1)]);
    expect(counted).toEqual([
      [new Date("2024-01-01T00:00:00Z"), 1], // collect() gives DATE as a Date, safe longs as numbers
      [new Date("2024-01-02T00:00:00Z"), 2],
    ]);
    const typed = await spark.read.schema("country STRING, n INT, day STRING").json(`${dir}/p`);
    expect(typed.columns).toEqual(["country", "n", "day", "tag"]);
    const one = await spark.read.json(`${dir}/p/day=2024-01-01`);
    expect(one.columns).toEqual(["country", "n", "tag"]);
    const withBase = await spark.read.option("basePath", `${dir}/p`).json(`${dir}/p/day=2024-01-01`);
    expect(withBase.columns).toEqual(["country", "n", "day", "tag"]);
  });

  it("save modes: error, ignore, append, overwrite", async () => {
    const { spark, dir } = fileTestSession();
    const df = spark.createDataFrame([[1]], "x INT");
    await df.write.parquet(`${dir}/m`);
    await expect(df.write.parquet(`${dir}/m`)).rejects.toThrow(
      /^\[PATH_ALREADY_EXISTS\] Path file:.*\/m already exists\. Set mode as "overwrite" to overwrite the existing path\. SQLSTATE: 42K04$/,
    );
    await expect(df.write.mode("error").parquet(`${dir}/m`)).rejects.toThrow(/PATH_ALREADY_EXISTS/);
    await df.write.mode("ignore").parquet(`${dir}/m`);
    expect((await spark.read.parquet(`${dir}/m`)).count()).toBe(1);
    await df.write.mode("append").parquet(`${dir}/m`);
    expect((await spark.read.parquet(`${dir}/m`)).count()).toBe(2);
    await df.write.mode("overwrite").parquet(`${dir}/m`);
    expect((await spark.read.parquet(`${dir}/m`)).count()).toBe(1);
    expect(() => df.write.mode("sometimes")).toThrow(/INVALID_SAVE_MODE/);
  });

  it("missing paths give PATH_NOT_FOUND; globs select files; hidden files are skipped", async () => {
    const { spark, dir } = fileTestSession();
    await expect(spark.read.json(`${dir}/nope`)).rejects.toThrow(`[PATH_NOT_FOUND] Path does not exist: file:${dir}/nope. SQLSTATE: 42K03`);
    await expect(spark.read.json(`${dir}/nope*`)).rejects.toThrow(/PATH_NOT_FOUND/);
    writeFileSync(`${dir}/a1.json`, '{"v":1}\n');
    writeFileSync(`${dir}/a2.json`, '{"v":2}\n');
    writeFileSync(`${dir}/b.json`, '{"v":3}\n');
    writeFileSync(`${dir}/_hidden.json`, '{"v":4}\n');
    writeFileSync(`${dir}/.hidden.json`, '{"v":5}\n');
    expect((await spark.read.json(`${dir}/a*.json`)).count()).toBe(2);
    expect((await spark.read.json(`${dir}/{a1,b}.json`)).count()).toBe(2);
    expect((await spark.read.json(dir)).count()).toBe(3);
    expect((await spark.read.json(`${dir}/a1.json`, `${dir}/b.json`)).count()).toBe(2);
    expect((await spark.read.option("pathGlobFilter", "a*").json(dir)).count()).toBe(2);
    expect(await spark.read.json(`file://${dir}/b.json`).count()).toBe(1);
    expect(existsSync(dir)).toBe(true);
  });

  it("chains on the pending read without await, as the shell does", async () => {
    const { spark, dir } = fileTestSession();
    writeFileSync(`${dir}/a.json`, '{"c":"DE"}\n{"c":"DE"}\n{"c":"FR"}\n');
    const counts = await spark.read.json(`${dir}/a.json`).groupBy("c").count().orderBy("c").collect();
    expect(counts.map((r) => [r.get(0), r.get(1)])).toEqual([
      ["DE", 2],
      ["FR", 1],
    ]);
    await expect(spark.read.format("avro").load(dir)).rejects.toThrow(/DATA_SOURCE_NOT_FOUND.*avro/);
  });
});
