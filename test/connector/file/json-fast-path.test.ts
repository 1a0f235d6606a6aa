import { describe, expect, it } from "vitest";
import { FormatOptions } from "../../../src/connector/file/formats/file-format";
import { jsonFormat } from "../../../src/connector/file/formats/json-format";
import { compileJsonReader, JSON_RECORD_DROPPED, jsonReaderOptions } from "../../../src/engine/expr/json";
import { parseDDLSchema } from "../../../src/engine/types/ddl";

// The JSON source reads each line in place with the flat-record scanner and leaves every line it cannot convert
// exactly to the general (Spark-exact) reader. Whatever the line, the rows must be those of the general reader
// alone (disableFastPath), in every mode.
const LINES = [
  '{"id": 1, "country": "DE", "x": 0.25, "n": 3}',
  '{"id": 9007199254740993, "country": "FR", "x": 1.5}', // a long beyond 2^53
  '{"id": 9223372036854775807, "x": 12345678901234567890.5}', // Long.MaxValue, a 21-digit double
  '{"id": 9223372036854775808}', // beyond Long: null in PERMISSIVE
  '{"id": 2, "id": 3, "country": "US"}', // a duplicate key
  '{"id": 4, "country": "JP", "country": "BR"}',
  '{"id": 5, "x": 1e400}',
  '{"id": 6, "n": 2147483648}', // beyond INT
  '{"id": 7, "country": "caf\\u00e9", "x": -0.0}',
  '{"id": 8, "country": "IN"', // truncated
  "not json at all",
  '{"id": 10, "country": "DE", "x": NaN}',
  "{'id': 11}",
  '{id: 12}',
  "[1, 2]",
  '{"id": "13", "x": "1.5"}',
  '{"id": 14, "country": "DE", "x": 0.1} trailing',
  "   ",
  '{"id": 15, "nested": {"a": [1, 2]}, "country": "FR"}',
  '{"id": 16, "country": "US", "x": 99999999999999.99}',
];

const SCHEMAS = [
  "id BIGINT, country STRING, x DOUBLE, n INT",
  "id BIGINT, country STRING, x DOUBLE, n INT, _corrupt_record STRING",
  "id DECIMAL(20, 0), country STRING, x DECIMAL(38, 2), n INT, _corrupt_record STRING",
];

async function viaSource(ddl: string, mode: string, text: string): Promise<unknown> {
  const file = { path: "/data/part-0.json", data: Buffer.from(text) };
  try {
    return await jsonFormat.read(file, parseDDLSchema(ddl), new FormatOptions(new Map([["mode", mode]]), "UTC"));
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function viaGeneralReader(ddl: string, mode: string, lines: readonly string[]): unknown {
  const schema = parseDDLSchema(ddl);
  const read = compileJsonReader(schema, { ...jsonReaderOptions({ mode }, "UTC", null), disableFastPath: true });
  const rows: unknown[] = [];
  for (const line of lines) {
    if (line.trim() === "") continue;
    let v: unknown;
    try {
      v = read(line);
    } catch {
      return { failedAt: line };
    }
    if (v !== JSON_RECORD_DROPPED) rows.push(v ?? new Array(schema.fields.length).fill(null));
  }
  return rows;
}

describe("JSON source: in-place fast path against the general reader", () => {
  for (const ddl of SCHEMAS) {
    for (const mode of ["PERMISSIVE", "DROPMALFORMED"]) {
      it(`${mode}, ${ddl}: the same rows`, async () => {
        const rows = await viaSource(ddl, mode, `${LINES.join("\n")}\n`);
        expect(rows).toEqual(viaGeneralReader(ddl, mode, LINES));
        // CRLF line ends and no final newline read the same
        expect(await viaSource(ddl, mode, LINES.join("\r\n"))).toEqual(rows);
      });
    }
    it(`FAILFAST, ${ddl}: good lines read, the first bad line fails naming file and line`, async () => {
      const good = LINES.filter((l) => !("failedAt" in (viaGeneralReader(ddl, "FAILFAST", [l]) as object)));
      expect(await viaSource(ddl, "FAILFAST", good.join("\n"))).toEqual(viaGeneralReader(ddl, "FAILFAST", good));
      const expected = viaGeneralReader(ddl, "FAILFAST", LINES) as { failedAt: string };
      const line = LINES.indexOf(expected.failedAt) + 1;
      const got = (await viaSource(ddl, "FAILFAST", LINES.join("\n"))) as { error: string };
      expect(got.error).toContain("/data/part-0.json");
      expect(got.error).toContain(String(line));
    });
  }

  it("keeps big longs, decimals and the last of duplicate keys exact", async () => {
    const rows = (await viaSource(SCHEMAS[0]!, "PERMISSIVE", LINES.slice(0, 5).join("\n"))) as unknown[][];
    expect(rows[1]![0]).toBe(9007199254740993n);
    expect(rows[2]![0]).toBe(9223372036854775807n);
    expect(rows[3]![0]).toBeNull();
    expect(rows[4]![0]).toBe(3n);
    const dec = (await viaSource(SCHEMAS[2]!, "PERMISSIVE", LINES[2]!)) as unknown[][];
    expect(String(dec[0]![0])).toBe("9223372036854775807");
  });
});
