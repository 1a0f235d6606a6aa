import { describe, expect, it } from "vitest";
import "../../src/connector/register";
import "../../src/connector/export/index";
import { MemoryStream } from "../../src/connector/memory/memory-stream";
import type { DataFrame } from "../../src/engine/api/data-frame";
import { GroupStateTimeout } from "../../src/engine/api/key-value-grouped-dataset";
import { SparkSession } from "../../src/engine/session";
import { streamingSession } from "../helpers/stream-test";

const spark = streamingSession(new SparkSession());

describe("toPySpark() of [flat]MapGroupsWithState", () => {
  it("writes applyInPandasWithState with a placeholder function and the schemas, and warns that it is not the same API", () => {
    const input = new MemoryStream("id LONG, data STRING", spark);
    const df = (input.toDF() as DataFrame)
      .groupByKey("id")
      .flatMapGroupsWithState(() => [], "append", GroupStateTimeout.ProcessingTimeTimeout, "id LONG, events INT", "events INT");
    const out = df.toPySpark();
    expect(out.code).toContain('groupBy("id").applyInPandasWithState(groups_with_state_1, groups_with_state_1_output, groups_with_state_1_state, "Append", "ProcessingTimeTimeout")');
    expect(out.code).toContain("groups_with_state_1 = None  # TODO: def groups_with_state_1(key, pdf_iter, state)");
    expect(out.warnings.join("\n")).toMatch(/flatMapGroupsWithState: the TypeScript function cannot be exported.*not the same API/);
  });

  it("a key function becomes a <key-column> placeholder, with a warning", () => {
    const input = new MemoryStream("id LONG", spark);
    const df = (input.toDF() as DataFrame).groupByKey((r) => r.id).mapGroupsWithState(() => ({}), "id LONG");
    const out = df.toPySpark();
    expect(out.code).toContain('groupBy("<key-column>")');
    expect(out.warnings.join("\n")).toContain("the key is a TypeScript function");
    expect(out.warnings.join("\n")).toContain("replace <state-schema>");
  });
});
