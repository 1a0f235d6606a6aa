/** Create the demo's streams on the (local) Kinesis if they are missing, and wait until they are ACTIVE. */
import { CreateStreamCommand, DescribeStreamSummaryCommand } from "@aws-sdk/client-kinesis";
import { createKinesisClient } from "../../connector/aws/clients";
import type { AwsConnection } from "../../connector/aws/connection";

export async function ensureStreams(conn: AwsConnection, names: readonly string[], shards = 2): Promise<string[]> {
  const client = createKinesisClient(conn);
  const created: string[] = [];
  try {
    for (const name of names) {
      try {
        await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
        created.push(name);
      } catch (e) {
        if ((e as { name?: string }).name !== "ResourceInUseException") throw e;
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
