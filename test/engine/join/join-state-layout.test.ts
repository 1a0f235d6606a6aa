/**
 * The checkpoint layout of a stream-stream join's state: Spark's four stores per operator
 * (`state/<op>/0/{left,right}-{keyToNumValues,keyWithIndexToValue}/<version>.snapshot`), a checkpoint written
 * with the earlier single-store layout (`state/<op>/0/<version>.snapshot` holding both sides) still restores,
 * and stores that disagree fail with a clear error.
 */
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import "../../../src/connector/register";
import { MemoryStream } from "../../../src/connector/memory/memory-stream";
import type { DataFrame } from "../../../src/engine/api/data-frame";
import { encodeState } from "../../../src/engine/checkpoint/state-codec";
import { SparkSession } from "../../../src/engine/session";
import { AddData, CheckNewAnswer, ExpectFailure, Execute, StartStream, StopStream, streamingSession, testStream } from "../../helpers/stream-test";

const spark = streamingSession(new SparkSession());
const STORES = ["left-keyToNumValues", "left-keyWithIndexToValue", "right-keyToNumValues", "right-keyWithIndexToValue"];

function streams(): { imp: MemoryStream; clk: MemoryStream; joined: DataFrame } {
  const imp = new MemoryStream("adId INT, page STRING", spark);
  const clk = new MemoryStream("adId INT, user STRING", spark);
  const impressions = imp.toDF() as DataFrame;
  const clicks = clk.toDF() as DataFrame;
  return { imp, clk, joined: impressions.join(clicks, impressions.col("adId").equalTo(clicks.col("adId"))).select("page", "user") };
}

async function readStore(dir: string, store: string, version: number): Promise<unknown> {
  const text = await fs.readFile(path.join(dir, "state", "0", "0", store, `${version}.snapshot`), "utf8");
  return JSON.parse(text.slice(text.indexOf("\n") + 1));
}

describe("stream-stream join state in Spark's four stores", () => {
  it("writes left/right keyToNumValues and keyWithIndexToValue per version", async () => {
    const dir = await fs.mkdtemp(path.join(tmpdir(), "tspark-joinstores-"));
    const { imp, clk, joined } = streams();
    await testStream(
      joined,
      "append",
      StartStream({ checkpointLocation: dir }),
      AddData(imp, [1, "home"], [1, "news"]),
      CheckNewAnswer(),
      AddData(clk, [2, "ann"]),
      CheckNewAnswer(),
      StopStream(),
    );
    expect((await fs.readdir(path.join(dir, "state", "0", "0"))).sort()).toEqual(STORES);
    const versions = (await fs.readdir(path.join(dir, "state", "0", "0", "left-keyToNumValues"))).filter((f) => /^\d+\.snapshot$/.test(f));
    const last = Math.max(...versions.map((f) => Number.parseInt(f, 10)));
    // two impressions under one key; one click under another
    expect(await readStore(dir, "left-keyToNumValues", last)).toHaveLength(1);
    expect((await readStore(dir, "left-keyToNumValues", last)) as unknown[][]).toEqual([[expect.any(String), 2]]);
    expect(await readStore(dir, "left-keyWithIndexToValue", last)).toHaveLength(2);
    expect(await readStore(dir, "right-keyWithIndexToValue", last)).toHaveLength(1);
  });

  it("restores a checkpoint written with both sides in one store (the earlier layout) and moves on to the four stores", async () => {
    const dir = await fs.mkdtemp(path.join(tmpdir(), "tspark-joinlegacy-"));
    const { imp, clk, joined } = streams();
    await testStream(
      joined,
      "append",
      StartStream({ checkpointLocation: dir }),
      AddData(imp, [1, "home"]),
      CheckNewAnswer(),
      StopStream(),
      Execute(async () => {
        // rewrite the state as the earlier layout: state/0/0/<version>.snapshot with both sides, no store directories
        const base = path.join(dir, "state", "0", "0");
        for (const store of STORES) await fs.rm(path.join(base, store), { recursive: true });
        const legacy = { left: [[1, "home"]], right: [], leftMatched: [false], rightMatched: [] };
        await fs.writeFile(path.join(base, "1.snapshot"), `v1\n${JSON.stringify(encodeState(legacy))}`);
      }, "rewrite the state in the single-store layout"),
      AddData(clk, [1, "ann"]),
      StartStream(),
      CheckNewAnswer(["home", "ann"]),
      StopStream(),
    );
    expect((await fs.readdir(path.join(dir, "state", "0", "0"))).filter((n) => !n.endsWith(".snapshot")).sort()).toEqual(STORES);
  });

  it("fails with a clear error when a side's two stores disagree", async () => {
    const dir = await fs.mkdtemp(path.join(tmpdir(), "tspark-jointorn-"));
    const { imp, joined } = streams();
    await testStream(
      joined,
      "append",
      StartStream({ checkpointLocation: dir }),
      AddData(imp, [1, "home"]),
      CheckNewAnswer(),
      StopStream(),
      Execute(async () => {
        const file = path.join(dir, "state", "0", "0", "left-keyToNumValues", "1.snapshot");
        const text = await fs.readFile(file, "utf8");
        await fs.writeFile(file, text.replace(/,1\]\]$/, ",3]]"));
        // drop its checksum sidecar too: the store's own check would refuse the edit first
        await fs.rm(path.join(path.dirname(file), ".1.snapshot.sha256"));
      }, "corrupt left-keyToNumValues"),
      StartStream(),
      ExpectFailure((err) => {
        const cause = (err as { cause?: unknown }).cause;
        expect(String(cause instanceof Error ? cause.message : err.message)).toMatch(
          /left state: keyToNumValues counts 3 rows but keyWithIndexToValue holds 1; the join state is inconsistent/,
        );
      }),
    );
  });
});
