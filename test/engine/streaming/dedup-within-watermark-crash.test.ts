import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { crashChild, sinkRows } from "../../helpers/crash-child";

const SCRIPT = path.join(__dirname, "fixtures", "crash-dedup-within-watermark.ts");

const runChild = crashChild(SCRIPT);

const allRows = sinkRows;

describe("dropDuplicatesWithinWatermark killed with kill -9", () => {
  it("a batch re-run after kill -9 starts from the state the no-data batch left (the key it forgot is new again)", async () => {
    const uncrashedCp = await fs.mkdtemp(path.join(tmpdir(), "tspark-ddww-"));
    const uncrashedOut = await fs.mkdtemp(path.join(tmpdir(), "tspark-ddww-out-"));
    const clean = runChild(uncrashedCp, uncrashedOut, 3);
    expect(clean.status, clean.stderr).toBe(0);
    const expected = await allRows(uncrashedOut);
    expect(expected).toEqual([
      ["a", 10],
      ["b", 30],
      ["a", 26],
    ]);

    // batches: 0 (a 10 s), 1 no-data (watermark 5 s), 2 (a 12 s dropped, b 30 s), 3 no-data (watermark 25 s:
    // a forgotten), 4 (a 26 s new again). Killed after batch 4's offsets: the restart re-runs it on the state
    // batch 3 left, in which a is gone, so a is emitted as in the uncrashed run.
    const dir = await fs.mkdtemp(path.join(tmpdir(), "tspark-ddww-"));
    const out = await fs.mkdtemp(path.join(tmpdir(), "tspark-ddww-out-"));
    const killed = runChild(dir, out, 3, "afterOffsetLog:4");
    expect(killed.signal, killed.stderr).toBe("SIGKILL");
    const restarted = runChild(dir, out, 3, undefined, "upfront");
    expect(restarted.status, restarted.stderr).toBe(0);
    expect(await allRows(out)).toEqual(expected);
    for (const d of [uncrashedCp, uncrashedOut, dir, out]) await fs.rm(d, { recursive: true, force: true });

  }, 150_000);

  it("a batch re-run after kill -9 still drops a duplicate within the watermark", async () => {
    // Killed after batch 2's offsets: the re-run remembers a (from batch 0), so ("a", 12 s) stays dropped.
    // (Whether ("a", 26 s) is emitted then depends on whether a no-data batch runs before it, as in Spark,
    // which also evicts at the end of a batch: after the restart all input is there at once, so it is not.)
    const dir2 = await fs.mkdtemp(path.join(tmpdir(), "tspark-ddww-"));
    const out2 = await fs.mkdtemp(path.join(tmpdir(), "tspark-ddww-out-"));
    const killed2 = runChild(dir2, out2, 3, "afterOffsetLog:2");
    expect(killed2.signal, killed2.stderr).toBe("SIGKILL");
    const restarted2 = runChild(dir2, out2, 3, undefined, "upfront");
    expect(restarted2.status, restarted2.stderr).toBe(0);
    const rows2 = await allRows(out2);
    expect(rows2.slice(0, 2)).toEqual([
      ["a", 10],
      ["b", 30],
    ]);
    expect(rows2).not.toContainEqual(["a", 12]);
    for (const d of [dir2, out2]) await fs.rm(d, { recursive: true, force: true });
  }, 150_000);
});
