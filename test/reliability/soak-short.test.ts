/**
 * Short versions of `npm run soak` (scripts/soak): random SIGKILLs of a query process with restarts on the same
 * checkpoints, ~10% wire faults on every Kinesis call, and split/merge/UpdateShardCount under load. The long runs
 * (kills aimed at every crash point on three checkpoint stores, minutes of faults) are `npm run soak`; these prove
 * the same promises in a few minutes.
 */
import { describe, expect, it } from "vitest";
import { faultSoak } from "../../scripts/soak/fault-soak";
import { killSoak } from "../../scripts/soak/kill-soak";
import { reshardSoak } from "../../scripts/soak/reshard-soak";
import { testConnection } from "../helpers/aws";

const log = () => {};

describe("reliability (short soak)", () => {
  it("kills between two PutRecords requests of a batch and before the sink's ledger entry: both sinks hold every record exactly once", async () => {
    const r = await killSoak(testConnection("kinesalite"), {
      kills: 3,
      recordsPerKill: 30,
      seed: 11,
      log,
      points: ["sinkBetweenPutRecords", "sinkBeforeLedger"],
    });
    expect(r.aimed.sinkBetweenPutRecords!.fired).toBeGreaterThanOrEqual(1);
    expect(r.aimed.sinkBeforeLedger!.fired).toBeGreaterThanOrEqual(1);
    expect(r.sinkRecoveries.batches).toBeGreaterThanOrEqual(2);
    expect(r.fileSink).toMatchObject({ lost: 0, duplicated: 0 });
    expect(r.kinesisSink).toMatchObject({ lost: 0, duplicated: 0 });
    expect(r.outOfOrder).toBe(0);
  }, 300_000);

  it("about 10% injected faults on every API: nothing lost or repeated, the query keeps running", async () => {
    const r = await faultSoak(testConnection("kinesalite"), { seconds: 12, seed: 5, ratePerSec: 40, log });
    expect(r.put).toBeGreaterThan(0);
    expect(Object.values(r.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(r).toMatchObject({ lost: 0, duplicated: 0, stillRunning: true });
  }, 180_000);

  it("split, merge and UpdateShardCount under load: exactly once, per-key order kept (parent before child)", async () => {
    const r = await reshardSoak(testConnection("kinesis-local"), { rounds: 1, ratePerSec: 30, log });
    expect(r.reshards).toHaveLength(3);
    expect(r).toMatchObject({ lost: 0, duplicated: 0, outOfOrder: 0 });
  }, 180_000);
});
