/**
 * The CheckpointStore contract (src/engine/checkpoint/checkpoint-store.ts) on local files, S3 (s3rver) and
 * DynamoDB (dynalite): the same cases, so a checkpoint behaves the same wherever it lives.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDBCheckpointStore } from "../../../src/connector/checkpoint/dynamodb-store";
import { S3CheckpointStore } from "../../../src/connector/checkpoint/s3-store";
import { createDynamoDBClientFor, createS3ClientFor } from "../../../src/connector/checkpoint/store-clients";
import type { CheckpointStore } from "../../../src/engine/checkpoint/checkpoint-store";
import { ChecksummedStore } from "../../../src/engine/checkpoint/checksummed-store";
import { LocalFileStore } from "../../../src/engine/checkpoint/local-file-store";
import { type S3ConditionalProxy, startS3ConditionalProxy } from "../../helpers/s3-conditional-proxy";
import { createBucket, type StoreServices, startStoreServices, uniqueName } from "./services";

let services: StoreServices;
/** s3rver with S3's conditional writes (test/helpers/s3-conditional-proxy.ts), for the racing-writer case. */
let conditionalS3: S3ConditionalProxy;
const tempDirs: string[] = [];

beforeAll(async () => {
  services = await startStoreServices();
  conditionalS3 = await startS3ConditionalProxy(services.s3.endpoint!);
});
afterAll(async () => {
  await conditionalS3?.close();
  await services?.stop();
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

const FAST_RETRY = { numRetries: 2, intervalMs: 10, maxIntervalMs: 50 };

type Kind = "local" | "s3" | "dynamodb";

/** The store as a query uses it: wrapped in the checksum layer (every write-once file gets a .sha256 sidecar). */
let checksummed = false;

async function newStore(kind: Kind): Promise<CheckpointStore> {
  const store = await newRawStore(kind);
  return checksummed ? new ChecksummedStore(store) : store;
}

async function newRawStore(kind: Kind): Promise<CheckpointStore> {
  if (kind === "local") {
    const dir = mkdtempSync(path.join(tmpdir(), "tspark-cp-"));
    tempDirs.push(dir);
    return new LocalFileStore(path.join(dir, "q"));
  }
  if (kind === "s3") {
    const bucket = await createBucket(services.s3);
    return new S3CheckpointStore(`s3://${bucket}/queries/q1`, createS3ClientFor(services.s3), FAST_RETRY, false);
  }
  return DynamoDBCheckpointStore.open(
    `dynamodb://${uniqueName("cp")}/queries/q1`,
    createDynamoDBClientFor(services.dynamodb),
    FAST_RETRY,
  );
}

describe.each<[Kind, boolean]>([
  ["local", false],
  ["s3", false],
  ["dynamodb", false],
  ["local", true],
  ["s3", true],
  ["dynamodb", true],
])("CheckpointStore contract on %s (checksums: %s)", (kind, withChecksums) => {
  beforeAll(() => {
    checksummed = withChecksums;
  });

  it("putIfAbsent writes once and refuses a later writer without changing the content", async () => {
    const store = await newStore(kind);
    expect(await store.get("offsets/0")).toBeNull();
    expect(await store.putIfAbsent("offsets/0", "v1\n{\"a\":1}")).toBe(true);
    expect(await store.putIfAbsent("offsets/0", "second writer")).toBe(false);
    expect(await store.get("offsets/0")).toBe("v1\n{\"a\":1}");
  });

  it("put replaces; get of a missing file or a directory is null", async () => {
    const store = await newStore(kind);
    await store.put("metadata", "one");
    await store.put("metadata", "two ünïcødé ✓");
    expect(await store.get("metadata")).toBe("two ünïcødé ✓");
    await store.put("sources/0/x", "y");
    expect(await store.get("nothing/here")).toBeNull();
    expect(await store.get("sources")).toBeNull();
  });

  it("list shows the direct children (files and sub-directories), sorted; a missing directory is empty", async () => {
    const store = await newStore(kind);
    for (const p of ["offsets/10", "offsets/2", "offsets/1", "commits/1", "metadata", "sources/0/shard-source/1/s"]) {
      expect(await store.putIfAbsent(p, p)).toBe(true);
    }
    expect(await store.list("")).toEqual(["commits", "metadata", "offsets", "sources"]);
    expect(await store.list("offsets")).toEqual(["1", "10", "2"]);
    expect(await store.list("sources/0")).toEqual(["shard-source"]);
    expect(await store.list("missing")).toEqual([]);
  });

  it("delete removes a file, or a directory with everything below it", async () => {
    const store = await newStore(kind);
    for (const p of ["state/0/1/a", "state/0/1/b", "state/0/2/a", "state/1/1/a", "commits/0"]) await store.put(p, p);
    await store.delete("commits/0");
    expect(await store.get("commits/0")).toBeNull();
    expect(await store.list("commits")).toEqual([]);
    await store.delete("state/0");
    expect(await store.list("state")).toEqual(["1"]);
    expect(await store.get("state/0/1/a")).toBeNull();
    expect(await store.get("state/1/1/a")).toBe("state/1/1/a");
    await store.delete("does/not/exist");
    // A deleted path can be written again with putIfAbsent (purged log entries are re-creatable).
    expect(await store.putIfAbsent("state/0/1/a", "again")).toBe(true);
  });

  it("round-trips a large file (DynamoDB splits it over several items)", async () => {
    const store = await newStore(kind);
    const big = "é".repeat(400_000) + "end"; // 800 KB of UTF-8, multi-byte characters across chunk borders
    expect(await store.putIfAbsent("state/0/5.snapshot", big)).toBe(true);
    expect(await store.get("state/0/5.snapshot")).toBe(big);
    await store.put("state/0/5.snapshot", "small now");
    expect(await store.get("state/0/5.snapshot")).toBe("small now");
    expect(await store.list("state/0")).toEqual(["5.snapshot"]);
  });

  it("rejects paths that leave the location", async () => {
    const store = await newStore(kind);
    await expect(store.put("../other/x", "x")).rejects.toThrow(/escapes/);
  });

  // On S3 through the conditional-write proxy: s3rver alone ignores If-None-Match (see the S3 test below).
  it("of racing putIfAbsent writers, exactly one wins", async () => {
    const store =
      kind === "s3"
        ? new S3CheckpointStore(
            `s3://${await createBucket(services.s3)}/q`,
            createS3ClientFor({ ...services.s3, endpoint: conditionalS3.url }),
            FAST_RETRY,
            false,
          )
        : await newStore(kind);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.putIfAbsent("offsets/7", `writer ${i}`)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect(await store.get("offsets/7")).toBe(`writer ${winner}`);
  });
});

describe("locations without a prefix", () => {
  it("use the root of the bucket or table", async () => {
    const bucket = await createBucket(services.s3);
    const s3 = new S3CheckpointStore(`s3://${bucket}`, createS3ClientFor(services.s3), FAST_RETRY, false);
    const ddb = await DynamoDBCheckpointStore.open(`dynamodb://${uniqueName("cp")}`, createDynamoDBClientFor(services.dynamodb), FAST_RETRY);
    for (const store of [s3, ddb]) {
      expect(await store.putIfAbsent("offsets/0", "a")).toBe(true);
      expect(await store.putIfAbsent("metadata", "m")).toBe(true);
      expect(await store.list("")).toEqual(["metadata", "offsets"]);
      expect(await store.get("offsets/0")).toBe("a");
      await expect(store.put("", "x")).rejects.toThrow(/names the root/);
    }
  });
});

describe("S3 put-if-absent on s3rver", () => {
  // s3rver ignores If-None-Match (local-aws.md trap 6): racing writers can both "win" there; real S3 answers 412
  // to all but one. The HEAD pre-check still refuses any writer that comes after the first one finished.
  it("a later writer is refused even though s3rver ignores If-None-Match", async () => {
    const bucket = await createBucket(services.s3);
    const a = new S3CheckpointStore(`s3://${bucket}/cp`, createS3ClientFor(services.s3), FAST_RETRY, false);
    const b = new S3CheckpointStore(`s3://${bucket}/cp`, createS3ClientFor(services.s3), FAST_RETRY, false);
    expect(await a.putIfAbsent("offsets/0", "query A")).toBe(true);
    expect(await b.putIfAbsent("offsets/0", "query B")).toBe(false);
    expect(await b.get("offsets/0")).toBe("query A");
  });
});
