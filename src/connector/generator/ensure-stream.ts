import { CreateStreamCommand, DescribeStreamSummaryCommand, type KinesisClient } from "@aws-sdk/client-kinesis";
import { createKinesisClient } from "../aws/clients";
import type { AwsConnection } from "../aws/connection";

/**
 * Make sure a stream exists before generating into it. On a local endpoint a missing stream is created (and waited
 * for until ACTIVE); on AWS a missing stream is an error, because creating one costs money and needs a choice of
 * capacity the user should make. Returns true when it created the stream.
 */
export async function ensureStream(conn: AwsConnection, name: string, shards = 2, client?: KinesisClient): Promise<boolean> {
  const k = client ?? createKinesisClient(conn);
  let created = false;
  try {
    try {
      const d = await k.send(new DescribeStreamSummaryCommand({ StreamName: name }));
      if (d.StreamDescriptionSummary?.StreamStatus === "ACTIVE" || d.StreamDescriptionSummary?.StreamStatus === "UPDATING") return false;
    } catch (err) {
      if ((err as { name?: string }).name !== "ResourceNotFoundException") throw err;
      if (!conn.local) {
        throw new Error(`Stream ${name} does not exist in ${conn.region}: create it first (aws kinesis create-stream --stream-name ${name} --shard-count ${shards})`);
      }
      try {
        await k.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
        created = true;
      } catch (e) {
        // Someone else created it meanwhile: fine, wait for ACTIVE below.
        if ((e as { name?: string }).name !== "ResourceInUseException") throw e;
      }
    }
    for (let i = 0; i < 300; i++) {
      const d = await k.send(new DescribeStreamSummaryCommand({ StreamName: name }));
      if (d.StreamDescriptionSummary?.StreamStatus === "ACTIVE") return created;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Stream ${name} did not become ACTIVE within 30 s`);
  } finally {
    if (!client) k.destroy();
  }
}
