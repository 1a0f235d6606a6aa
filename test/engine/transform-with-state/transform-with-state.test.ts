import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import type { RowImpl } from "../../../src/engine/api/row";
import {
  type ListState,
  type MapState,
  type StatefulProcessor,
  type StatefulProcessorHandle,
  TimeMode,
  type TimerValues,
  TTLConfig,
  type ValueState,
} from "../../../src/engine/api/transform-with-state";
import { ManualClock } from "../../../src/engine/exec/clock";
import { SparkSession } from "../../../src/engine/session";
import { AddData, AdvanceClock, AssertOnQuery, CheckNewAnswer, ExpectFailure, StartStream, StopStream, streamingSession, testStream } from "../../helpers/stream-test";

/**
 * transformWithState against Spark's documented semantics (TransformWithStateSuite, the programming guide's
 * StatefulProcessor examples): the Spark oracle cannot run a TypeScript processor.
 */
const spark = streamingSession(new SparkSession());
const sec = (s: number) => BigInt(s) * 1_000_000n;
type Progress = { stateOperators: { operatorName: string; numRowsTotal: number; numRowsUpdated: number; numRowsRemoved: number; memoryUsedBytes: number }[] };
const op = (q: { lastProgress: unknown }) => (q.lastProgress as Progress).stateOperators[0]!;

/** The guide's running count: a ValueState per key. */
class RunningCount implements StatefulProcessor<string, RowImpl> {
  private count!: ValueState<{ n: number }>;
  init(handle: StatefulProcessorHandle) {
    this.count = handle.getValueState("count", "n LONG");
  }
  handleInputRows(key: string, rows: IterableIterator<RowImpl>) {
    let n = this.count.get()?.n ?? 0;
    for (const _ of rows) n++;
    this.count.update({ n });
    return [{ key, count: n }];
  }
}

describe("transformWithState: ValueState and both API shapes", () => {
  it("groupByKey(...).transformWithState(processor, TimeMode.None(), 'Update', schema): a running count; progress transformWithStateExec", async () => {
    const input = new MemoryStream("word STRING", spark);
    const out = (input.toDF() as DataFrame).groupByKey("word").transformWithState(new RunningCount(), TimeMode.None(), "Update", "key STRING, count LONG");
    await testStream(
      out,
      "update",
      AddData(input, "a", "b", "a"),
      CheckNewAnswer(["a", 2n], ["b", 1n]),
      AssertOnQuery((q) => op(q).operatorName === "transformWithStateExec" && op(q).numRowsTotal === 2 && op(q).memoryUsedBytes > 0, "progress"),
      AddData(input, "a"),
      CheckNewAnswer(["a", 3n]),
      StopStream(),
      StartStream(),
      AddData(input, "b"),
      CheckNewAnswer(["b", 2n]), // the state came back from the checkpoint
    );
  });

  it("PySpark's shape: groupBy('col').transformWithState(processor, outputStructType, outputMode, timeMode)", async () => {
    const input = new MemoryStream("word STRING, n INT", spark);
    const grouped = (input.toDF() as DataFrame).groupBy("word");
    const out = grouped.transformWithState(new RunningCount(), "key STRING, count LONG", "Update", "None");
    await testStream(out, "update", AddData(input, ["x", 1], ["x", 2]), CheckNewAnswer(["x", 2n]));
    expect(() => grouped.transformWithState(new RunningCount(), "key STRING, count LONG", "Update", "Sometimes")).toThrow(
      /\[STATEFUL_PROCESSOR_UNKNOWN_TIME_MODE\] Unknown time mode Sometimes/,
    );
  });

  it("groupBy over two columns: the key is an array of their values; getQueryInfo() gives the batch id", async () => {
    const input = new MemoryStream("country STRING, city STRING", spark);
    let handle: StatefulProcessorHandle;
    const processor: StatefulProcessor<[string, string], RowImpl> = {
      init: (h) => {
        handle = h;
      },
      handleInputRows: (key, rows) => [[key.join("/"), [...rows].length, handle.getQueryInfo().getBatchId()]],
    };
    const out = (input.toDF() as DataFrame).groupBy("country", "city").transformWithState(processor, "k STRING, n INT, batch LONG", "Append", "None");
    await testStream(
      out,
      "append",
      AddData(input, ["ES", "Madrid"], ["ES", "Sevilla"], ["ES", "Madrid"]),
      CheckNewAnswer(["ES/Madrid", 2, 0n], ["ES/Sevilla", 1, 0n]),
      AddData(input, ["FR", "Paris"]),
      CheckNewAnswer(["FR/Paris", 1, 1n]),
    );
  });

  it("on a batch DataFrame each key is called once with all its rows and a fresh state", () => {
    const df = spark.createDataFrame([["a"], ["b"], ["a"]], "w STRING") as unknown as DataFrame;
    const rows = df.groupByKey("w").transformWithState(new RunningCount(), "None", "append", "key STRING, count LONG").collect();
    expect(rows.map((r) => [r.get(0), r.get(1)]).sort()).toEqual([
      ["a", 2],
      ["b", 1],
    ]);
  });
});

/** A session per key that ends 10 s (processing time) after its last batch: ValueState + timer. */
class Sessions implements StatefulProcessor<string, RowImpl> {
  private events!: ValueState<{ n: number; timer: number }>;
  init(handle: StatefulProcessorHandle) {
    this.handle = handle;
    this.events = handle.getValueState("events", "n INT, timer LONG");
  }
  handle!: StatefulProcessorHandle;
  handleInputRows(_key: string, rows: IterableIterator<RowImpl>, timers: TimerValues) {
    const s = this.events.get() ?? { n: 0, timer: -1 };
    for (const _ of rows) s.n++;
    if (s.timer >= 0) this.handle.deleteTimer(s.timer);
    s.timer = timers.getCurrentProcessingTimeInMs() + 10_000;
    this.handle.registerTimer(s.timer);
    this.events.update(s);
    return [];
  }
  handleExpiredTimer(key: string) {
    const n = this.events.get()!.n;
    this.events.clear();
    return [[key, n, [...this.handle.listTimers()].length]];
  }
}

describe("timers", () => {
  it("processing time: a timer fires in the batch without new data once the clock passes it; it is deleted as it fires", async () => {
    const input = new MemoryStream("id STRING", spark);
    const out = (input.toDF() as DataFrame).groupByKey("id").transformWithState(new Sessions(), TimeMode.ProcessingTime(), "update", "id STRING, events INT, timersLeft INT");
    const clock = new ManualClock(1_000_000);
    await testStream(
      out,
      "update",
      StartStream({ clock }),
      AddData(input, "a", "a", "b"),
      CheckNewAnswer(),
      AssertOnQuery((q) => op(q).numRowsTotal === 4, "two values and two timers"),
      AdvanceClock(5_000),
      AddData(input, "b"), // b's timer moves to now + 10 s
      CheckNewAnswer(),
      AdvanceClock(6_000), // a's timer (1 010 000) is due, b's (1 015 000) is not
      CheckNewAnswer(["a", 2, 1]), // listTimers() in the handler still lists the timer firing (Spark deletes it after)
      AssertOnQuery((q) => op(q).numRowsTotal === 2, "a's state cleared, its timer deleted"),
      StopStream(),
      AdvanceClock(10_000),
      StartStream({ clock }),
      CheckNewAnswer(["b", 2, 1]), // b's timer came back from the checkpoint
    );
  });

  it("event time: input rows first, then the timers below the watermark, earliest first; late rows dropped", async () => {
    const seen: string[] = [];
    const processor: StatefulProcessor<string, RowImpl> = {
      handle: undefined as unknown as StatefulProcessorHandle,
      init(h: StatefulProcessorHandle) {
        (this as { handle: StatefulProcessorHandle }).handle = h;
      },
      handleInputRows(key: string, rows: IterableIterator<RowImpl>) {
        const h = (this as unknown as { handle: StatefulProcessorHandle }).handle;
        for (const r of rows) h.registerTimer((r.t as Date).getTime() + 10_000);
        seen.push(`rows ${key}`);
        return [];
      },
      handleExpiredTimer(key: string, tv: TimerValues, info: { getExpiryTimeInMs(): number }) {
        seen.push(`timer ${key}`);
        return [[key, new Date(info.getExpiryTimeInMs()), new Date(tv.getCurrentWatermarkInMs())]];
      },
    } as StatefulProcessor<string, RowImpl> & { handle: StatefulProcessorHandle };
    const input = new MemoryStream("id STRING, t TIMESTAMP", spark);
    const out = (input.toDF() as DataFrame & { withWatermark(c: string, d: string): DataFrame })
      .withWatermark("t", "5 seconds")
      .groupByKey((r) => r.id)
      .transformWithState(processor, "EventTime", "append", "id STRING, fired TIMESTAMP, watermark TIMESTAMP");
    await testStream(
      out,
      "append",
      AddData(input, ["a", sec(10)], ["b", sec(12)]),
      CheckNewAnswer(), // watermark 7 s
      AddData(input, ["c", sec(30)]),
      // the no-data batch at watermark 25 s: a's timer (20 s) then b's (22 s)
      CheckNewAnswer(["a", sec(20), sec(25)], ["b", sec(22), sec(25)]),
      AddData(input, ["a", sec(24)], ["d", sec(50)]), // a at 24 s is late (at or below 25 s)
      CheckNewAnswer(["c", sec(40), sec(45)]),
    );
    expect(seen.slice(0, 5)).toEqual(["rows a", "rows b", "rows c", "timer a", "timer b"]);
    expect(seen.slice(5)).toEqual(["rows d", "timer c"]);
  });
});

describe("ListState, MapState and TTL", () => {
  it("ListState put/appendValue/appendList/get/clear and MapState updateValue/getValue/containsKey/iterator/keys/values/removeKey", async () => {
    class Pages implements StatefulProcessor<string, RowImpl> {
      private pages!: ListState<{ page: string }>;
      private counts!: MapState<string, { n: number }>;
      init(h: StatefulProcessorHandle) {
        this.pages = h.getListState("pages", "page STRING");
        this.counts = h.getMapState("counts", "STRING", "n INT");
      }
      handleInputRows(user: string, rows: IterableIterator<RowImpl>) {
        const batch = [...rows].map((r) => r.page as string);
        if (batch.includes("reset")) {
          this.pages.clear();
          this.counts.clear();
          return [[user, 0, "", false]];
        }
        if (!this.pages.exists()) this.pages.put([{ page: batch[0]! }]);
        else this.pages.appendValue({ page: batch[0]! });
        this.pages.appendList(batch.slice(1).map((page) => ({ page })));
        for (const p of batch) this.counts.updateValue(p, { n: (this.counts.getValue(p)?.n ?? 0) + 1 });
        if (this.counts.containsKey("/tmp")) this.counts.removeKey("/tmp");
        const list = [...this.pages.get()].map((p) => p.page);
        const keys = [...this.counts.keys()].sort().join(",");
        const total = [...this.counts.values()].reduce((a, v) => a + v.n, 0);
        const pairs = [...this.counts.iterator()].length;
        return [[user, list.length, `${keys}=${total}`, pairs === [...this.counts.keys()].length]];
      }
    }
    const input = new MemoryStream("user STRING, page STRING", spark);
    const out = (input.toDF() as DataFrame).groupByKey("user").transformWithState(new Pages(), "None", "update", "user STRING, pages INT, counts STRING, consistent BOOLEAN");
    await testStream(
      out,
      "update",
      AddData(input, ["ana", "/"], ["ana", "/cart"], ["ana", "/tmp"]),
      CheckNewAnswer(["ana", 3, "/,/cart=2", true]),
      StopStream(),
      StartStream(),
      AddData(input, ["ana", "/"]),
      CheckNewAnswer(["ana", 4, "/,/cart=3", true]),
      AssertOnQuery((q) => op(q).numRowsTotal === 4 + 2, "4 list elements + 2 map entries"),
      AddData(input, ["ana", "reset"]),
      CheckNewAnswer(["ana", 0, "", false]),
      AssertOnQuery((q) => op(q).numRowsTotal === 0, "cleared"),
    );
  });

  it("TTL: a value is gone once the batch timestamp reaches its last write plus the TTL, and evicted from the state", async () => {
    class Last implements StatefulProcessor<string, RowImpl> {
      private last!: ValueState<{ v: string }>;
      init(h: StatefulProcessorHandle) {
        this.last = h.getValueState("last", "v STRING", new TTLConfig("10 seconds"));
      }
      handleInputRows(key: string, rows: IterableIterator<RowImpl>) {
        const before = this.last.get()?.v ?? null;
        for (const r of rows) this.last.update({ v: r.v as string });
        return [[key, before]];
      }
    }
    const input = new MemoryStream("k STRING, v STRING", spark);
    const out = (input.toDF() as DataFrame).groupByKey("k").transformWithState(new Last(), TimeMode.ProcessingTime(), "update", "k STRING, before STRING");
    const clock = new ManualClock(1_000_000);
    await testStream(
      out,
      "update",
      StartStream({ clock }),
      AddData(input, ["a", "1"], ["b", "1"]),
      CheckNewAnswer(["a", null], ["b", null]),
      AdvanceClock(9_000),
      AddData(input, ["a", "2"]), // a's TTL restarts: expires at 1 019 000
      CheckNewAnswer(["a", "1"]),
      AdvanceClock(1_000), // batch at 1 010 000: b (expires 1 010 000) is gone
      AddData(input, ["b", "2"], ["a", "3"]),
      CheckNewAnswer(["b", null], ["a", "2"]),
      AssertOnQuery((q) => op(q).numRowsTotal === 2, "b rewritten"),
      AdvanceClock(20_000),
      AddData(input, ["c", "1"]),
      CheckNewAnswer(["c", null]),
      AssertOnQuery((q) => op(q).numRowsTotal === 1 && op(q).numRowsRemoved === 2, "a and b evicted by TTL"),
    );
  });
});

describe("Spark's errors", () => {
  async function failureOf(processor: StatefulProcessor, timeMode = "None"): Promise<string> {
    const input = new MemoryStream("id STRING", spark);
    const out = (input.toDF() as DataFrame).groupByKey("id").transformWithState(processor, timeMode, "update", "id STRING");
    let error: Error | undefined;
    // a misuse in init() fails the start (Spark runs init() on the driver to learn the state variables)
    await testStream(out, "update", AddData(input, "a"), ExpectFailure((e) => (error = e))).catch((e: Error) => (error = e));
    const e = error as Error & { cause?: Error };
    return `${e.message} ${e.cause?.message ?? ""}`;
  }
  const base = { handleInputRows: () => [] };

  it("registerTimer in TimeMode.None", async () => {
    let h: StatefulProcessorHandle;
    const msg = await failureOf({ init: (x) => (h = x), handleInputRows: () => {
        h.registerTimer(1000);
        return [];
      },
    });
    expect(msg).toContain("[STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_TIME_MODE] Failed to perform stateful processor operation=register_timer with invalid timeMode=NoTime");
  });

  it("a state variable defined twice, and one defined outside init()", async () => {
    const twice = (h: StatefulProcessorHandle) => {
      h.getValueState("s", "v INT");
      h.getListState("s", "v INT");
    };
    await expect(async () => (spark.createDataFrame([["a"]], "id STRING") as unknown as DataFrame).groupByKey("id").transformWithState({ ...base, init: twice }, "None", "update", "id STRING").collect()).rejects.toThrow(
      /STATEFUL_PROCESSOR_DUPLICATE_STATE_VARIABLE_DEFINED\] State variable with name s has already been defined in the StatefulProcessor/,
    );
    let h: StatefulProcessorHandle;
    const msg = await failureOf({ init: (x) => (h = x), handleInputRows: () => {
        h.getValueState("late", "v INT");
        return [];
      },
    });
    expect(msg).toContain("[STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_HANDLE_STATE] Failed to perform stateful processor operation=get_value_state with invalid handle state=DATA_PROCESSED");
  });

  it("registerTimer in init(); TTL outside processing time; a non-positive TTL", async () => {
    expect(await failureOf({ ...base, init: (h) => h.registerTimer(5) }, "ProcessingTime")).toContain("operation=register_timer with invalid handle state=PRE_INIT");
    expect(await failureOf({ ...base, init: (h) => h.getValueState("v", "x INT", new TTLConfig(1000)) }, "EventTime")).toContain(
      "[STATEFUL_PROCESSOR_INCORRECT_TIME_MODE_TO_ASSIGN_TTL] Cannot use TTL for state=v in timeMode=EventTime, use TimeMode.ProcessingTime() instead.",
    );
    expect(await failureOf({ ...base, init: (h) => h.getValueState("v", "x INT", new TTLConfig(-5)) }, "ProcessingTime")).toContain(
      "[STATEFUL_PROCESSOR_TTL_DURATION_MUST_BE_POSITIVE] TTL duration must be greater than zero for State store operation=update on state=v.",
    );
  });

  it("a state variable init() declares in a later batch only (it would not be checkpointed)", async () => {
    let calls = 0;
    const msg = await failureOf({
      ...base,
      init: (h) => {
        if (calls++ > 0) h.getValueState("late", "v INT");
      },
    });
    expect(msg).toContain("State variable late was not declared by init() when the query started");
  });

  it("an exception in the processor: TRANSFORM_WITH_STATE_USER_FUNCTION_ERROR naming the method", async () => {
    const msg = await failureOf({
      init: () => {},
      handleInputRows: () => {
        throw new Error("boom");
      },
    });
    expect(msg).toContain("[TRANSFORM_WITH_STATE_USER_FUNCTION_ERROR] An error occurred in the user-defined function handleInputRows of the StatefulProcessor. Reason: boom.");
  });

  it("output mode Complete, and a query in Complete mode", async () => {
    const df = spark.createDataFrame([["a"]], "id STRING") as unknown as DataFrame;
    expect(() => df.groupByKey("id").transformWithState(new RunningCount(), "None", "complete", "key STRING, count LONG")).toThrow(
      /Complete output mode not supported when there are no streaming aggregations/,
    );
    const input = new MemoryStream("word STRING", spark);
    const out = (input.toDF() as DataFrame).groupByKey("word").transformWithState(new RunningCount(), "None", "update", "key STRING, count LONG");
    const err = await testStream(out, "complete", AddData(input, "a"), CheckNewAnswer()).catch((e: unknown) => e as Error);
    expect(String((err as Error).message)).toContain("Complete output mode not supported when there are no streaming aggregations");
  });
});
