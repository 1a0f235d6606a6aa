import { describe, expect, it } from "vitest";
import { renderConsoleBatch } from "../../../src/connector/console/console-sink";
import { checkOutputMode } from "../../../src/engine/exec/output-mode-checker";
import { type LogicalPlan, node } from "../../../src/engine/plan/nodes";
import { StructType } from "../../../src/engine/types/struct-type";

const plain = { numRows: 20, truncate: 20, timeZone: "UTC", colors: false };

describe("console sink output", () => {
  it("prints Spark's banner and show() table", () => {
    const schema = StructType().add("value", "string").add("count", "long");
    expect(renderConsoleBatch(0, [["apache", 1n], ["spark", 1n]], schema, plain)).toBe(
      [
        "-------------------------------------------",
        "Batch: 0",
        "-------------------------------------------",
        "+------+-----+",
        "| value|count|",
        "+------+-----+",
        "|apache|    1|",
        "| spark|    1|",
        "+------+-----+",
        "",
        "",
      ].join("\n"),
    );
  });

  it("truncates long cells, left-aligns without truncation, and says when rows were cut", () => {
    const schema = StructType().add("s", "string").add("t", "timestamp").add("n", "int");
    const long = "abcdefghijklmnopqrstuvwxyz";
    const rows = [
      [long, 1_700_000_000_000_000n, null],
      ["x", null, 7],
    ];
    const cut = renderConsoleBatch(3, rows, schema, { ...plain, numRows: 1 });
    expect(cut).toContain("|abcdefghijklmnopq...|2023-11-14 22:13:20|NULL|");
    expect(cut).toContain("only showing top 1 row\n");
    const full = renderConsoleBatch(3, rows, schema, { ...plain, truncate: 0 });
    expect(full).toContain("|x                         |NULL               |7   |");
  });

  it("shows an empty batch as a header-only table", () => {
    const schema = StructType().add("value", "long");
    expect(renderConsoleBatch(1, [], schema, plain).split("\n").slice(3)).toEqual(["+-----+", "|value|", "+-----+", "+-----+", "", ""]);
  });
});

describe("output modes (Spark's UnsupportedOperationChecker)", () => {
  const schema = StructType().add("k", "string").add("t", "timestamp");
  const leaf = node({ kind: "StreamingRelation", id: 1, format: "rate", options: new Map(), schema });
  const col = (name: string) => ({ kind: "ColumnRef", parts: [name] }) as never;
  const agg = (child: LogicalPlan): LogicalPlan => node({ kind: "Aggregate", child, grouping: [col("k")], aggregates: [col("k")] });
  const wm = (child: LogicalPlan): LogicalPlan => node({ kind: "EventTimeWatermark", child, column: "t", delay: "10 seconds" });
  const windowAgg = (child: LogicalPlan): LogicalPlan =>
    node({ kind: "Aggregate", child, grouping: [{ kind: "Call", name: "window", args: [col("t")] } as never], aggregates: [] });

  it("rejects complete mode without aggregation", () => {
    expect(() => checkOutputMode(leaf, "complete")).toThrow(
      "Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets",
    );
    expect(() => checkOutputMode(leaf, "append")).not.toThrow();
    expect(() => checkOutputMode(leaf, "update")).not.toThrow();
  });

  it("rejects append mode on an aggregation without watermark", () => {
    expect(() => checkOutputMode(agg(leaf), "append")).toThrow(
      expect.objectContaining({
        name: "AnalysisException",
        // Spark 4.3's text (checked with pyspark 4.3.0: rate source, groupBy("value").count(), append)
        errorClass: "STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION",
        message:
          "[STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION] Invalid streaming output mode: append. This output mode is not supported for streaming aggregations without watermark on streaming DataFrames/DataSets. SQLSTATE: 42KDE",
      }),
    );
    expect(() => checkOutputMode(agg(leaf), "update")).not.toThrow();
    expect(() => checkOutputMode(agg(leaf), "complete")).not.toThrow();
  });

  it("allows append mode when the aggregation groups by the watermarked column", () => {
    expect(() => checkOutputMode(windowAgg(wm(leaf)), "append")).not.toThrow();
    // A watermark on a column the aggregation does not group by does not count.
    expect(() => checkOutputMode(agg(wm(leaf)), "append")).toThrow(/without watermark/);
  });
});
