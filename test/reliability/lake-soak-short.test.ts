/**
 * Short version of the lake soak (`npm run soak -- lake`, scripts/soak/lake-soak.ts): a Kinesis -> Parquet file sink
 * query process SIGKILLed after a batch's part files but before its `_spark_metadata` entry, after the entry but
 * before the commit log, and at a random moment, restarted each time; `spark.read.parquet` of the sink then holds
 * every record put on the stream exactly once, and the killed batch's orphan files are on disk but not read.
 */
import { describe, expect, it } from "vitest";
import { lakeSoak } from "../../scripts/soak/lake-soak";
import { testConnection } from "../helpers/aws";

describe("reliability (short lake soak)", () => {
  it("kinesis -> parquet sink, kill -9 around the _spark_metadata commit and at random: 0 lost, 0 duplicated", async () => {
    const r = await lakeSoak(testConnection("kinesalite"), {
      sink: "local",
      kills: 3,
      recordsPerKill: 40,
      seed: 7,
      log: () => {},
      points: ["fileSinkBeforeLog", "fileSinkAfterLog"],
    });
    expect(r.aimed.fileSinkBeforeLog!.fired).toBe(1);
    expect(r.aimed.fileSinkAfterLog!.fired).toBe(1);
    expect(r.randomKills).toBe(1);
    expect(r.orphanFiles).toBeGreaterThan(0);
    expect(r).toMatchObject({ put: 120, rows: 120, lost: 0, duplicated: 0 });
    expect(Object.keys(r.perDay).sort()).toEqual(["2026-12-04", "2026-12-05", "2026-12-06"]);
  }, 300_000);
});
