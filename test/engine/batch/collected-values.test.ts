import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import { Decimal } from "../../../src/engine/types/decimal";
import { SparkSession } from "../../../src/engine/session";
import { streamingSession } from "../../helpers/stream-test";

/** What a TypeScript user gets from collect() (docs/sql.md, "Collected values"): usable as is, JSON-serialisable. */
function session() {
  const s = SparkSession.builder.create();
  s.conf.set("spark.sql.session.timeZone", "UTC");
  return s;
}

const ALL_TYPES = `select 1L as id, 9007199254740993L as big, 7 as i, 'a' as s, true as ok, 2.5D as dbl,
  timestamp'2024-01-01 10:00:00.123456' as ts, timestamp'1969-12-31 23:59:59.9995' as early,
  timestamp_ntz'2024-01-01 10:00:00' as ntz, date'2024-01-02' as d, cast(null as int) as n, X'4142' as b,
  map('k', 1) as m, 1.50BD as dec, array(1L, 2L) as arr, named_struct('a', 1L) as st, interval '1' day as iv`;

describe("collected values", () => {
  it("map every Spark type to a value a TypeScript user can use directly", () => {
    const [r] = session().sql(ALL_TYPES).collect();
    expect(r!.id).toBe(1); // LONG: a number while it is a safe integer ...
    expect(r!.big).toBe(9007199254740993n); // ... the exact bigint beyond 2^53-1
    expect(r!.i).toBe(7);
    expect(r!.ts).toEqual(new Date("2024-01-01T10:00:00.123Z")); // TIMESTAMP: the instant (ms precision)
    expect(r!.early).toEqual(new Date("1969-12-31T23:59:59.999Z")); // floored, not rounded towards 1970
    expect(r!.ntz).toEqual(new Date("2024-01-01T10:00:00Z")); // NTZ: wall clock in the UTC fields
    expect(r!.d).toEqual(new Date("2024-01-02T00:00:00Z")); // DATE: 00:00 UTC of the day
    expect(r!.n).toBeNull();
    expect(r!.b).toEqual(new Uint8Array([65, 66]));
    expect(r!.m).toEqual(new Map([["k", 1]]));
    expect(r!.dec).toBeInstanceOf(Decimal);
    expect(String(r!.dec)).toBe("1.50");
    expect(r!.arr).toEqual([1, 2]);
    expect((r!.st as { a: unknown }).a).toBe(1);
    expect(r!.iv).toBe(86_400_000_000); // DAY TO SECOND interval: microseconds
  });

  it("rows, collect() results and asDict() go through JSON.stringify", () => {
    const rows = session().sql(ALL_TYPES).collect();
    const parsed = JSON.parse(JSON.stringify(rows));
    expect(parsed).toEqual([
      {
        id: 1,
        big: "9007199254740993",
        i: 7,
        s: "a",
        ok: true,
        dbl: 2.5,
        ts: "2024-01-01T10:00:00.123Z",
        early: "1969-12-31T23:59:59.999Z",
        ntz: "2024-01-01T10:00:00.000Z",
        d: "2024-01-02T00:00:00.000Z",
        n: null,
        b: "QUI=",
        m: { k: 1 },
        dec: "1.50",
        arr: [1, 2],
        st: { a: 1 },
        iv: 86_400_000_000,
      },
    ]);
    const small = session().sql("select 1L as id, 'Spain' as data, timestamp'2024-01-01 10:00:00' as date").first()!;
    expect(JSON.stringify(small.asDict())).toBe('{"id":1,"data":"Spain","date":"2024-01-01T10:00:00.000Z"}');
  });

  it("collected rows go back into createDataFrame", () => {
    const s = session();
    const rows = s.sql("select 1L as id, timestamp'2024-01-01 10:00:00' as ts").collect();
    const again = s.createDataFrame(rows, "id BIGINT, ts TIMESTAMP");
    expect(again.collectValues()).toEqual([[1n, 1704103200000000n]]); // the engine's own values are unchanged
  });

  it("df.toJSON() is a DataFrame of JSON strings, as in Spark", () => {
    const df = session().sql(ALL_TYPES).drop("iv");
    const json = df.toJSON();
    expect(json.columns).toEqual(["value"]);
    expect(json.schema.simpleString()).toBe("struct<value:string>");
    expect(json.collect().map((r) => r.value)).toEqual([
      '{"id":1,"big":9007199254740993,"i":7,"s":"a","ok":true,"dbl":2.5,"ts":"2024-01-01T10:00:00.123Z",' +
        '"early":"1969-12-31T23:59:59.999Z","ntz":"2024-01-01T10:00:00.000","d":"2024-01-02","b":"QUI=","m":{"k":1},' +
        '"dec":1.50,"arr":[1,2],"st":{"a":1}}',
    ]);
  });

  it("df.toJSON() quotes column names with dots and backticks", () => {
    const df = session().sql("select 1 as `a.b`, 2 as `c``d`");
    expect(df.toJSON().first()?.value).toBe('{"a.b":1,"c`d":2}');
  });

  it("foreach hands the same user-facing values to a writer", async () => {
    const spark = streamingSession(new SparkSession());
    const input = new MemoryStream("id BIGINT, ts TIMESTAMP", spark);
    const seen: unknown[] = [];
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tspark-collected-"));
    const q = await input
      .toDF()
      .writeStream.foreach({ process: (row) => void seen.push(JSON.stringify(row)) })
      .option("checkpointLocation", path.join(tmp, "checkpoint"))
      .start();
    input.addData([5n, 1704067200000000n]); // engine values in, user values out
    await q.processAllAvailable();
    await q.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
    expect(seen).toEqual(['{"id":5,"ts":"2024-01-01T00:00:00.000Z"}']);
  });
});
