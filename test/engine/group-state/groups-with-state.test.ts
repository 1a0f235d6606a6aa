import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import { type GroupState, GroupStateTimeout } from "../../../src/engine/api/key-value-grouped-dataset";
import type { RowImpl } from "../../../src/engine/api/row";
import { ManualClock } from "../../../src/engine/exec/clock";
import { SparkSession } from "../../../src/engine/session";
import {
  AddData,
  AdvanceClock,
  AssertOnQuery,
  CheckNewAnswer,
  ExpectFailure,
  StartStream,
  StopStream,
  streamingSession,
  testStream,
} from "../../helpers/stream-test";

/**
 * [flat]MapGroupsWithState against Spark's documented semantics (Spark's FlatMapGroupsWithStateSuite and the
 * programming guide): PySpark has no mapGroupsWithState, so the Spark oracle cannot run these programs.
 */
const spark = streamingSession(new SparkSession());
const sec = (s: number) => BigInt(s) * 1_000_000n;
type Progress = { stateOperators: { operatorName: string; numRowsTotal: number; numRowsUpdated: number; numRowsRemoved: number; numRowsDroppedByWatermark: number }[] };
const op = (q: { lastProgress: unknown }) => (q.lastProgress as Progress).stateOperators[0]!;

/** The guide's running count per key: the state is the count so far. */
function runningCount(key: string, values: IterableIterator<RowImpl>, state: GroupState<{ count: number }>) {
  let n = state.exists() ? state.get().count : 0;
  for (const _ of values) n++;
  state.update({ count: n });
  return { key, count: n };
}

describe("mapGroupsWithState", () => {
  it("keeps a state per key across batches (update mode); progress names the operator flatMapGroupsWithState", async () => {
    const input = new MemoryStream("word STRING", spark);
    const counts = (input.toDF() as DataFrame).groupByKey((r) => r.word).mapGroupsWithState(runningCount, "key STRING, count LONG", "count LONG");
    await testStream(
      counts,
      "update",
      AddData(input, "a", "b", "a"),
      CheckNewAnswer(["a", 2n], ["b", 1n]),
      AssertOnQuery((q) => op(q).operatorName === "flatMapGroupsWithState" && op(q).numRowsTotal === 2 && op(q).numRowsUpdated === 2, "2 keys"),
      AddData(input, "a"),
      CheckNewAnswer(["a", 3n]),
      StopStream(),
      AddData(input, "b", "c"),
      StartStream(),
      CheckNewAnswer(["b", 2n], ["c", 1n]), // restored from state/0/0 after the restart
    );
  });

  it("takes a column name as the key, and runs on a batch DataFrame once per key with an empty state", () => {
    const df = spark.createDataFrame([["a", 1], ["b", 2], ["a", 3]], "k STRING, v INT") as unknown as DataFrame;
    const rows = df
      .groupByKey("k")
      .mapGroupsWithState(
        (key: string, values, state) => ({ k: key, total: [...values].reduce((n, r) => n + (r.v as number), 0), had: state.exists() }),
        "k STRING, total INT, had BOOLEAN",
        GroupStateTimeout.NoTimeout,
      )
      .collect()
      .map((r) => r.toArray());
    expect(rows).toEqual([
      ["a", 4, false],
      ["b", 2, false],
    ]);
  });

  it("refuses append and complete mode with Spark's messages", async () => {
    const input = new MemoryStream("word STRING", spark);
    const counts = (input.toDF() as DataFrame).groupByKey((r) => r.word).mapGroupsWithState(runningCount, "key STRING, count LONG");
    for (const [mode, msg] of [
      ["append", "mapGroupsWithState is not supported with Append output mode on a streaming DataFrame/Dataset"],
      ["complete", "Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets"],
    ] as const) {
      const err = await testStream(counts, mode, AddData(input, "a"), CheckNewAnswer()).catch((e: unknown) => e as Error);
      expect(String((err as Error).message)).toContain(msg);
    }
  });
});

describe("flatMapGroupsWithState with timeouts", () => {
  /** Sessions per id: a session ends after 10 s without events (processing time); output when it ends. */
  function sessions(id: string, values: IterableIterator<RowImpl>, state: GroupState<{ events: number; start: number }>) {
    if (state.hasTimedOut()) {
      const s = state.get();
      state.remove();
      return [{ id, events: s.events, ended: true }];
    }
    const s = state.getOption() ?? { events: 0, start: state.getCurrentProcessingTimeMs() };
    for (const _ of values) s.events++;
    state.update(s);
    state.setTimeoutDuration("10 seconds");
    return [];
  }

  it("processing-time timeout: the key is called with no rows and hasTimedOut() in a batch without new data", async () => {
    const input = new MemoryStream("id STRING", spark);
    const out = (input.toDF() as DataFrame)
      .groupByKey("id")
      .flatMapGroupsWithState(sessions, "update", GroupStateTimeout.ProcessingTimeTimeout, "id STRING, events INT, ended BOOLEAN");
    const clock = new ManualClock(1_000_000);
    await testStream(
      out,
      "update",
      StartStream({ clock }),
      AddData(input, "a", "a", "b"),
      CheckNewAnswer(),
      AdvanceClock(5_000),
      AddData(input, "b"), // b's timeout moves to now + 10 s
      CheckNewAnswer(),
      AdvanceClock(6_000), // a is due (11 s after its last event), b is not
      CheckNewAnswer(["a", 2, true]),
      AssertOnQuery((q) => op(q).numRowsTotal === 1 && op(q).numRowsRemoved === 1, "a removed, b kept"),
      AdvanceClock(5_000),
      CheckNewAnswer(["b", 2, true]),
      AssertOnQuery((q) => op(q).numRowsTotal === 0, "state bounded by the timeout"),
    );
  });

  it("a processing-time timeout survives a restart on the same checkpoint", async () => {
    const input = new MemoryStream("id STRING", spark);
    const out = (input.toDF() as DataFrame)
      .groupByKey("id")
      .flatMapGroupsWithState(sessions, "update", GroupStateTimeout.ProcessingTimeTimeout, "id STRING, events INT, ended BOOLEAN");
    const clock = new ManualClock(1_000_000);
    await testStream(
      out,
      "update",
      StartStream({ clock }),
      AddData(input, "a"),
      CheckNewAnswer(),
      StopStream(),
      AdvanceClock(20_000),
      StartStream({ clock }),
      CheckNewAnswer(["a", 1, true]), // restored with its timeout (1 010 000), due at the first trigger
    );
  });

  it("event-time timeout: keys time out when the watermark passes their timeout; late rows are dropped", async () => {
    const input = new MemoryStream("id STRING, t TIMESTAMP", spark);
    const out = (input.toDF() as DataFrame & { withWatermark(c: string, d: string): DataFrame })
      .withWatermark("t", "5 seconds")
      .groupByKey((r) => r.id)
      .flatMapGroupsWithState(
        (id: string, values, state: GroupState<{ last: number; n: number }>) => {
          if (state.hasTimedOut()) {
            const s = state.get();
            state.remove();
            return [[id, s.n, new Date(s.last)]];
          }
          const s = state.getOption() ?? { last: 0, n: 0 };
          for (const r of values) {
            s.n++;
            s.last = Math.max(s.last, (r.t as Date).getTime());
          }
          state.update(s);
          state.setTimeoutTimestamp(s.last, "10 seconds");
          return [];
        },
        "append",
        GroupStateTimeout.EventTimeTimeout,
        "id STRING, n INT, last TIMESTAMP",
      );
    await testStream(
      out,
      "append",
      AddData(input, ["a", sec(10)], ["b", sec(12)]),
      CheckNewAnswer(), // watermark 7 s
      AddData(input, ["a", sec(18)], ["c", sec(30)]),
      CheckNewAnswer(["b", 1, sec(12)]), // watermark 25 s: b (timeout 22 s) times out in the no-data batch; a (28 s) does not
      AddData(input, ["a", sec(20)]),
      CheckNewAnswer(), // late (at or below 25 s): dropped
      AssertOnQuery((q) => op(q).numRowsDroppedByWatermark === 1, "one late row"),
      AddData(input, ["d", sec(45)]),
      CheckNewAnswer(["a", 2, sec(18)]), // watermark 40 s: c's timeout (40 s) is not below it, as Spark compares
      AddData(input, ["d", sec(46)]),
      CheckNewAnswer(["c", 1, sec(30)]), // watermark 41 s
    );
  });

  it("an event-time timeout without a watermark fails with Spark's message", async () => {
    const input = new MemoryStream("id STRING", spark);
    const out = (input.toDF() as DataFrame).groupByKey("id").flatMapGroupsWithState(() => [], "append", GroupStateTimeout.EventTimeTimeout, "id STRING");
    const err = await testStream(out, "append", AddData(input, "a"), CheckNewAnswer()).catch((e: unknown) => e as Error);
    expect(String((err as Error).message)).toContain(
      "Watermark must be specified in the query using '[Dataset/DataFrame].withWatermark()' for using event-time timeout in a [map|flatMap]GroupsWithState. Event-time timeout not supported without watermark.",
    );
  });

  it("the operator's output mode must be the query's (Spark's messages)", async () => {
    const input = new MemoryStream("id STRING", spark);
    const out = (input.toDF() as DataFrame).groupByKey("id").flatMapGroupsWithState(() => [], "update", "id STRING");
    const err = await testStream(out, "append", AddData(input, "a"), CheckNewAnswer()).catch((e: unknown) => e as Error);
    expect(String((err as Error).message)).toContain("flatMapGroupsWithState in update mode is not supported with Append output mode on a streaming DataFrame/Dataset");
  });
});

describe("GroupState errors, as Spark raises them", () => {
  async function failureOf(fn: (k: string, v: IterableIterator<RowImpl>, s: GroupState<unknown>) => unknown, timeout: string = GroupStateTimeout.NoTimeout) {
    const input = new MemoryStream("id STRING", spark);
    const out = (input.toDF() as DataFrame).groupByKey("id").flatMapGroupsWithState(fn, "update", timeout as "NoTimeout", "id STRING");
    let error: Error | undefined;
    await testStream(out, "update", AddData(input, "a"), ExpectFailure((e) => (error = e)));
    return String((error as Error & { cause?: Error }).cause?.message ?? error?.message);
  }

  it("setTimeoutDuration without a processing-time timeout", async () => {
    expect(await failureOf((_k, _v, s) => {
      s.setTimeoutDuration("1 minute");
      return [];
    })).toContain(
      "Cannot set timeout duration without enabling processing time timeout in [map|flatMap]GroupsWithState",
    );
  });

  it("setTimeoutTimestamp without an event-time timeout; getCurrentWatermarkMs without a watermark", async () => {
    expect(await failureOf((_k, _v, s) => {
      s.setTimeoutTimestamp(1000);
      return [];
    }, GroupStateTimeout.ProcessingTimeTimeout)).toContain(
      "Cannot set timeout timestamp without enabling event time timeout in [map|flatMap]GroupsWithState",
    );
    expect(await failureOf((_k, _v, s) => {
      s.getCurrentWatermarkMs();
      return [];
    })).toContain(
      "Cannot get event time watermark timestamp without setting watermark before [map|flatMap]GroupsWithState",
    );
  });

  it("get() of an absent state and update(null) fail inside the function (FLATMAPGROUPSWITHSTATE_USER_FUNCTION_ERROR)", async () => {
    const get = await failureOf((_k, _v, s) => {
      s.get();
      return [];
    });
    expect(get).toContain("State is either not defined or has already been removed");
    expect(await failureOf((_k, _v, s) => {
      s.update(null);
      return [];
    })).toContain("'null' is not a valid state value");
    expect(await failureOf((_k, _v, s) => {
      s.setTimeoutDuration(0);
      return [];
    }, GroupStateTimeout.ProcessingTimeTimeout)).toContain("Timeout duration must be positive");
  });

  it("update after remove is allowed, as in Spark (the state exists again)", async () => {
    const input = new MemoryStream("id STRING", spark);
    const out = (input.toDF() as DataFrame).groupByKey("id").flatMapGroupsWithState(
      (id: string, _v, s: GroupState<{ n: number }>) => {
        s.remove();
        s.update({ n: 1 });
        return [{ id, exists: s.exists() }];
      },
      "update",
      "id STRING, exists BOOLEAN",
    );
    await testStream(out, "update", AddData(input, "a"), CheckNewAnswer(["a", true]), AssertOnQuery((q) => op(q).numRowsTotal === 1, "kept"));
  });

  it("a row that does not fit the output schema, and a missing output schema, say so", () => {
    const df = spark.createDataFrame([["a"]], "id STRING") as unknown as DataFrame;
    expect(() => df.groupByKey("id").mapGroupsWithState(() => 1)).toThrow(/needs the schema of the rows the function returns/);
    expect(() => df.groupByKey("id").mapGroupsWithState(() => 5, "id STRING").collect()).toThrow(/returned 5 for key a, which is not a row of the output schema struct<id:string>/);
    expect(() => df.groupByKey("nope").mapGroupsWithState(() => ({}), "id STRING")).toThrow(/UNRESOLVED_COLUMN/);
  });
});

describe("transformWithStateInPandas", () => {
  // transformWithState itself is in tspark now (test/engine/transform-with-state/); the pandas shape is not
  it("is not in tspark yet, and says so", () => {
    const df = spark.createDataFrame([["a"]], "id STRING") as unknown as DataFrame;
    const grouped = df.groupBy("id") as unknown as { transformWithStateInPandas(): unknown };
    expect(() => grouped.transformWithStateInPandas()).toThrow(/UNSUPPORTED_FEATURE.*GroupedData.transformWithStateInPandas.*not in tspark yet/);
  });
});
