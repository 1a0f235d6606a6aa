/**
 * Reshard under load (kinesis-local): while a producer feeds the stream and a query reads it, split a shard, merge
 * two adjacent shards, then UpdateShardCount. Every record must arrive exactly once, and per partition key in put
 * order (a child shard is read only after its parents were read to their end).
 */
import { ListShardsCommand, MergeShardsCommand, type Shard, SplitShardCommand, UpdateShardCountCommand } from "@aws-sdk/client-kinesis";
import { createKinesisClient } from "../../src/connector/aws/clients";
import type { AwsConnection } from "../../src/connector/aws/connection";
import { setDefaultConnection } from "../../src/connector/aws/default-connection";
import { SoakProducer, audit, startCollectingQuery } from "./in-process-query";
import { createSoakStream } from "./streams";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface ReshardSoakResult {
  put: number;
  reshards: string[];
  lost: number;
  duplicated: number;
  outOfOrder: number;
}

async function openShards(conn: AwsConnection, stream: string): Promise<Shard[]> {
  const k = createKinesisClient(conn);
  try {
    const r = await k.send(new ListShardsCommand({ StreamName: stream }));
    return (r.Shards ?? []).filter((s) => !s.SequenceNumberRange?.EndingSequenceNumber);
  } finally {
    k.destroy();
  }
}

export async function reshardSoak(conn: AwsConnection, opts: { rounds: number; ratePerSec: number; log: (s: string) => void }): Promise<ReshardSoakResult> {
  const stream = `soak-reshard-${process.pid}-${Date.now().toString(36)}`;
  await createSoakStream(conn, stream, 2);
  setDefaultConnection(conn);
  const k = createKinesisClient(conn);
  const producer = new SoakProducer(k, stream);
  const q = await startCollectingQuery(stream, { "kinesis.describeShardInterval": "200ms" });
  let producing = true;
  const feeding = (async () => {
    while (producing) {
      await producer.send(Math.max(1, Math.round(opts.ratePerSec / 5)));
      await sleep(200);
    }
  })();
  const reshards: string[] = [];
  const waitActive = async () => {
    for (let i = 0; i < 100; i++) {
      const { DescribeStreamSummaryCommand } = await import("@aws-sdk/client-kinesis");
      const d = await k.send(new DescribeStreamSummaryCommand({ StreamName: stream }));
      if (d.StreamDescriptionSummary?.StreamStatus === "ACTIVE") return;
      await sleep(100);
    }
  };
  try {
    for (let round = 0; round < opts.rounds; round++) {
      await sleep(1500);
      const open = await openShards(conn, stream);
      const s = open[0]!;
      const lo = BigInt(s.HashKeyRange!.StartingHashKey!);
      const hi = BigInt(s.HashKeyRange!.EndingHashKey!);
      await k.send(new SplitShardCommand({ StreamName: stream, ShardToSplit: s.ShardId!, NewStartingHashKey: ((lo + hi) / 2n).toString() }));
      await waitActive();
      reshards.push(`split ${s.ShardId}`);
      await sleep(1500);
      const after = (await openShards(conn, stream)).sort((a, b) => (BigInt(a.HashKeyRange!.StartingHashKey!) < BigInt(b.HashKeyRange!.StartingHashKey!) ? -1 : 1));
      const [x, y] = [after[0]!, after[1]!];
      await k.send(new MergeShardsCommand({ StreamName: stream, ShardToMerge: x.ShardId!, AdjacentShardToMerge: y.ShardId! }));
      await waitActive();
      reshards.push(`merge ${x.ShardId}+${y.ShardId}`);
      opts.log(`reshard round ${round + 1}/${opts.rounds}: ${producer.put} put, ${q.ids.length} received`);
    }
    await sleep(1500);
    const count = (await openShards(conn, stream)).length;
    await k.send(new UpdateShardCountCommand({ StreamName: stream, TargetShardCount: count * 2, ScalingType: "UNIFORM_SCALING" }));
    await waitActive();
    reshards.push(`UpdateShardCount ${count} -> ${count * 2}`);
    await sleep(2000);
  } finally {
    producing = false;
    await feeding;
  }
  for (let i = 0; i < 600 && new Set(q.ids).size < producer.put && q.query.isActive; i++) await sleep(100);
  await q.query.stop();
  k.destroy();
  setDefaultConnection(undefined);
  const a = audit(producer.put, q.ids, q.keys);
  return { put: producer.put, reshards, ...a };
}
