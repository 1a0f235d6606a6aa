import { MergeShardsCommand, SplitShardCommand, UpdateShardCountCommand, ListShardsCommand } from "@aws-sdk/client-kinesis";
import { afterAll, describe, expect, it } from "vitest";
import type { Row } from "../../../../src/engine/types/values";
import { createKinesisSource } from "../../../../src/connector/kinesis/provider";
import { createStream, numbered, put, SourceDriver, testClient, text, waitActive, deleteCreatedStreams, sourceOptions } from "./fixture";

const client = testClient();
afterAll(async () => {
  await deleteCreatedStreams();
  client.destroy();
});

const CONSUMERS = ["GetRecords", "SubscribeToShard"] as const;

function options(stream: string, consumer: string, extra: Record<string, string> = {}) {
  return sourceOptions(stream, { "kinesis.startingPosition": "TRIM_HORIZON", "kinesis.describeShardInterval": "0s", ...extra }, consumer);
}

/** Every record exactly once, and per partition key in put order (r-<i> increasing). */
function expectExactlyOnceInOrder(rows: Row[], expected: number): void {
  const values = rows.map(text);
  expect(values.length).toBe(expected);
  expect(new Set(values).size).toBe(expected);
  const byKey = new Map<string, number[]>();
  for (const r of rows) byKey.set(String(r[2]), [...(byKey.get(String(r[2])) ?? []), Number(text(r).slice(2))]);
  for (const seq of byKey.values()) expect(seq).toEqual([...seq].sort((a, b) => a - b));
}

describe.each(CONSUMERS)("restart and resharding with %s", (consumer) => {
  it("resumes from the checkpoint with no loss and no repeat (committed and uncommitted last batch)", async () => {
    const stream = await createStream(client, 2);
    await put(client, stream, numbered(0, 30));
    const o = options(stream, consumer, { "kinesis.maxFetchRecordsPerShard": "4" });
    const d = new SourceDriver(await createKinesisSource(o));
    await d.step();
    await d.step();
    // Restart after a committed batch.
    await d.restart(() => createKinesisSource(o));
    await d.step({ commit: false });
    const uncommitted = d.batches[d.batches.length - 1].map(text);
    // Restart with batch N written to the offset log but not committed: it is re-run with the same offsets.
    const rerun = await d.restart(() => createKinesisSource(o));
    expect(rerun?.map(text)).toEqual(uncommitted);
    await put(client, stream, numbered(30, 40));
    const rows = await d.runUntil((r) => r.length >= 40);
    expectExactlyOnceInOrder(rows, 40);
    await d.source.stop();
  });

  it("refuses a checkpoint written for another stream", async () => {
    const stream = await createStream(client, 1);
    await put(client, stream, numbered(0, 3));
    const d = new SourceDriver(await createKinesisSource(options(stream, consumer)));
    await d.runUntil((r) => r.length >= 3);
    await d.source.stop();
    const other = await createStream(client, 1);
    const wrong = await createKinesisSource(options(other, consumer));
    await expect(wrong.latestOffset(d.offsets[d.offsets.length - 1], {})).rejects.toThrow(
      `The checkpoint holds positions of stream '${stream}', but kinesis.streamName is '${other}'`,
    );
    await wrong.stop();
  });

  it("re-runs an uncommitted first batch exactly after a restart", async () => {
    const stream = await createStream(client, 2);
    await put(client, stream, numbered(0, 10));
    const o = options(stream, consumer);
    const d = new SourceDriver(await createKinesisSource(o));
    const first = await d.runUntil((r) => r.length > 0);
    expect(d.offsets.length).toBe(1);
    const batch0 = d.batches[0].map(text);
    d.committed = -1; // the sink never committed batch 0
    const rerun = await d.restart(() => createKinesisSource(o));
    expect(rerun?.map(text)).toEqual(batch0);
    expect(first.length).toBeGreaterThan(0);
    await d.source.stop();
  });

  it("split, merge and UpdateShardCount while running: every record once, parents before children", async () => {
    const stream = await createStream(client, 2);
    const d = new SourceDriver(await createKinesisSource(options(stream, consumer)));
    await put(client, stream, numbered(0, 20));
    await d.runUntil((r) => r.length >= 20);

    const shards = (await client.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? [];
    const s0 = shards[0];
    const mid = ((BigInt(s0.HashKeyRange!.StartingHashKey!) + BigInt(s0.HashKeyRange!.EndingHashKey!)) / 2n).toString();
    await client.send(new SplitShardCommand({ StreamName: stream, ShardToSplit: s0.ShardId, NewStartingHashKey: mid }));
    await waitActive(client, stream);
    await put(client, stream, numbered(20, 40));
    await d.runUntil((r) => r.length >= 40);

    const open = ((await client.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? []).filter(
      (s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined,
    );
    const [a, b] = open.sort((x, y) => (BigInt(x.HashKeyRange!.StartingHashKey!) < BigInt(y.HashKeyRange!.StartingHashKey!) ? -1 : 1));
    await client.send(new MergeShardsCommand({ StreamName: stream, ShardToMerge: a.ShardId, AdjacentShardToMerge: b.ShardId }));
    await waitActive(client, stream);
    await put(client, stream, numbered(40, 60));
    await d.runUntil((r) => r.length >= 60);

    await client.send(new UpdateShardCountCommand({ StreamName: stream, TargetShardCount: 4, ScalingType: "UNIFORM_SCALING" }));
    await waitActive(client, stream);
    await put(client, stream, numbered(60, 80));
    const rows = await d.runUntil((r) => r.length >= 80);
    expectExactlyOnceInOrder(rows, 80);

    // A fresh TRIM_HORIZON start reads closed shards still within retention too, parents first.
    const fresh = new SourceDriver(await createKinesisSource(options(stream, consumer)));
    const again = await fresh.runUntil((r) => r.length >= 80);
    expectExactlyOnceInOrder(again, 80);
    const lines = await (fresh.source.explainLines?.() ?? Promise.resolve([]));
    expect(lines.join("\n")).toMatch(/parents shardId-/);
    await fresh.source.stop();
    await d.source.stop();
  });
});
