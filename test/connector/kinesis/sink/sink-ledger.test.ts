/**
 * The sink ledger keyed to a batch's content and to the sink's target (issue #21.3), and the reconciliation of an
 * interrupted batch with the target stream (#21.5), against a real emulator:
 *   - batch N re-planned with other rows (offsets/N and commits/N deleted by hand) is reconciled, not skipped:
 *     the records not yet in the stream are written, the ones there are not written again, and a warning says so;
 *   - a checkpoint copied from a query that wrote another stream is refused at start, naming both streams, also
 *     when it predates the recorded target (its ledger entries name the stream);
 *   - a batch cut off between PutRecords requests is completed exactly, identical records counted one by one;
 *   - a PutRecords call whose answer is lost after Kinesis wrote it is not resent (the stream is read back), while
 *     one refused on the wire without being forwarded is.
 */
import { cpSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { createKinesisSink } from "../../../../src/connector/kinesis/sink/provider";
import { LocalFileStore } from "../../../../src/engine/checkpoint/local-file-store";
import { startFaultProxy } from "../../../helpers/fault-proxy";
import { createStream, readAll, rowsOf, sinkOptions, sinkSchema, sinkTestbed, sortedPairs, testClient } from "./fixture";

const bed = sinkTestbed("tspark-sink-ledger-");
const checkpointDir = () => bed.checkpointDir();

function sinkFor(stream: string, cp: string, warnings: string[] = [], extra: Record<string, string> = {}, endpoint = bed.url) {
  return createKinesisSink({ options: sinkOptions(endpoint, stream, extra), outputMode: "append", checkpointPath: cp, session: undefined }, undefined, (m) => warnings.push(m));
}

const pairs = (rows: unknown[][]) => sortedPairs(rows.map(([pk, data]) => ({ partitionKey: String(pk), data: String(data) })));

describe("the sink ledger is keyed to the batch's content", () => {
  it("batch N re-planned with more rows after offsets/N and commits/N were deleted: the missing records are written, none twice", async () => {
    const stream = await createStream(bed.client, 2);
    const cp = checkpointDir();
    const first = await sinkFor(stream, cp);
    await first.addBatch(0, rowsOf(20), sinkSchema());
    await first.addBatch(1, rowsOf(37, 7, 20), sinkSchema());
    await first.stop();
    // The user deletes a corrupt offsets/1 and commits/1: the engine re-plans batch 1 from batch 0's end, and now
    // it holds 100 rows (the 37 written before and 63 that arrived since).
    const warnings: string[] = [];
    const second = await sinkFor(stream, cp, warnings);
    await second.addBatch(1, rowsOf(100, 7, 20), sinkSchema());
    expect(second.lastReport).toMatchObject({ skipped: false, reconciled: { reason: "content-changed", found: 37, sent: 63 } });
    expect(warnings.join("\n")).toMatch(/batch 1 was recorded as written to '.*' with 37 record\(s\).*now has 100 record\(s\) with other content/);
    expect(sortedPairs((await readAll(bed.client, stream)).records)).toEqual(pairs(rowsOf(120)));
    // The ledger now describes the new content: a re-run of it is skipped.
    const third = await sinkFor(stream, cp);
    await third.addBatch(1, rowsOf(100, 7, 20), sinkSchema());
    expect(third.lastReport?.skipped).toBe(true);
    await second.stop();
    await third.stop();
  });

  it("the same rows in another order are the same batch (skipped)", async () => {
    const stream = await createStream(bed.client, 1);
    const cp = checkpointDir();
    const first = await sinkFor(stream, cp);
    await first.addBatch(0, rowsOf(10), sinkSchema());
    const second = await sinkFor(stream, cp);
    await second.addBatch(0, rowsOf(10).reverse(), sinkSchema());
    expect(second.lastReport?.skipped).toBe(true);
    expect((await readAll(bed.client, stream)).records).toHaveLength(10);
    await first.stop();
    await second.stop();
  });
});

describe("the sink ledger is keyed to the sink's target", () => {
  it("a checkpoint copied from a query that wrote another stream is refused at start, naming both", async () => {
    const streamA = await createStream(bed.client, 1, "sink-a");
    const streamB = await createStream(bed.client, 1, "sink-b");
    const cp = checkpointDir();
    const a = await sinkFor(streamA, cp);
    await a.addBatch(0, rowsOf(5), sinkSchema());
    await a.stop();
    const copy = path.join(checkpointDir(), "..", "..", "copy");
    cpSync(path.join(cp, "..", ".."), copy, { recursive: true });
    const copied = path.join(copy, "sinks", "0");
    const refused = new RegExp(`wrote to Kinesis stream '${streamA}'.*but this query writes to '${streamB}'.*Use a new checkpointLocation`);
    await expect(sinkFor(streamB, copied)).rejects.toThrow(refused);
    // A checkpoint written before the target was recorded: the ledger entries name the stream.
    await new LocalFileStore(copied).delete("target");
    await expect(sinkFor(streamB, copied)).rejects.toThrow(refused);
    expect((await readAll(bed.client, streamB)).records).toHaveLength(0);
    // The same stream restarts; another endpoint does not.
    await (await sinkFor(streamA, cp)).stop();
    await expect(sinkFor(streamA, cp, [], { "kinesis.endpointUrl": "https://kinesis.eu-west-1.amazonaws.com", "kinesis.region": "eu-west-1" })).rejects.toThrow(
      /region us-east-1.*but this query writes to .*region eu-west-1, endpoint https:\/\/kinesis\.eu-west-1\.amazonaws\.com/,
    );
  });
});

describe("a batch cut off in the middle of its PutRecords requests", () => {
  it("is completed on the re-run: records already in the stream are not sent again, identical records counted one by one", async () => {
    const stream = await createStream(bed.client, 2);
    const cp = checkpointDir();
    // 700 rows, many identical (same key and data): 50 distinct records, 14 copies each.
    const rows = Array.from({ length: 700 }, (_, i) => [`key-${i % 5}`, `same-${i % 50}`]);
    const first = await sinkFor(stream, cp, [], { "kinesis.sink.aggregationEnabled": "false" });
    let calls = 0;
    first.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "PutRecordsCommand" && calls++ === 1) throw Object.assign(new Error("the process died"), { name: "AccessDeniedException" });
        return next(args);
      },
      { step: "initialize", name: "dieOnSecondRequest" },
    );
    await expect(first.addBatch(0, rows, sinkSchema())).rejects.toThrow();
    expect((await readAll(bed.client, stream)).records).toHaveLength(500);
    const warnings: string[] = [];
    const second = await sinkFor(stream, cp, warnings, { "kinesis.sink.aggregationEnabled": "false" });
    await second.addBatch(0, rows, sinkSchema());
    expect(second.lastReport).toMatchObject({ reconciled: { reason: "interrupted", found: 500, sent: 200 } });
    expect(warnings.join("\n")).toMatch(/batch 0 was being written to .* when the query stopped/);
    expect(sortedPairs((await readAll(bed.client, stream)).records)).toEqual(pairs(rows));
    await first.stop();
    await second.stop();
  });

  it("works the same with KPL aggregation (records are read back de-aggregated)", async () => {
    const stream = await createStream(bed.client, 3);
    const cp = checkpointDir();
    const rows = rowsOf(300, 11);
    const first = await sinkFor(stream, cp);
    let calls = 0;
    first.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "PutRecordsCommand" && calls++ === 0) {
          await next(args);
          throw Object.assign(new Error("killed after the response"), { name: "AccessDeniedException" });
        }
        return next(args);
      },
      { step: "initialize", name: "dieAfterResponse" },
    );
    await expect(first.addBatch(0, rows, sinkSchema())).rejects.toThrow();
    const second = await sinkFor(stream, cp);
    await second.addBatch(0, rows, sinkSchema());
    expect(second.lastReport).toMatchObject({ reconciled: { found: 300, sent: 0 } });
    await second.addBatch(1, rowsOf(5, 11, 300), sinkSchema());
    expect(sortedPairs((await readAll(bed.client, stream)).records)).toEqual(pairs(rowsOf(305, 11)));
    await first.stop();
    await second.stop();
  });
});

describe("a PutRecords call that fails without an answer", () => {
  it("is read back before resending: written records are not sent again, unwritten ones are", async () => {
    const stream = await createStream(bed.client, 2);
    const proxy = await startFaultProxy({ target: bed.url, seed: 3 });
    try {
      const rows = rowsOf(700, 13);
      const warnings: string[] = [];
      const sink = await sinkFor(stream, checkpointDir(), warnings, { "kinesis.endpointUrl": proxy.url, "kinesis.sink.aggregationEnabled": "false" });
      // The first request (500 records) is written by Kinesis, but its answer never arrives (a reset).
      proxy.setRules([{ operation: "PutRecords", fault: "lost-answer", count: 1 }]);
      await sink.addBatch(0, rows, sinkSchema());
      expect(sink.lastReport).toMatchObject({ failedCalls: 1, settledEntries: 500 });
      expect(warnings.join("\n")).toMatch(/batch 0: 500 record\(s\) were in PutRecords calls that failed without an answer; 500 of them reached/);
      // Now a reset before Kinesis saw the call: nothing was written, all of it is resent.
      proxy.setRules([{ operation: "PutRecords", fault: "reset", count: 1 }]);
      await sink.addBatch(1, rowsOf(300, 13, 700), sinkSchema());
      expect(sink.lastReport).toMatchObject({ failedCalls: 1, settledEntries: 0 });
      expect(sortedPairs((await readAll(bed.client, stream)).records)).toEqual(pairs(rowsOf(1000, 13)));
      await sink.stop();
    } finally {
      await proxy.close();
    }
  });
});

describe("a batch killed after its intent, before any PutRecords", () => {
  // kinesalite never answers AT_TIMESTAMP on a shard with no record since the timestamp (the sink falls back to
  // TRIM_HORIZON filtered by arrival time on local emulators); kinesis-local answers as AWS does.
  const kinesalite = process.env.TSPARK_TEST_KINESALITE_ENDPOINT;
  it.each([
    ["the default emulator", undefined],
    ["kinesalite", kinesalite],
  ] as const)("on %s: the re-run finds nothing in the stream and sends the whole batch once", async (_name, endpoint) => {
    const target = endpoint ?? bed.url;
    const admin = testClient(target);
    const stream = await createStream(admin, 2);
    const cp = checkpointDir();
    const first = await sinkFor(stream, cp, [], {}, target);
    first.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "PutRecordsCommand") throw Object.assign(new Error("killed before sending"), { name: "AccessDeniedException" });
        return next(args);
      },
      { step: "initialize", name: "dieBeforeSending" },
    );
    await expect(first.addBatch(0, rowsOf(40), sinkSchema())).rejects.toThrow();
    const second = await sinkFor(stream, cp, [], {}, target);
    await second.addBatch(0, rowsOf(40), sinkSchema());
    expect(second.lastReport).toMatchObject({ reconciled: { reason: "interrupted", found: 0, sent: 40 } });
    expect(sortedPairs((await readAll(admin, stream)).records)).toEqual(pairs(rowsOf(40)));
    await first.stop();
    await second.stop();
    admin.destroy();
  });
});
