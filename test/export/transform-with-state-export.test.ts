import { describe, expect, it } from "vitest";
import "../../src/connector/register";
import "../../src/connector/export/index";
import { MemoryStream } from "../../src/connector/memory/memory-stream";
import type { DataFrame } from "../../src/engine/api/data-frame";
import { TimeMode } from "../../src/engine/api/transform-with-state";
import { SparkSession } from "../../src/engine/session";
import { streamingSession } from "../helpers/stream-test";

const spark = streamingSession(new SparkSession());
const processor = { init: () => {}, handleInputRows: () => [] };

describe("toPySpark() of transformWithState", () => {
  it("writes PySpark's groupBy().transformWithState with a placeholder processor and the output schema, with a warning", () => {
    const input = new MemoryStream("id LONG, data STRING", spark);
    const df = (input.toDF() as DataFrame).groupByKey("id").transformWithState(processor, TimeMode.ProcessingTime(), "update", "id LONG, events INT");
    const out = df.toPySpark();
    expect(out.code).toContain('groupBy("id").transformWithState(stateful_processor_1, stateful_processor_1_output, "Update", "ProcessingTime")');
    expect(out.code).toContain("stateful_processor_1 = None  # TODO: an instance of a pyspark.sql.streaming.StatefulProcessor subclass");
    expect(out.warnings.join("\n")).toContain("transformWithState: the TypeScript StatefulProcessor cannot be exported");
  });

  it("a key function becomes a <key-column> placeholder, with a warning", () => {
    const input = new MemoryStream("id LONG", spark);
    const df = (input.toDF() as DataFrame).groupByKey((r) => r.id).transformWithState(processor, "None", "append", "id LONG");
    const out = df.toPySpark();
    expect(out.code).toContain('groupBy("<key-column>").transformWithState(stateful_processor_1, stateful_processor_1_output, "Append", "None")');
    expect(out.warnings.join("\n")).toContain("the key is a TypeScript function");
  });
});
