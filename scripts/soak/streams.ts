import { CreateStreamCommand, DescribeStreamSummaryCommand, GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand } from "@aws-sdk/client-kinesis";
import { createKinesisClient } from "../../src/connector/aws/clients";
import type { AwsConnection } from "../../src/connector/aws/connection";
import { deaggregate, isAggregated } from "../../src/connector/kinesis/kpl/aggregate";

export async function createSoakStream(conn: AwsConnection, name: string, shards: number): Promise<void> {
  const k = createKinesisClient(conn);
  try {
    await k.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
    for (let i = 0; i < 300; i++) {
      const d = await k.send(new DescribeStreamSummaryCommand({ StreamName: name }));
      if (d.StreamDescriptionSummary?.StreamStatus === "ACTIVE") return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${name} not ACTIVE`);
  } finally {
    k.destroy();
  }
}

/** Every user record's data (UTF-8; KPL aggregates unpacked) of every shard, parents included, from TRIM_HORIZON. */
export async function readStreamRecords(conn: AwsConnection, name: string): Promise<string[]> {
  const k = createKinesisClient(conn);
  const out: string[] = [];
  try {
    let token: string | undefined;
    const shards: string[] = [];
    do {
      const r = await k.send(token ? new ListShardsCommand({ NextToken: token }) : new ListShardsCommand({ StreamName: name }));
      shards.push(...(r.Shards ?? []).map((s) => s.ShardId!));
      token = r.NextToken;
    } while (token);
    for (const shardId of shards) {
      let it = (await k.send(new GetShardIteratorCommand({ StreamName: name, ShardId: shardId, ShardIteratorType: "TRIM_HORIZON" }))).ShardIterator;
      let empty = 0;
      while (it && empty < 2) {
        const r = await k.send(new GetRecordsCommand({ ShardIterator: it, Limit: 10000 }));
        for (const rec of r.Records ?? []) {
          const data = rec.Data!;
          const users = isAggregated(data) ? (deaggregate(data) ?? []) : [{ data }];
          for (const u of users) out.push(Buffer.from(u.data).toString("utf8"));
        }
        empty = r.Records?.length ? 0 : empty + 1;
        it = r.NextShardIterator;
      }
    }
  } finally {
    k.destroy();
  }
  return out;
}
