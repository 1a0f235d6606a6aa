import { describe, expect, it } from "vitest";
import { regionFromEndpoint, resolveConnection } from "../../../../src/connector/kinesis/connection";
import { aggregate, deaggregate, isAggregated } from "../../../../src/connector/kinesis/kpl/aggregate";
import { KinesisOptions, parseTimeString } from "../../../../src/connector/kinesis/options";
import {
  afterRecord,
  parseOffset,
  parseStartingPosition,
  serializeOffset,
  shardEnd,
  TRIM_HORIZON,
} from "../../../../src/connector/kinesis/positions";
import { reachedTip } from "../../../../src/connector/kinesis/polling-fetcher";
import { backoffDelay, isRetryable, withRetry } from "../../../../src/connector/kinesis/retry";
import { lineageDepths, outputOrder, readableShards } from "../../../../src/connector/kinesis/shard-tracker";
import { kinesisSourceProvider } from "../../../../src/connector/kinesis/provider";
import { parseSourceOptions } from "../../../../src/connector/kinesis/source-options";

const base = { "kinesis.streamName": "s", "kinesis.endpointUrl": "https://kinesis.us-east-2.amazonaws.com" };
const parse = (o: Record<string, string>) => parseSourceOptions(new Map(Object.entries({ ...base, ...o })));

describe("source options", () => {
  it("uses the connector's defaults", () => {
    const o = parse({});
    expect(o.consumerType).toBe("GetRecords");
    expect(o.startingPosition).toEqual({ kind: "LATEST" });
    expect(o.failOnDataLoss).toBe(false);
    expect(o.maxFetchRecordsPerShard).toBe(100_000);
    expect(o.maxFetchTimePerShardMs).toBeUndefined();
    expect(o.describeShardIntervalMs).toBe(1000);
    expect(o.retry).toMatchObject({ numRetries: 5, baseMs: 1000, maxMs: 10_000 });
    expect(o.recordsPerFetch).toBe(10_000);
    expect(o.fetchIntervalMs).toBe(200);
    expect(o.subscribeTimeoutMs).toBe(60_000);
  });

  it("reads keys case-insensitively and trims values", () => {
    const o = parse({ "KINESIS.CONSUMERTYPE": " subscribetoshard ", "Kinesis.ConsumerName": "app", "kinesis.describeShardInterval": "250ms" });
    expect(o.consumerType).toBe("SubscribeToShard");
    expect(o.consumerName).toBe("app");
    expect(o.describeShardIntervalMs).toBe(250);
  });

  it("rejects bad values with messages that name the option and the fix", () => {
    expect(() => parseSourceOptions(new Map([["kinesis.endpointUrl", "http://x"]]))).toThrow("kinesis.streamName is not specified");
    expect(() => parse({ "kinesis.consumerType": "push" })).toThrow("use GetRecords or SubscribeToShard");
    expect(() => parse({ "kinesis.consumerType": "SubscribeToShard" })).toThrow("kinesis.consumerName must be specified");
    expect(() => parse({ "kinesis.maxFetchRecordsPerShard": "0" })).toThrow("positive integer");
    expect(() => parse({ "kinesis.maxFetchTimePerShardSec": "soon" })).toThrow("must be a positive integer (seconds) or a duration such as 30s");
    expect(() => parse({ "kinesis.failOnDataLoss": "yes" })).toThrow("true or false");
    expect(() => parse({ "kinesis.metadataCommitterType": "S3" })).toThrow("Unsupported committer type S3");
    expect(() => parse({ "kinesis.streamName": "arn:aws:kinesis:us-east-1:1:stream/orders" })).toThrow("is not a Kinesis stream ARN");
  });

  it("takes a stream ARN as kinesis.streamName (connector #12) and '30s' as maxFetchTimePerShardSec (#50)", () => {
    expect(parse({ "kinesis.streamName": "arn:aws:kinesis:eu-west-1:123456789012:stream/orders" }).streamName).toBe("orders");
    expect(parse({ "kinesis.maxFetchTimePerShardSec": "30s" }).maxFetchTimePerShardMs).toBe(30_000);
    expect(parse({ "kinesis.maxFetchTimePerShardSec": "12" }).maxFetchTimePerShardMs).toBe(12_000);
  });

  it("raises the engine's IllegalArgumentException", async () => {
    const { IllegalArgumentException } = await import("../../../../src/engine/errors");
    let caught: unknown;
    try {
      parse({ "kinesis.failOnDataLoss": "maybe" });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(IllegalArgumentException);
    expect((caught as Error).name).toBe("IllegalArgumentException");
  });

  it("suggests the intended key for a misspelled kinesis.* option", () => {
    expect(() => parse({ "kinesis.startingPositon": "LATEST" })).toThrow("kinesis.startingPositon (did you mean kinesis.startingPosition?)");
    expect(() => parse({ "kinesis.zzz": "1" })).toThrow("Unknown aws-kinesis source option: kinesis.zzz.");
  });

  it("rejects a placeholder left in a value", () => {
    expect(() => parse({ "kinesis.region": "<aws-region>" })).not.toThrow(); // parseSourceOptions does not read region
    const o = new KinesisOptions(new Map([["kinesis.region", "<aws-region>"]]));
    expect(() => resolveConnection(o, undefined)).toThrow("Option kinesis.region still contains the placeholder '<aws-region>': replace it");
  });

  it("parses Spark time strings", () => {
    expect(parseTimeString("1s")).toBe(1000);
    expect(parseTimeString("500ms")).toBe(500);
    expect(parseTimeString("2 minutes")).toBe(120_000);
    expect(parseTimeString("250")).toBe(250);
    expect(parseTimeString("1 fortnight")).toBeUndefined();
  });
});

describe("connection", () => {
  it("takes the region from an AWS endpoint", () => {
    expect(regionFromEndpoint("https://kinesis.us-east-2.amazonaws.com")).toBe("us-east-2");
    expect(regionFromEndpoint("https://vpce-1.kinesis.eu-west-1.vpce.amazonaws.com")).toBe("eu-west-1");
    expect(regionFromEndpoint("http://localhost:4566")).toBeUndefined();
    const c = resolveConnection(new KinesisOptions({ "kinesis.endpointUrl": "https://kinesis.ap-south-1.amazonaws.com" }), undefined);
    expect(c.region).toBe("ap-south-1");
    expect(resolveConnection(new KinesisOptions({ ...base, "kinesis.kinesisRegion": "us-east-2" }), undefined).region).toBe("us-east-2");
    const emulator = { "kinesis.streamName": "s", "kinesis.endpointUrl": "http://kinesis.test.internal:4567" };
    expect(resolveConnection(new KinesisOptions({ ...emulator, "kinesis.kinesisRegion": "eu-north-1" }), undefined).region).toBe("eu-north-1");
  });

  it("signs for the endpoint's region as the connector's Kinesis client does (#20.7), refusing a contradicting kinesisRegion", () => {
    // kinesis.region is the connector's application region (its DynamoDB table); the Kinesis client takes the endpoint's.
    const c = resolveConnection(new KinesisOptions({ ...base, "kinesis.region": "eu-west-1" }), undefined);
    expect(c.region).toBe("us-east-2");
    expect(() => resolveConnection(new KinesisOptions({ ...base, "kinesis.kinesisRegion": "eu-north-1" }), undefined)).toThrow(
      "kinesis.kinesisRegion 'eu-north-1' contradicts kinesis.endpointUrl 'https://kinesis.us-east-2.amazonaws.com' (region us-east-2)",
    );
    // With no endpoint the region picks the public endpoint; a stream ARN supplies it when nothing else does.
    const arn = resolveConnection(new KinesisOptions({ "kinesis.streamName": "arn:aws:kinesis:ap-east-1:123456789012:stream/orders" }), undefined);
    expect(arn.region).toBe("ap-east-1");
  });

  it("uses the embedded local Kinesis when no endpoint is given, and never shows secrets", () => {
    const local = { kinesisEndpoint: "http://127.0.0.1:4568", region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "y" }, local: true };
    const c = resolveConnection(new KinesisOptions({ "kinesis.streamName": "s" }), local);
    expect(c.endpoint).toBe("http://127.0.0.1:4568");
    expect(c.local).toBe(true);
    expect(c.describe).toContain("embedded local Kinesis");
    const withKeys = resolveConnection(new KinesisOptions({ ...base, "kinesis.awsAccessKeyId": "AKID", "kinesis.awsSecretKey": "SECRET" }), undefined);
    expect(withKeys.describe).not.toContain("SECRET");
    // On AWS (shell started with --aws): the default's region and credentials, the SDK's regional endpoint.
    const aws = resolveConnection(new KinesisOptions({ "kinesis.streamName": "s" }), { region: "eu-west-3", local: false });
    expect(aws.endpoint).toBeUndefined();
    expect(aws.region).toBe("eu-west-3");
    expect(aws.local).toBe(false);
    expect(() => resolveConnection(new KinesisOptions({ ...base, "kinesis.awsAccessKeyId": "AKID" }), undefined)).toThrow("must be set together");
    expect(() => resolveConnection(new KinesisOptions({ ...base, "kinesis.stsRoleArn": "arn:aws:iam::1:role/r" }), undefined)).toThrow(
      "kinesis.stsRoleArn and kinesis.stsSessionName must be set together",
    );
  });
});

describe("local mode serves AWS endpoints with the embedded Kinesis", () => {
  const local = { kinesisEndpoint: "http://127.0.0.1:4568", region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "y" }, local: true };
  const resolve = (o: Record<string, string>, def: typeof local | { region: string; local: boolean } | undefined = local) =>
    resolveConnection(new KinesisOptions({ "kinesis.streamName": "kinesis-source", ...o }), def);

  it("the blog's options, placeholders included or filled in, go to the embedded Kinesis and say so", () => {
    for (const [region, endpoint] of [
      ["<aws-region>", "https://kinesis.<aws-region>.amazonaws.com"],
      ["us-east-1", "https://kinesis.us-east-1.amazonaws.com"],
      ["eu-west-1", "https://kinesis.eu-west-1.amazonaws.com"],
    ]) {
      const c = resolve({ "kinesis.region": region!, "kinesis.endpointUrl": endpoint! });
      expect(c).toMatchObject({ endpoint: "http://127.0.0.1:4568", region: "us-east-1", local: true, servedLocally: endpoint });
      expect(c.credentials).toEqual(local.credentials);
    }
    // Only a region (no endpoint): the embedded Kinesis answers in its own region, where its streams are.
    expect(resolve({ "kinesis.region": "<aws-region>" })).toMatchObject({ endpoint: "http://127.0.0.1:4568", servedLocally: "region <aws-region>" });
    expect(resolve({ "kinesis.region": "us-east-1" }).servedLocally).toBeUndefined();
  });

  it("a loopback endpoint (the user's own emulator) is used as given", () => {
    const c = resolve({ "kinesis.endpointUrl": "http://localhost:4567" });
    expect(c).toMatchObject({ endpoint: "http://localhost:4567", local: true });
    expect(c.servedLocally).toBeUndefined();
  });

  it("on AWS (--aws) the endpoint is used, and a placeholder left in is an error naming it", () => {
    const aws = { region: "eu-west-3", local: false };
    expect(resolve({ "kinesis.endpointUrl": "https://kinesis.us-east-1.amazonaws.com" }, aws)).toMatchObject({
      endpoint: "https://kinesis.us-east-1.amazonaws.com",
      region: "us-east-1",
      local: false,
    });
    expect(() => resolve({ "kinesis.endpointUrl": "https://kinesis.<aws-region>.amazonaws.com" }, aws)).toThrow(
      "Option kinesis.endpointUrl still contains the placeholder '<aws-region>': replace it with a real value.",
    );
  });

  it("prints its one line once per endpoint, through the session's output", async () => {
    const { announceServedLocally } = await import("../../../../src/connector/kinesis/local-notice");
    const printed: string[] = [];
    const session = { print: (t: string) => void printed.push(t) };
    const c = resolve({ "kinesis.endpointUrl": "https://kinesis.ap-east-1.amazonaws.com" });
    announceServedLocally(c, session);
    announceServedLocally(c, session);
    announceServedLocally(resolve({}), session);
    expect(printed).toEqual([
      "local mode: https://kinesis.ap-east-1.amazonaws.com is served by the embedded Kinesis; start with --aws to use AWS",
    ]);
  });
});

describe("positions", () => {
  it("parses every starting position", () => {
    expect(parseStartingPosition("latest")).toEqual({ kind: "LATEST" });
    expect(parseStartingPosition("EARLIEST")).toEqual({ kind: "TRIM_HORIZON" });
    expect(parseStartingPosition("AT_TIMESTAMP 2023-08-30T19:00:05Z")).toEqual({ kind: "AT_TIMESTAMP", ms: Date.parse("2023-08-30T19:00:05Z") });
    expect(parseStartingPosition("AT_TIMESTAMP 2023-08-30T19:00:05.250-08:00")).toEqual({
      kind: "AT_TIMESTAMP",
      ms: Date.parse("2023-08-31T03:00:05.250Z"),
    });
    expect(() => parseStartingPosition("AT_TIMESTAMP 2023-02-30T00:00:00Z")).toThrow("ISO-8601");
    expect(() => parseStartingPosition("AT_TIMESTAMP yesterday")).toThrow("AT_TIMESTAMP 2023-08-30T19:00:05Z");
    const json = parseStartingPosition('{"shardId-000000000001":{"iteratorType":"AFTER_SEQUENCE_NUMBER","iteratorPosition":"495"}}');
    expect(json.kind).toBe("PER_SHARD");
    expect(() => parseStartingPosition('{"s":{"iteratorType":"AT_SEQUENCE_NUMBER"}}')).toThrow("needs a sequence number");
    expect(() => parseStartingPosition("NEWEST")).toThrow("use LATEST, TRIM_HORIZON");
  });

  it("round-trips the offset JSON in the connector's shape", () => {
    const shards = new Map([
      ["shardId-000000000000", { position: shardEnd("100"), parents: [], closed: true }],
      ["shardId-000000000002", { position: afterRecord("205", 3, false), parents: ["shardId-000000000000"], closed: false, start: TRIM_HORIZON }],
    ]);
    const text = serializeOffset({ streamName: "s", batchId: 7, shards });
    const obj = JSON.parse(text);
    expect(obj.metadata).toEqual({ streamName: "s", batchId: "7" });
    expect(obj["shardId-000000000002"]).toMatchObject({ iteratorType: "AFTER_SEQUENCE_NUMBER", iteratorPosition: "205", subSequenceNumber: "3", isLast: "false" });
    const back = parseOffset(text);
    expect(back.batchId).toBe(7);
    expect(back.shards.get("shardId-000000000002")).toEqual(shards.get("shardId-000000000002"));
    expect(serializeOffset(back)).toBe(text);
    expect(() => parseOffset('{"x":1}')).toThrow("metadata block is missing");
  });
});

describe("shard lineage", () => {
  const e = (type: "SHARD_END" | "TRIM_HORIZON", parents: string[] = []) => ({
    position: type === "SHARD_END" ? shardEnd("1") : TRIM_HORIZON,
    parents,
    closed: type === "SHARD_END",
  });
  it("reads a child only after all its parents ended", () => {
    const split = new Map([
      ["p", e("TRIM_HORIZON")],
      ["c1", e("TRIM_HORIZON", ["p"])],
      ["c2", e("TRIM_HORIZON", ["p"])],
    ]);
    expect(readableShards(split)).toEqual(["p"]);
    split.set("p", e("SHARD_END"));
    expect(readableShards(split)).toEqual(["c1", "c2"]);
    const merge = new Map([
      ["a", e("SHARD_END")],
      ["b", e("TRIM_HORIZON")],
      ["m", e("TRIM_HORIZON", ["a", "b"])],
    ]);
    expect(readableShards(merge)).toEqual(["b"]);
    // A parent that expired (not tracked any more) does not block.
    expect(readableShards(new Map([["orphan", e("TRIM_HORIZON", ["gone"])]]))).toEqual(["orphan"]);
  });

  it("orders output parents first", () => {
    const m = new Map([
      ["shardId-3", { parents: ["shardId-1", "shardId-2"] }],
      ["shardId-1", { parents: ["shardId-0"] }],
      ["shardId-0", { parents: [] }],
      ["shardId-2", { parents: ["shardId-0"] }],
    ]);
    expect(outputOrder(m)).toEqual(["shardId-0", "shardId-1", "shardId-2", "shardId-3"]);
    expect(lineageDepths(m).get("shardId-3")).toBe(2);
  });
});

describe("KPL aggregation", () => {
  it("round-trips user records with partition and explicit hash keys", () => {
    const users = [
      { partitionKey: "a", data: Buffer.from("one") },
      { partitionKey: "b", explicitHashKey: "123", data: Buffer.from("two") },
      { partitionKey: "a", data: new Uint8Array(300).fill(7) },
    ];
    const agg = aggregate(users);
    expect([...agg.subarray(0, 4)]).toEqual([0xf3, 0x89, 0x9a, 0xc2]);
    expect(isAggregated(agg)).toBe(true);
    const back = deaggregate(agg)!;
    expect(back.map((u) => u.partitionKey)).toEqual(["a", "b", "a"]);
    expect(back[1].explicitHashKey).toBe("123");
    expect(Buffer.from(back[2].data).equals(Buffer.from(users[2].data))).toBe(true);
  });

  it("treats a corrupt aggregate (bad MD5) or plain data as one ordinary record", () => {
    const agg = Buffer.from(aggregate([{ partitionKey: "a", data: Buffer.from("x") }]));
    agg[agg.length - 1] ^= 0xff;
    expect(deaggregate(agg)).toBeNull();
    expect(deaggregate(Buffer.from("plain json"))).toBeNull();
  });
});

describe("retry", () => {
  it("backs off with full jitter, capped, and gives up with the connector's message", async () => {
    const policy = { numRetries: 3, baseMs: 100, maxMs: 250, random: () => 0.999, sleep: async () => {} };
    expect(backoffDelay(policy, 0)).toBe(99);
    expect(backoffDelay(policy, 5)).toBe(249);
    expect(isRetryable({ name: "ProvisionedThroughputExceededException" })).toBe(true);
    expect(isRetryable({ name: "X", $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isRetryable({ name: "Error", code: "ECONNRESET" })).toBe(true);
    expect(isRetryable({ name: "ValidationException", $metadata: { httpStatusCode: 400 } })).toBe(false);
    let calls = 0;
    const err = Object.assign(new Error("Rate exceeded"), { name: "LimitExceededException" });
    await expect(
      withRetry(policy, "listing shards", async () => {
        calls++;
        throw err;
      }),
    ).rejects.toThrow("Gave up after 3 retries while listing shards: LimitExceededException: Rate exceeded");
    expect(calls).toBe(4);
  });
});

describe("provider", () => {
  it("has the connector's columns plus shardId, and validates options at load()", () => {
    const schema = kinesisSourceProvider.sourceSchema(new Map());
    expect(schema.simpleString()).toBe(
      "struct<data:binary,streamName:string,partitionKey:string,sequenceNumber:string,approximateArrivalTimestamp:timestamp,shardId:string>",
    );
    expect(kinesisSourceProvider.name).toBe("aws-kinesis");
    expect(() => kinesisSourceProvider.validateOptions?.(new Map([["kinesis.streamName", "s"], ["kinesis.region", "<aws-region>"]]))).toThrow(
      "placeholder '<aws-region>'",
    );
  });
});

describe("GetRecords tip detection", () => {
  const recs = (n: number, size: number) => Array.from({ length: n }, (_, i) => ({ SequenceNumber: String(i), Data: new Uint8Array(size), PartitionKey: "k" }));
  it("is the tip only when caught up and short of the record limit and the size cap", () => {
    expect(reachedTip(recs(3, 10), 0, 10)).toBe(true);
    expect(reachedTip([], 0, 10)).toBe(true);
    expect(reachedTip(recs(10, 10), 0, 10)).toBe(false); // full: kinesalite answers 0 even with records left
    expect(reachedTip(recs(3, 10), 500, 10)).toBe(false);
    expect(reachedTip(recs(3, 10), undefined, 10)).toBe(false);
    // kinesis-local cuts a response at ~10 MB and still answers MillisBehindLatest 0
    expect(reachedTip(recs(2551, 4000), 0, 10_000)).toBe(false);
  });
});
