import { ListShardsCommand, SplitShardCommand } from "@aws-sdk/client-kinesis";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createStream, deleteCreatedStreams, kinesisEndpoint, numbered, put, testClient, waitActive } from "../../connector/kinesis/source/fixture";
import { haveChromium, uiInBrowser, warnIfNoChromium } from "./chromium";

/**
 * The query page of a real aws-kinesis query on the embedded Kinesis, in headless Chromium: the per-shard lag
 * and the shard lineage follow the progress records, and a shard split through the SDK shows as a parent that
 * finished and two children that name it (the lineage Kinesis itself reports).
 */
warnIfNoChromium();

interface ShardOffset {
  iteratorType: string;
  parents: string;
  closed: string;
}
interface Record {
  batchId: number;
  sources: { numInputRows: number; metrics: { [k: string]: string }; endOffset: { [shard: string]: ShardOffset } }[];
}
interface Query {
  runId: string;
  recentProgress: Record[];
  stop(): Promise<void>;
}
interface ShownShard {
  id: string;
  state: string;
  parents: string;
  children: string;
  lag: string;
}

/** What the page shows, read in one go so it all comes from one render (one record). */
const READ_PAGE = `(() => {
  const cell = (tr, c) => tr.querySelector(c)?.textContent ?? "";
  return {
    batch: Number(document.querySelector("#chart-input-rows").dataset.batch),
    rows: Number(document.querySelector('#sources tr[data-metric="numInputRows"] td')?.textContent),
    shards: [...document.querySelectorAll("#sources tr[data-shard]")].map((tr) => ({
      id: tr.dataset.shard, state: cell(tr, ".shard-state"), parents: cell(tr, ".shard-parents"),
      children: cell(tr, ".shard-children"), lag: cell(tr, ".shard-lag"),
    })),
  };
})()`;

/** The shard rows a progress record calls for: its end offset's shards, their lineage and per-shard lag. */
function expectedShards(r: Record): ShownShard[] {
  const source = r.sources[0]!;
  const entries = Object.entries(source.endOffset).filter(([k]) => k !== "metadata");
  const parentsOf = new Map(entries.map(([id, e]) => [id, e.parents === "" ? [] : e.parents.split(",")]));
  return entries.map(([id, e]) => ({
    id,
    state: e.iteratorType === "SHARD_END" ? "finished" : e.closed === "true" ? "closed" : "open",
    parents: parentsOf.get(id)!.join(", "),
    children: [...parentsOf].filter(([, ps]) => ps.includes(id)).map(([c]) => c).join(", "),
    lag: source.metrics[`msBehindLatest.${id}`] ?? "-",
  }));
}

describe.skipIf(!haveChromium)("the query page of an aws-kinesis query in headless Chromium", () => {
  const browser = uiInBrowser("tspark-chromium-kinesis-");
  const { session, profile } = browser;
  const client = testClient();

  afterAll(async () => {
    await deleteCreatedStreams();
    client.destroy();
  });

  it("shows per-shard lag and lineage as the progress records give them, through a shard split", async () => {
    const stream = await createStream(client, 2, "ui");
    await put(client, stream, numbered(0, 20));
    const q: Query = await session.readStream
      .format("aws-kinesis")
      .option("kinesis.endpointUrl", kinesisEndpoint())
      .option("kinesis.awsAccessKeyId", "AKIDTEST")
      .option("kinesis.awsSecretKey", "test-secret")
      .option("kinesis.streamName", stream)
      .option("kinesis.startingPosition", "TRIM_HORIZON")
      .option("kinesis.describeShardInterval", "0s")
      .load()
      .selectExpr("CAST(data AS STRING) AS data")
      .writeStream.format("memory")
      .queryName("browser_kinesis")
      .option("checkpointLocation", join(profile, "ck"))
      .trigger({ processingTime: "200 milliseconds" })
      .start();

    await browser.page.goto(`${browser.ui.url}/StreamingQuery/statistics?id=${q.runId}`);
    await browser.page.waitForFunction(`document.querySelectorAll("#sources tr[data-shard]").length === 2`);

    // Split the first shard through the SDK, then write records that land in its children.
    const before = (await client.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? [];
    const parent = before[0]!;
    const range = parent.HashKeyRange!;
    const mid = ((BigInt(range.StartingHashKey!) + BigInt(range.EndingHashKey!)) / 2n).toString();
    await client.send(new SplitShardCommand({ StreamName: stream, ShardToSplit: parent.ShardId, NewStartingHashKey: mid }));
    await waitActive(client, stream);
    const children = ((await client.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? [])
      .filter((s) => s.ParentShardId === parent.ShardId)
      .map((s) => s.ShardId!)
      .sort();
    expect(children).toHaveLength(2);
    await put(client, stream, numbered(20, 60, 16));

    // Live, no reload: the page comes to show the parent finished (read to its end) and both children under it.
    const row = (id: string) => `#sources tr[data-shard="${id}"]`;
    await browser.page.waitForFunction(
      `(() => {
        const p = document.querySelector(${JSON.stringify(row(parent.ShardId!))});
        return p?.querySelector(".shard-state")?.textContent === "finished" &&
          ${JSON.stringify(children)}.every((c) => document.querySelector('#sources tr[data-shard="' + c + '"] .shard-parents')?.textContent === ${JSON.stringify(parent.ShardId)});
      })()`,
      undefined,
      { timeout: 60_000 },
    );

    // Every shard row, lag included, is the record's: find the record the page draws and compare.
    const shown = (await browser.page.evaluate(READ_PAGE)) as { batch: number; rows: number; shards: ShownShard[] };
    const record = q.recentProgress.find((r) => r.batchId === shown.batch);
    expect(record, `batch ${shown.batch} is in recentProgress`).toBeDefined();
    expect(shown.rows).toBe(record!.sources[0]!.numInputRows);
    const byId = (a: ShownShard, b: ShownShard) => (a.id < b.id ? -1 : 1);
    expect([...shown.shards].sort(byId)).toEqual(expectedShards(record!).sort(byId));
    // The lineage on the page is the one Kinesis reports: the parent lists exactly the split's children.
    expect(shown.shards.find((s) => s.id === parent.ShardId)!.children.split(", ").sort()).toEqual(children);
    // Each shard that has a reader shows its MillisBehindLatest (a number of ms, as the metric holds it).
    for (const c of children) expect(shown.shards.find((s) => s.id === c)!.lag).toMatch(/^\d+$/);

    await browser.screenshot("ui-kinesis.png");
    // the source's part alone, for docs/ui.md
    await browser.screenshot("ui-kinesis-shards.png", '#sources .source[data-source="0"]');
    await q.stop();
  }, 120_000);
});
