/**
 * Create the demo's streams if they are missing (only on the embedded Kinesis: on AWS a stream costs money, so
 * there they must exist already), and wait until they are ACTIVE.
 */
import { CreateStreamCommand, DescribeStreamSummaryCommand } from "@aws-sdk/client-kinesis";
import { createKinesisClient } from "../../connector/aws/clients";
import type { AwsConnection } from "../../connector/aws/connection";

export async function ensureStreams(conn: AwsConnection, names: readonly string[], shards = 2): Promise<string[]> {
  const create = conn.local;
  const client = createKinesisClient(conn);
  const created: string[] = [];
  try {
    for (const name of names) {
      if (create) {
        try {
          await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
          created.push(name);
        } catch (e) {
          if ((e as { name?: string }).name !== "ResourceInUseException") throw e;
        }
      } else {
        try {
          await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
        } catch (e) {
          if ((e as { name?: string }).name !== "ResourceNotFoundException") throw e;
          throw new Error(
            `Stream ${name} does not exist in ${conn.region}. The demo creates streams only on the embedded Kinesis; ` +
              `on AWS create it first: aws kinesis create-stream --stream-name ${name} --shard-count ${shards}`,
          );
        }
      }
      for (let i = 0; i < 600; i++) {
        const d = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
        if (d.StreamDescriptionSummary?.StreamStatus === "ACTIVE") break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  } finally {
    client.destroy();
  }
  return created;
}
