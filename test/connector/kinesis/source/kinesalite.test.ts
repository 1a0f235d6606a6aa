import { afterAll, describe, expect, it } from "vitest";
import { createKinesisSource } from "../../../../src/connector/kinesis/provider";
import { createStream, deleteCreatedStreams, numbered, put, SourceDriver, testClient, text } from "./fixture";

// The optional second backend (`--kinesis-backend kinesalite`): polling only, MillisBehindLatest always 0.
const endpoint = process.env.TSPARK_TEST_KINESALITE_ENDPOINT;
const client = endpoint ? testClient(endpoint) : undefined;
afterAll(async () => {
  await deleteCreatedStreams();
  client?.destroy();
});

describe.skipIf(!endpoint)("aws-kinesis source on kinesalite", () => {
  it("reads TRIM_HORIZON and resumes after a restart without loss or repeat", async () => {
    const c = client!;
    const stream = await createStream(c, 2);
    await put(c, stream, numbered(0, 30));
    const o = new Map(
      Object.entries({
        "kinesis.endpointUrl": endpoint!,
        "kinesis.streamName": stream,
        "kinesis.awsAccessKeyId": "a",
        "kinesis.awsSecretKey": "b",
        "kinesis.startingPosition": "TRIM_HORIZON",
        "kinesis.maxFetchRecordsPerShard": "6",
      }),
    );
    const d = new SourceDriver(await createKinesisSource(o));
    await d.step();
    await d.step({ commit: false });
    await d.restart(() => createKinesisSource(o));
    await put(c, stream, numbered(30, 40));
    const rows = await d.runUntil((r) => r.length >= 40);
    expect(rows.map(text).sort()).toEqual(numbered(0, 40).map((r) => r.data).sort());
    await d.source.stop();
  });
});
