/**
 * VARIANT columns and files: the json format writes a variant as its JSON text and reads a VARIANT field back from
 * the text as written (numbers by parse_json's rules); parquet refuses the column, naming the fix (docs/variant.md).
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { VariantVal } from "../../../src/engine/types/variant";
import { fileTestSession } from "./helpers";

describe("VARIANT in files", () => {
  it("json writes variants as JSON and reads them back with a VARIANT schema", async () => {
    const { spark, dir } = fileTestSession();
    const df = spark.sql(`select 1 as id, parse_json('{"b": 2.50, "a": [1e2, "x", null]}') as v union all select 2, parse_json('7')`);
    await df.write.json(`${dir}/v`);
    const file = readdirSync(`${dir}/v`).find((n) => n.endsWith(".json"))!;
    expect(readFileSync(`${dir}/v/${file}`, "utf8").trim().split("\n")).toEqual(['{"id":1,"v":{"a":[100.0,"x",null],"b":2.5}}', '{"id":2,"v":7}']);
    const back = (await spark.read.schema("id INT, v VARIANT").json(`${dir}/v`)).orderBy("id").collectValues();
    // the file's 100.0 has no exponent, so it reads back as the exact decimal 100, as Spark's reader does
    expect(back.map((r) => [r[0], (r[1] as VariantVal).toJson()])).toEqual([
      [1, '{"a":[100,"x",null],"b":2.5}'],
      [2, "7"],
    ]);
  });

  it("parquet refuses a VARIANT column and says what to write instead", async () => {
    const { spark, dir } = fileTestSession();
    const df = spark.sql(`select parse_json('{"a": 1}') as payload`);
    await expect(df.write.parquet(`${dir}/p`)).rejects.toThrow(/"VARIANT".*to_json\(`payload`\)/);
  });
});
