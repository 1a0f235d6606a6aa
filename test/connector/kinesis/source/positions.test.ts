import { ListShardsCommand } from "@aws-sdk/client-kinesis";
import { afterAll, describe, expect, it } from "vitest";
import { createKinesisSource } from "../../../../src/connector/kinesis/provider";
import { createStream, numbered, put, SourceDriver, testClient, text, deleteCreatedStreams, sourceOptions } from "./fixture";

const client = testClient();
afterAll(async () => {
  await deleteCreatedStreams();
  client.destroy();
});

const CONSUMERS = ["GetRecords", "SubscribeToShard"] as const;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function options(stream: string, consumer: string, extra: Record<string, string> = {}) {
  return sourceOptions(stream, extra, consumer);
}

const sorted = (xs: string[]) => [...xs].sort();

describe.each(CONSUMERS)("starting positions with %s", (consumer) => {
  it("LATEST reads only records put after the query started", async () => {
    const stream = await createStream(client, 2);
    await put(client, stream, numbered(0, 10));
    await sleep(20);
    const d = new SourceDriver(await createKinesisSource(options(stream, consumer)));
    await d.step(); // batch 0 pins the positions
    await put(client, stream, numbered(10, 20));
    await d.runUntil((r) => r.length >= 10);
    await sleep(300);
    await d.step();
    expect(sorted(d.allRows().map(text))).toEqual(sorted(numbered(10, 20).map((r) => r.data)));
    await d.source.stop();
  });

  it("TRIM_HORIZON and EARLIEST read from the oldest record", async () => {
    const stream = await createStream(client, 2);
    await put(client, stream, numbered(0, 12));
    for (const pos of ["TRIM_HORIZON", "earliest"]) {
      const d = new SourceDriver(await createKinesisSource(options(stream, consumer, { "kinesis.startingPosition": pos })));
      const rows = await d.runUntil((r) => r.length >= 12);
      expect(sorted(rows.map(text))).toEqual(sorted(numbered(0, 12).map((r) => r.data)));
      await d.source.stop();
    }
  });

  it("AT_TIMESTAMP starts at the first record that arrived at or after the instant", async () => {
    const stream = await createStream(client, 1);
    await put(client, stream, numbered(0, 5));
    await sleep(1100);
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 + 1000);
    await sleep(at.getTime() - Date.now() + 50);
    await put(client, stream, numbered(5, 10));
    const iso = at.toISOString().replace(/\.\d+Z$/, "Z");
    const d = new SourceDriver(await createKinesisSource(options(stream, consumer, { "kinesis.startingPosition": `AT_TIMESTAMP ${iso}` })));
    const rows = await d.runUntil((r) => r.length >= 5);
    expect(sorted(rows.map(text))).toEqual(sorted(numbered(5, 10).map((r) => r.data)));
    await d.source.stop();
  });

  it("per-shard JSON starts AT or AFTER a sequence number", async () => {
    const stream = await createStream(client, 1);
    await put(client, stream, numbered(0, 6));
    const first = new SourceDriver(await createKinesisSource(options(stream, "GetRecords", { "kinesis.startingPosition": "TRIM_HORIZON" })));
    const all = await first.runUntil((r) => r.length >= 6);
    await first.source.stop();
    const shard = String(all[0][5]);
    const seq3 = String(all[3][3]);
    for (const [type, expected] of [["AT_SEQUENCE_NUMBER", ["r-3", "r-4", "r-5"]], ["AFTER_SEQUENCE_NUMBER", ["r-4", "r-5"]]] as const) {
      const json = JSON.stringify({ [shard]: { iteratorType: type, iteratorPosition: seq3 } });
      const d = new SourceDriver(await createKinesisSource(options(stream, consumer, { "kinesis.startingPosition": json })));
      const rows = await d.runUntil((r) => r.length >= expected.length);
      expect(rows.map(text)).toEqual(expected);
      await d.source.stop();
    }
    const shards = await client.send(new ListShardsCommand({ StreamName: stream }));
    expect(shards.Shards?.length).toBe(1);
  });
});
