/**
 * transformWithState's `handle.getQueryInfo()`: Spark's QueryInfo gives the running query's id (kept across restarts
 * from the checkpoint), this run's id (new at each start) and the batch id. A batch DataFrame has no query: zero UUIDs.
 */
import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import type { RowImpl } from "../../../src/engine/api/row";
import type { StatefulProcessor, StatefulProcessorHandle } from "../../../src/engine/api/transform-with-state";
import { SparkSession } from "../../../src/engine/session";
import { AddData, AssertOnQuery, CheckNewAnswer, StartStream, StopStream, type StreamAction, streamingSession, testStream } from "../../helpers/stream-test";

const spark = streamingSession(new SparkSession());

/** Emits, per key and batch, the QueryInfo the handle gives. */
function infoProcessor(): StatefulProcessor<string, RowImpl> {
  let handle: StatefulProcessorHandle;
  return {
    init: (h) => {
      handle = h;
    },
    handleInputRows: (key) => {
      const info = handle.getQueryInfo();
      return [[key, info.getQueryId(), info.getRunId(), info.getBatchId(), String(info)]];
    },
  };
}

describe("transformWithState QueryInfo", () => {
  it("gives the ids of the run that processed each batch: the query id survives a restart, the run id does not", async () => {
    const input = new MemoryStream("k STRING", spark);
    const out = (input.toDF() as DataFrame).groupBy("k").transformWithState(infoProcessor(), "k STRING, q STRING, r STRING, b LONG, s STRING", "Append", "None");
    const runs: { id: string; runId: string }[] = [];
    const rememberIds = AssertOnQuery((q) => {
      runs.push({ id: q.id, runId: q.runId });
      return true;
    }, "remember the run's ids");
    // the expected row is known only once the run has started: built when the check runs
    const expectRow = (key: string, batchId: number): StreamAction => ({
      describe: `CheckNewAnswer(${key} with the run's ids, batch ${batchId})`,
      run: (s) => {
        const { id, runId } = runs[runs.length - 1]!;
        return CheckNewAnswer([key, id, runId, BigInt(batchId), `QueryInfo(queryId=${id}, runId=${runId}, batchId=${batchId})`]).run(s);
      },
    });
    await testStream(out, "append", StartStream(), rememberIds, AddData(input, ["a"]), expectRow("a", 0), StopStream(), StartStream(), rememberIds, AddData(input, ["b"]), expectRow("b", 1));
    expect(runs[0]!.id).not.toBe("00000000-0000-0000-0000-000000000000");
    expect(runs[1]!.id).toBe(runs[0]!.id);
    expect(runs[1]!.runId).not.toBe(runs[0]!.runId);
  });

  it("is zero UUIDs on a batch DataFrame (no streaming query runs it)", () => {
    const df = spark.createDataFrame([["a"]], "k STRING") as unknown as DataFrame;
    const rows = df.groupByKey("k").transformWithState(infoProcessor(), "None", "append", "k STRING, q STRING, r STRING, b LONG, s STRING").collect();
    expect([rows[0]!.get(1), rows[0]!.get(2)]).toEqual(["00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000000"]);
  });
});
