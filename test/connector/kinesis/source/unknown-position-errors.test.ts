import { describe, expect, it } from "vitest";
import { explainKinesisError } from "../../../../src/connector/kinesis/errors";
import type { KinesisConnection } from "../../../../src/connector/kinesis/resolve-connection";

/**
 * The generic translation (fan-out and every other path besides the polling fetcher, which names the shard):
 * an error about a sequence number the stream does not have is never "Stream not found". The errors are shaped as
 * the SDK raises them (name + message as kinesis-local and AWS answer).
 */
const conn: KinesisConnection = { endpoint: "http://127.0.0.1:4567", region: "us-east-1", local: true, describe: "endpoint http://127.0.0.1:4567, region us-east-1" };

function sdkError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

describe("explainKinesisError and positions the stream does not have", () => {
  it("kinesis-local's ResourceNotFound and AWS's InvalidArgument about a sequence number say the records are gone", () => {
    for (const e of [
      sdkError("ResourceNotFoundException", "Unable to find record with provided SequenceNumber SequenceNumber(4968) in stream Some(kinesis-source)"),
      sdkError("InvalidArgumentException", "StartingSequenceNumber 4968 used in GetShardIterator on shard shardId-000000000000 in stream kinesis-source is invalid because it did not come from this stream."),
    ]) {
      const out = explainKinesisError(e, conn, "kinesis-source", "subscribing to shardId-000000000000") as Error;
      expect(out.message).toMatch(/^The checkpoint points at a position stream 'kinesis-source' does not have \(.*\) while subscribing to shardId-000000000000: its records are gone\. Start the query with a new checkpointLocation/);
      expect(out.message).not.toContain("not found in");
      expect(out.cause).toBe(e);
    }
  });

  it("a missing stream is still 'Stream not found'", () => {
    const out = explainKinesisError(sdkError("ResourceNotFoundException", "Stream kinesis-source under account 000000000000 not found."), conn, "kinesis-source", "listing shards") as Error;
    expect(out.message).toContain("Stream 'kinesis-source' not found in endpoint http://127.0.0.1:4567");
  });
});
